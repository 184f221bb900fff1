// The pipeline benchmark (`trailwatch bench pipeline`, issue 6), measured with real worker
// processes on a fresh database: (1) a backlog of unscored events cleared end to end (read
// context, score, write scores, alerts and state), (2) steady ingestion through storeEvents at a
// fixed rate with attack bursts mixed in, timing stored → scored and stored → alert.
import crypto from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import type { MlEvent } from "@/ml/types";
import { createPrisma, type TPrisma } from "@/lib/server/db/client";
import { migrate } from "@/lib/server/db/migrate";
import { retrainHandler } from "@/lib/server/jobs/handlers/retrain";
import { spawnWorker, waitUntil, type WorkerProcess } from "@/lib/server/worker/test-process";
import { attackBurst, storeSynthetic } from "./synthetic-load";
import { ATTACK_ACTIONS, silentJobContext } from "./test-world";

export interface PipelineBenchOptions {
  serverUrl: string;
  events: number;
  trainEvents: number;
  rate: number;
  seconds: number;
  workers: number;
  batch: number;
  keep: boolean;
  log: (line: string) => void;
}

const COHORT = { principals: 40, eventsPerPrincipal: 500 };

/** Synthetic cohorts of 20,000 events each, principals renamed per cohort so they stay distinct. */
function* cohorts(total: number, startMs: number, salt: string): Generator<MlEvent[]> {
  const size = COHORT.principals * COHORT.eventsPerPrincipal;
  for (let c = 0; c * size < total; c++) {
    const events = generateSyntheticEvents({ ...COHORT, actions: 400, accounts: 3, seed: 1000 + c, startMs });
    yield events.slice(0, Math.min(size, total - c * size)).map((e) => ({ ...e, principalKey: `${e.principalKey}-c${c}`, eventId: `${salt}${c}-${e.eventId}` }));
  }
}

