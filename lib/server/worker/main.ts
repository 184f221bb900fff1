// The background worker process (`npm run worker`; `npm start` runs one beside the web app).
// It announces itself with a heartbeat row the admin UI reads, and stops cleanly on SIGTERM.
// The job registry (poll, score, alert, retrain, retention) plugs in here (issue 6).
import os from "node:os";
import { getEnv } from "@/lib/env";
import { createPrisma } from "@/lib/server/db/client";
import { createLogger } from "@/lib/server/log";

const HEARTBEAT_MS = 15_000;

export async function runWorker(url: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const env = getEnv();
  const id = `${os.hostname()}:${process.pid}`;
  const log = createLogger({ component: "worker", worker: id }, env.LOG_LEVEL);
  const prisma = createPrisma(url, { max: 4 });
  const beat = async () => {
    const value = { id, pid: process.pid, host: os.hostname(), at: new Date().toISOString() };
    await prisma.setting.upsert({ where: { key: `worker:${id}` }, create: { key: `worker:${id}`, value }, update: { value } });
  };

  const stopped = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (why: string) => {
      if (stopping) return;
      stopping = true;
      log.info("worker stopping", { why });
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
    opts.signal?.addEventListener("abort", () => stop("abort"));
  });

  await beat();
  log.info("worker started");
  const timer = setInterval(() => beat().catch((e: unknown) => log.warn("heartbeat failed", { error: e })), HEARTBEAT_MS);
  await stopped;
  clearInterval(timer);
  await prisma.setting.delete({ where: { key: `worker:${id}` } }).catch(() => undefined);
  await prisma.$disconnect();
  log.info("worker stopped");
}
