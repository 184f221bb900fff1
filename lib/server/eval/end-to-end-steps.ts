// The product's own steps as the worker runs them, for the end-to-end evaluation (end-to-end.ts):
// the demo's import, a job context and the retrain job as jobs/boss.ts runs one, the scoring passes
// until the backlog is empty, and the idle passes that let the checkpoints settle.
import crypto from "node:crypto";
import type pg from "pg";
import type { TPrisma } from "@/lib/server/db/client";
import type { GenerateDemoOrgResult } from "@/lib/server/demo/generate";
import { importFiles, type ImportResult } from "@/lib/server/ingest/import-files";
import type { JobContext } from "@/lib/server/jobs/context";
import { JOBS, findJob } from "@/lib/server/jobs/registry";
import type { Logger } from "@/lib/server/log";
import { HORIZON_SECONDS, SHARDS, checkpointKey } from "@/lib/server/scoring/checkpoint";
import { getActiveModelId } from "@/lib/server/scoring/model-cache";
import { scorePass } from "@/lib/server/scoring/score-pass";
import { countUnscoredEvents } from "./end-to-end-metrics";

/** The import the first-start demo runs (demo/seed.ts): the same call and options, then its accounts marked the same way. */
export async function importAsDemo(prisma: TPrisma, paths: string[], generated: GenerateDemoOrgResult): Promise<ImportResult> {
  const result = await importFiles(prisma, paths, { source: "demo" });
  await prisma.cloudAccount.updateMany({
    where: { externalId: { in: generated.accounts.map((a) => a.id) } },
    data: { isDemo: true, status: "active", learningUntil: null, statusMessage: "Demo organisation (simulated). An admin can remove it." },
  });
  return result;
}

/** A job context as worker/main.ts builds it; enqueued jobs are validated and recorded. */
export function jobContext(pool: pg.Pool, prisma: TPrisma, log: Logger, enqueued: Array<{ name: string; payload: object }>): JobContext {
  return {
    pool, prisma, log, signal: new AbortController().signal,
    enqueue: async (name, payload) => {
      const job = findJob(name);
      if (!job) throw new Error(`unknown job "${name}"`);
      enqueued.push({ name, payload: job.schema.parse(payload) as object });
      return null;
    },
  };
}

/** The retrain job as the worker runs one (jobs/boss.ts runOne): payload validated, handler from the registry. */
export async function runRetrainJob(ctx: JobContext, payload: object): Promise<unknown> {
  const job = JOBS.retrain;
  const data = job.schema.parse(payload);
  const handler = await job.load();
  return handler(data, { ...ctx, log: ctx.log.child({ job: job.name, jobId: crypto.randomUUID() }) });
}

const STUCK_MS = 60_000;

/** The worker's scoring passes (worker/score-loop.ts) until no event is left unscored. */
export async function scoreBacklog(pool: pg.Pool, batchSize: number, log: Logger): Promise<{ scored: number; alertsCreated: number }> {
  let scored = 0;
  let alertsCreated = 0;
  let idleSince = 0;
  for (;;) {
    const pass = await scorePass(pool, batchSize, log);
    if (pass.modelVersionId === null) throw new Error("no active model version: nothing can be scored");
    scored += pass.scored;
    alertsCreated += pass.alertsCreated;
    if (pass.hasMore || pass.scored > 0) {
      idleSince = 0;
      continue;
    }
    const left = await countUnscoredEvents(pool);
    if (left === 0) return { scored, alertsCreated };
    // A failed batch is logged by scorePass and retried on the next pass; one that keeps failing stops the run.
    idleSince ||= Date.now();
    if (Date.now() - idleSince > STUCK_MS) throw new Error(`${left} events still unscored after ${STUCK_MS / 1000} s without progress (see the log)`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * The hours between a day's last events and its nightly retrain, as the worker lives them: its idle
 * scoring passes move each shard's checkpoint past events once they are 2 × HORIZON_SECONDS old
 * (scoring/checkpoint.ts). A version promoted before that inherits a checkpoint behind the scored
 * events and re-scores them (score-batch.ts re-checks behind the cursor per version), this time with
 * the model that trained on them, which the product at midnight never does.
 */
export async function settleCheckpoints(pool: pg.Pool, batchSize: number, log: Logger): Promise<void> {
  const deadline = Date.now() + (2 * HORIZON_SECONDS + 60) * 1000;
  const activeId = await getActiveModelId(pool);
  if (activeId === null) return;
  for (;;) {
    await scorePass(pool, batchSize, log);
    const { rows } = await pool.query<{ behind: number }>(
      `SELECT count(*)::int AS behind FROM unnest($1::text[]) AS k(key) LEFT JOIN settings s ON s.key = k.key
        WHERE COALESCE((s.value->>'eventId')::bigint, 0) < (SELECT COALESCE(max(id), 0) FROM events)`,
      [Array.from({ length: SHARDS }, (_, shard) => checkpointKey(activeId, shard))],
    );
    if (rows[0].behind === 0) return;
    if (Date.now() > deadline) throw new Error(`scoring checkpoints still behind the last event after ${2 * HORIZON_SECONDS + 60} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