function percentile(xs: number[], q: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2));
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function peakRssMb(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

export async function benchPipeline(o: PipelineBenchOptions): Promise<Record<string, unknown>> {
  const name = `tw_bench_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: o.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(o.serverUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const workers: WorkerProcess[] = [];
  let prisma: TPrisma | null = null;
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on("error", () => undefined);
  try {
    await migrate(url);
    prisma = createPrisma(url, { max: 4 });
    const t0 = Date.now();
    let stored = 0;
    for (const chunk of cohorts(o.events, Date.now() - 30 * 86_400_000, "b")) {
      stored += (await storeSynthetic(prisma, chunk)).length;
      o.log(`setup: ${stored.toLocaleString("en-US")} events stored`);
    }
    const setupSeconds = (Date.now() - t0) / 1000;
    const t1 = Date.now();
    await retrainHandler({ reason: "manual", epochs: 2, maxEvents: o.trainEvents }, silentJobContext(pool, prisma));
    const trainSeconds = (Date.now() - t1) / 1000;
    o.log(`setup: first model trained on ${o.trainEvents.toLocaleString("en-US")} events in ${trainSeconds.toFixed(0)} s`);

    // (1) Backlog: every stored event is unscored for the new version.
    const count = async (sql: string, params: unknown[] = []) => Number((await pool.query<{ n: string }>(sql, params)).rows[0].n);
    for (let i = 0; i < o.workers; i++) workers.push(spawnWorker(url, { TRAILWATCH_SCORE_BATCH: String(o.batch) }));
    await Promise.all(workers.map((w) => w.waitForLog((l) => l.msg === "worker started")));
    let firstAt = 0;
    await waitUntil(async () => {
      const n = await count(`SELECT count(*) AS n FROM scores`);
      if (n > 0 && !firstAt) firstAt = Date.now();
      return n >= stored;
    }, 3 * 3_600_000, "the backlog to clear");
    const backlogSeconds = (Date.now() - firstAt) / 1000;
    // Worker CPU (model, JS, driver) for the backlog: a figure less at the mercy of other load on a shared machine.
    const backlogWorkerCpu = workers.reduce((sum, w) => sum + cpuSeconds(w.child.pid), 0);
    o.log(`backlog: ${stored.toLocaleString("en-US")} events in ${backlogSeconds.toFixed(1)} s`);

    // (2) Steady ingestion at o.rate events/s, an attack burst every 5 s.
    const scoreWait = new Map<string, number>();
    const alertWait = new Map<string, number>();
    const scoreLatency: number[] = [];
    const alertLatency: number[] = [];
    const observe = async () => {
      const now = Date.now();
      if (scoreWait.size > 0) {
        const { rows } = await pool.query<{ id: string }>(`SELECT event_id::text AS id FROM scores WHERE event_id = ANY($1::bigint[])`, [[...scoreWait.keys()]]);
        for (const r of rows) {
          scoreLatency.push((now - scoreWait.get(r.id)!) / 1000);
          scoreWait.delete(r.id);
        }
      }
      if (alertWait.size > 0) {
        const { rows } = await pool.query<{ id: string }>(`SELECT event_id::text AS id FROM alert_events WHERE event_id = ANY($1::bigint[])`, [[...alertWait.keys()]]);
        for (const r of rows) {
          alertLatency.push((now - alertWait.get(r.id)!) / 1000);
          alertWait.delete(r.id);
        }
      }
    };
    // One storeEvents transaction per second (what a busy connector commits); observation runs beside it.
    const ticks = o.seconds;
    const perTick = o.rate;
    const source = cohorts(ticks * perTick + 1, Date.now() - 3 * 86_400_000, "l");
    let buffer: MlEvent[] = [];
    let isIngesting = true;
    const observer = (async () => {
      while (isIngesting) {
        await observe();
        await new Promise((res) => setTimeout(res, 250));
      }
    })();
    const t2 = Date.now();
    let ingested = 0;
    for (let tick = 0; tick < ticks; tick++) {
      while (buffer.length < perTick) buffer = buffer.concat(source.next().value ?? []);
      const batch = buffer.splice(0, perTick);
      // An attack burst every 5 s, in the same commit as the routine events around it.
      const attack = tick % 5 === 0 ? attackBurst(batch[0], Number(batch[0].eventTime) + 1000, ATTACK_ACTIONS).map((e) => ({ ...e, eventId: `${e.eventId}-${tick}` })) : [];
      const ids = await storeSynthetic(prisma, [...batch, ...attack]);
      const storedAt = Date.now();
      ingested += ids.length;
      for (const id of ids) scoreWait.set(id, storedAt);
      if (attack.length > 0) {
        const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM events WHERE id = ANY($1::bigint[]) AND provider_event_id LIKE 'attack-%'`, [ids]);
        for (const r of rows) alertWait.set(r.id, storedAt);
      }
      const next = t2 + (tick + 1) * 1000;
      if (next > Date.now()) await new Promise((res) => setTimeout(res, next - Date.now()));
    }
    isIngesting = false;
    await observer;
    const ingestSeconds = (Date.now() - t2) / 1000;
    await waitUntil(async () => {
      await observe();
      return scoreWait.size === 0;
    }, 120_000, "the last ingested events to be scored").catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000));
    await observe();
    workers.forEach((w) => w.child.kill("SIGTERM"));
    const rss = workers.map((w) => peakRssMb(w.child.pid));
    await Promise.all(workers.map((w) => w.exited));
    return {
      p95Seconds: percentile(alertLatency, 0.95),
      p50AlertSeconds: percentile(alertLatency, 0.5),
      alertsObserved: alertLatency.length,
      p95ScoreSeconds: percentile(scoreLatency, 0.95),
      p50ScoreSeconds: percentile(scoreLatency, 0.5),
      eventsScoredDuringIngest: scoreLatency.length,
      unscoredAfterIngest: scoreWait.size,
      ingestEventsPerSecond: Math.round(ingested / ingestSeconds),
      backlogEventsPerSecond: Math.round(stored / backlogSeconds),
      backlogEvents: stored,
      backlogSeconds,
      backlogEventsPerWorkerCpuSecond: Math.round(stored / backlogWorkerCpu),
      setupEvents: stored,
      setupSeconds,
      trainEvents: o.trainEvents,
      trainSeconds,
      workers: o.workers,
      batch: o.batch,
      workerPeakRssMb: rss,
      alerts: await count(`SELECT count(*) AS n FROM alerts`),
    };
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await pool.end();
    await prisma?.$disconnect();
    if (!o.keep) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else o.log(`kept database ${name}`);
    await admin.end();
  }
}
