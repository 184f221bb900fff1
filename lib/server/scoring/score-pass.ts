// One pass over the shards: each shard this worker can lock gets one bounded batch. Shards start at
// a per-worker offset so two workers begin on different shards and rarely contend for a lock.
import type pg from "pg";
import type { Logger } from "@/lib/server/log";
import { getActiveModel } from "./model-cache";
import { SHARDS } from "./checkpoint";
import { scoreShardBatch, type BatchResult } from "./score-batch";

export interface PassResult {
  modelVersionId: number | null;
  scored: number;
  alertsCreated: number;
  /** Some shard returned a full batch: more work is waiting. */
  hasMore: boolean;
  batches: BatchResult[];
}

let offset = Math.floor(Math.random() * SHARDS);
const IN_FLIGHT = 2;

export async function scorePass(pool: pg.Pool, batchSize: number, log?: Logger): Promise<PassResult> {
  const model = await getActiveModel(pool, log);
  if (!model) return { modelVersionId: null, scored: 0, alertsCreated: 0, hasMore: false, batches: [] };
  const batches: BatchResult[] = [];
  offset = (offset + 1) % SHARDS;
  const one = async (shard: number) => {
    try {
      batches.push(await scoreShardBatch(pool, model, shard, batchSize, log));
    } catch (e) {
      // One bad batch must not stop the other shards; the failed one is retried on the next pass.
      log?.error("score batch failed", { shard, modelVersionId: model.id, error: e });
    }
  };
  // Two shards in flight: one batch's database round trips overlap the other's model scoring.
  for (let i = 0; i < SHARDS; i += IN_FLIGHT) {
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, SHARDS - i) }, (_, j) => one((offset + i + j) % SHARDS)));
  }
  return {
    modelVersionId: model.id,
    scored: batches.reduce((n, b) => n + b.scored, 0),
    alertsCreated: batches.reduce((n, b) => n + b.alerts.created, 0),
    hasMore: batches.some((b) => b.isFull),
    batches,
  };
}
