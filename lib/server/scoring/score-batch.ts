// One scoring step of one shard, in one transaction: lock the shard, read its checkpoint, take the
// next bounded batch, score it with each principal's persisted state, write scores, alerts, alert
// links, suppression hits, the new state and the checkpoint, commit. A kill at any point rolls
// the whole step back; the shard lock means two workers never score the same events.
import type pg from "pg";
import { Scorer } from "@/ml/score";
import { sortByTime } from "@/ml/data/windows";
import type { Logger } from "@/lib/server/log";
import type { ActiveModel } from "./model-cache";
import { advanceCheckpoint, readCheckpoint } from "./checkpoint";
import { selectBatch } from "./batch-query";
import { loadState, saveState } from "./state-store";
import { toMlEvent } from "./rows";
import { explanationOf, usualActionsOf } from "./explain";
import { alertAnomalies, type AlertOutcome } from "./alert-step";

/** Namespace of the shard advisory locks (pg_try_advisory_xact_lock(ns, shard)). */
const LOCK_NAMESPACE = 0x7457;

export interface BatchResult {
  shard: number;
  isLocked: boolean;
  scored: number;
  isFull: boolean;
  alerts: AlertOutcome;
  checkpoint: string;
}

export async function scoreShardBatch(pool: pg.Pool, model: ActiveModel, shard: number, batchSize: number, log?: Logger): Promise<BatchResult> {
  const db = await pool.connect();
  const empty: AlertOutcome = { anomalous: 0, created: 0, grouped: 0, suppressed: 0, learning: 0 };
  try {
    await db.query("BEGIN");
    const { rows: lock } = await db.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1, $2) AS ok`, [LOCK_NAMESPACE, shard]);
    if (!lock[0].ok) {
      await db.query("ROLLBACK");
      return { shard, isLocked: false, scored: 0, isFull: false, alerts: empty, checkpoint: "" };
    }
    const from = await readCheckpoint(db, model.id, shard);
    const rows = await selectBatch(db, model.id, shard, from, batchSize);
    const isFull = rows.length === batchSize;
    const scorable = rows.filter((r) => !r.principal_is_own);
    let alerts = empty;
    if (scorable.length > 0) {
      const principalIds = [...new Set(scorable.map((r) => r.principal_id))];
      const accountIds = [...new Set(scorable.map((r) => r.account_id))];
      const loaded = await loadState(db, model.id, model.version.spec.window, principalIds, accountIds);
      const usual = new Map(principalIds.map((p) => [p, usualActionsOf(loaded.history, p)]));
      const scorer = new Scorer(model.version, loaded.history, { topK: 5, threshold: model.threshold });
      const byId = new Map(scorable.map((r) => [r.id, r]));
      const events = sortByTime(scorable.map(toMlEvent));
      const scored = await scorer.scoreBatch(events);
      const explanations = scored.map((s) => (s.alert ? explanationOf(s, model.threshold, model.id, usual.get(s.principalKey) ?? []) : {}));
      await db.query(
        `INSERT INTO scores (event_id, model_version_id, score, probability, rank, is_anomalous, explanation)
         SELECT unnest($1::bigint[]), $2, unnest($3::float8[]), unnest($4::float8[]), unnest($5::int[]), unnest($6::bool[]), unnest($7::jsonb[])
         ON CONFLICT DO NOTHING`,
        [scored.map((s) => s.eventId), model.id, scored.map((s) => s.score), scored.map((s) => s.probability), scored.map((s) => s.rank),
          scored.map((s) => s.alert), explanations.map((x) => JSON.stringify(x))],
      );
      alerts = await alertAnomalies(db, model, scored, explanations, byId);
      await saveState(db, model.id, loaded, scorer.toJSON(), principalIds);
    }
    const checkpoint = await advanceCheckpoint(db, model.id, shard, from, isFull ? rows[rows.length - 1].id : null);
    await db.query("COMMIT");
    if (scorable.length > 0) log?.debug("batch scored", { shard, scored: scorable.length, ...alerts });
    return { shard, isLocked: true, scored: scorable.length, isFull, alerts, checkpoint };
  } catch (e) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    db.release();
  }
}
