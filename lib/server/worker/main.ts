// The background worker process (`npm run worker`; `npm start` runs one beside the web app): the
// job queue (poll, retrain, retention, on-demand score), the scheduler that enqueues their slots,
// and the continuous scoring loop. It announces itself with a heartbeat row (`settings` key
// `worker:<host>:<pid>`, with its counters) and stops cleanly on SIGTERM: the current scoring
// batch finishes (or rolls back as one transaction), running jobs are told to stop.
import os from "node:os";
import pg from "pg";
import { getEnv } from "@/lib/env";
import { createPrisma } from "@/lib/server/db/client";
import { createLogger } from "@/lib/server/log";
import { createBoss, enqueueJob, ensureQueues, workJobs } from "@/lib/server/jobs/boss";
import { scheduleDueJobs } from "@/lib/server/jobs/scheduler";
import { dispatchPendingDeliveries } from "@/lib/server/notifications/dispatch";
import { runScoreLoop, type ScoreStats } from "./score-loop";

const HEARTBEAT_MS = 15_000;
const SCHEDULE_MS = 30_000;
/** New-alert notifications leave within seconds of the alert's commit (issue 17). */
const NOTIFY_DISPATCH_MS = 3_000;
const STOP_TIMEOUT_MS = 30_000;

export async function runWorker(url: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const env = getEnv();
  const id = `${os.hostname()}:${process.pid}`;
  const log = createLogger({ component: "worker", worker: id }, env.LOG_LEVEL);
  const prisma = createPrisma(url, { max: 4 });
  const pool = new pg.Pool({ connectionString: url, max: 6, application_name: "trailwatch-worker" });
  pool.on("error", (e) => log.warn("idle database connection failed", { error: e }));
  const stats: ScoreStats = { scored: 0, batches: 0, alertsCreated: 0, errors: 0 };
  const beat = async () => {
    const value = { id, pid: process.pid, host: os.hostname(), at: new Date().toISOString(), stats: { ...stats } };
    await prisma.setting.upsert({ where: { key: `worker:${id}` }, create: { key: `worker:${id}`, value }, update: { value } });
  };

  const abort = new AbortController();
  const stopped = new Promise<void>((resolve) => {
    const stop = (why: string) => {
      if (abort.signal.aborted) return;
      log.info("worker stopping", { why });
      abort.abort();
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
    if (opts.signal?.aborted) stop("abort");
    opts.signal?.addEventListener("abort", () => stop("abort"));
  });

  const boss = createBoss(url);
  boss.on("error", (e) => log.error("job queue error", { error: e }));
  await boss.start();
  await ensureQueues(boss, pool);
  const enqueue = (name: string, payload: object, o?: { id?: string; startAfterSeconds?: number }) => enqueueJob(boss, name, payload, o);
  await workJobs(boss, { pool, prisma, log, signal: abort.signal, enqueue });
  await beat();
  log.info("worker started", { scoreBatch: env.TRAILWATCH_SCORE_BATCH });

  const schedule = () => scheduleDueJobs(boss, pool).catch((e: unknown) => log.warn("scheduling failed", { error: e }));
  void schedule();
  const timers = [
    setInterval(() => beat().catch((e: unknown) => log.warn("heartbeat failed", { error: e })), HEARTBEAT_MS),
    setInterval(() => void schedule(), SCHEDULE_MS),
    setInterval(() => void dispatchPendingDeliveries(pool, enqueue).catch((e: unknown) => log.warn("notification dispatch failed", { error: e })), NOTIFY_DISPATCH_MS),
  ];
  const loop = runScoreLoop(pool, env.TRAILWATCH_SCORE_BATCH, log, abort.signal, stats);

  await stopped;
  timers.forEach(clearInterval);
  await loop;
  await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS }).catch((e: unknown) => log.warn("job queue stop failed", { error: e }));
  await prisma.setting.delete({ where: { key: `worker:${id}` } }).catch(() => undefined);
  log.info("worker stopped", { ...stats });
  await prisma.$disconnect();
  await pool.end();
}
