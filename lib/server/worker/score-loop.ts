// The worker's continuous scoring: pass after pass while work is waiting, a short sleep when idle,
// so an event is scored (and alerted) a second or two after it is stored. Stops between batches:
// a batch is one transaction, so stopping never leaves half of one behind.
import type pg from "pg";
import type { Logger } from "@/lib/server/log";
import { scorePass } from "@/lib/server/scoring/score-pass";

const IDLE_MS = 1_000;
const ERROR_PAUSE_MS = 5_000;

export interface ScoreStats {
  scored: number;
  batches: number;
  alertsCreated: number;
  errors: number;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

export async function runScoreLoop(pool: pg.Pool, batchSize: number, log: Logger, signal: AbortSignal, stats: ScoreStats): Promise<void> {
  while (!signal.aborted) {
    try {
      const pass = await scorePass(pool, batchSize, log);
      stats.scored += pass.scored;
      stats.batches += pass.batches.filter((b) => b.scored > 0).length;
      stats.alertsCreated += pass.alertsCreated;
      if (pass.scored > 0) log.info("scored", { modelVersionId: pass.modelVersionId, scored: pass.scored, alertsCreated: pass.alertsCreated, total: stats.scored });
      if (!pass.hasMore) await sleep(IDLE_MS, signal);
    } catch (e) {
      stats.errors++;
      log.error("scoring pass failed", { error: e });
      await sleep(ERROR_PAUSE_MS, signal);
    }
  }
}
