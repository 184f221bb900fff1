// pg-boss 10 (its own `pgboss` schema) as the job queue: queues from the registry, payloads
// validated on enqueue and again on dequeue, handlers loaded lazily, each job told to stop when
// the worker shuts down. Scheduled runs use a deterministic job id per slot (slotJobId), so every
// worker may enqueue the same slot and only the first insert counts.
import crypto from "node:crypto";
import PgBoss from "pg-boss";
import type pg from "pg";
import type { JobContext } from "./context";
import { findJob, JOB_LIST, type JobDefinition } from "./registry";

const QUEUE_LOCK = 0x7458;

export function createBoss(url: string): PgBoss {
  // No pg-boss cron (the worker's scheduler enqueues slots itself); polling ≥ 0.5 s per pg-boss 10.
  return new PgBoss({ connectionString: url, max: 4, schedule: false, application_name: "trailwatch-worker" });
}

/** A UUID derived from a name: the same scheduled slot always gets the same job id. */
export function slotJobId(name: string): string {
  const h = crypto.createHash("sha1").update(`trailwatch:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** Creates missing queues. pg-boss's createQueue deadlocks when two workers start together, so
 * the workers take turns under a session advisory lock. */
export async function ensureQueues(boss: PgBoss, pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock($1, 0)`, [QUEUE_LOCK]);
    for (const job of JOB_LIST) {
      if (!(await boss.getQueue(job.name))) await boss.createQueue(job.name, { name: job.name, ...job.queue });
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock($1, 0)`, [QUEUE_LOCK]).catch(() => undefined);
    client.release();
  }
}

export async function enqueueJob(boss: PgBoss, name: string, payload: object, opts: { id?: string; startAfterSeconds?: number } = {}): Promise<string | null> {
  const job = findJob(name);
  if (!job) throw new Error(`unknown job "${name}"`);
  const data = job.schema.parse(payload) as object;
  return boss.send(name, data, { ...(opts.id ? { id: opts.id } : {}), ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}) });
}

/** Registers a handler per job (its `concurrency` times); returns nothing, pg-boss polls from here on. */
export async function workJobs(boss: PgBoss, ctx: Omit<JobContext, "log"> & { log: JobContext["log"] }): Promise<void> {
  for (const job of JOB_LIST) {
    for (let i = 0; i < job.concurrency; i++) {
      await boss.work(job.name, { pollingIntervalSeconds: 2, batchSize: 1 }, async ([j]) => runOne(job, j as PgBoss.Job<object>, ctx));
    }
  }
}

async function runOne(job: JobDefinition, j: PgBoss.Job<object>, ctx: JobContext): Promise<unknown> {
  const log = ctx.log.child({ job: job.name, jobId: j.id });
  const parsed = job.schema.safeParse(j.data);
  if (!parsed.success) {
    log.error("job payload rejected", { issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
    throw new Error(`invalid payload for ${job.name}: ${parsed.error.message}`);
  }
  const started = Date.now();
  log.info("job started");
  try {
    const handler = await job.load();
    const output = await handler(parsed.data, { ...ctx, log });
    log.info("job finished", { seconds: (Date.now() - started) / 1000 });
    return output;
  } catch (e) {
    log.error("job failed", { seconds: (Date.now() - started) / 1000, error: e });
    throw e;
  }
}
