// One scoring step of one shard, in one transaction: lock the shard, read its checkpoint, take the
// next bounded batch, score it with each principal's persisted state, write scores, alerts, alert
// links, suppression hits, the new state and the checkpoint, commit. A kill at any point rolls
// the whole step back; the shard lock means two workers never score the same events.
import type pg from "pg";
import { Scorer } from "@/ml/score";
import { sortByTime } from "@/ml/data/windows";
import type { Logger } from "@/lib/server/log";
import type { ActiveModel } from "./model-cache";
import { readPosition, savePosition } from "./checkpoint";
import { selectBatch, windowOf, type BatchRow } from "./batch-query";
import { loadState, saveState } from "./state-store";
import { toMlEvent } from "./rows";
import { explanationOf, usualActionsOf } from "./explain";
import { alertAnomalies, type AlertOutcome } from "./alert-step";
import { applyLoggingEvasionRule } from "@/lib/server/alerting/logging-evasion";
import { applyMfaDowngradeRule } from "@/lib/server/alerting/mfa-downgrade";
import { phaseClock } from "@/ml/phase-clock";

/** Namespace of the shard advisory locks (pg_try_advisory_xact_lock(ns, shard)). */
export const LOCK_NAMESPACE = 0x7457;
/** How often a shard re-checks the range behind its cursor for late-committed events. */
const RECHECK_MS = 5_000;
const lastRecheck = new Map<string, number>();

export interface BatchResult {
  shard: number;
  isLocked: boolean;
  scored: number;
  isFull: boolean;
  alerts: AlertOutcome;
  checkpoint: string;
  /** Milliseconds per phase (select, state, score, write), for the debug log and the benchmark. */
  ms: Record<string, number>;
}

export async function scoreShardBatch(pool: pg.Pool, model: ActiveModel, shard: number, batchSize: number, log?: Logger): Promise<BatchResult> {
  const db = await pool.connect();
  const { ms, lap } = phaseClock();
  const empty: AlertOutcome = { anomalous: 0, created: 0, grouped: 0, suppressed: 0, learning: 0, contextOnly: 0 };
  try {
    await db.query("BEGIN");
    const { rows: lock } = await db.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock($1, $2) AS ok`, [LOCK_NAMESPACE, shard]);
    if (!lock[0].ok) {
      await db.query("ROLLBACK");
      return { shard, isLocked: false, scored: 0, isFull: false, alerts: empty, checkpoint: "", ms };
    }
    const pos = await readPosition(db, model.id, shard);
    const { rows: head } = await db.query<{ id: string | null }>(`SELECT max(id)::text AS id FROM events`);
    const headId = BigInt(head[0].id ?? "0");
    const window = BigInt(windowOf(batchSize));
    // Forward scan from the cursor, bounded so one batch's cost never grows with the backlog.
    const start = pos.scannedTo > pos.eventId ? pos.scannedTo : pos.eventId;
    const forward = await selectBatch(db, shard, start.toString(), (start + window).toString(), batchSize);
    const isForwardLimited = forward.length === batchSize;
    const scannedTo = isForwardLimited ? BigInt(forward[forward.length - 1].id) : start + window < headId ? start + window : headId;
    // Re-check behind the cursor for late commits now and then (and before the checkpoint passes them).
    let recheck: BatchRow[] = [];
    let coveredTo = start > pos.eventId ? pos.eventId : scannedTo;
    const recheckKey = `${model.id}:${shard}`;
    if (!isForwardLimited && start > pos.eventId && Date.now() - (lastRecheck.get(recheckKey) ?? 0) >= RECHECK_MS) {
      lastRecheck.set(recheckKey, Date.now());
      const end = start < pos.eventId + window ? start : pos.eventId + window;
      const room = batchSize - forward.length;
      recheck = await selectBatch(db, shard, pos.eventId.toString(), end.toString(), room);
      coveredTo = recheck.length === room ? BigInt(recheck[recheck.length - 1].id) : end === start ? scannedTo : end;
    }
    const rows = [...recheck, ...forward];
    const isFull = isForwardLimited || start + window < headId || (recheck.length > 0 && rows.length === batchSize);
    lap("select");
    const scorable = rows.filter((r) => !r.principal_is_own);
    let alerts = empty;
    if (scorable.length > 0) {
      const events = sortByTime(scorable.map(toMlEvent));
      // The model's streams (rows.ts sequenceKey): a principal's own, and beside it those of the services acting for it.
      const streams = [...new Set(events.map((e) => e.principalKey))];
      const accountIds = [...new Set(scorable.map((r) => r.account_id))];
      const loaded = await loadState(db, model.id, model.version.spec.window, streams, accountIds);
      lap("loadState");
      const usual = new Map(streams.map((p) => [p, usualActionsOf(loaded.history, p)]));
      const scorer = new Scorer(model.version, loaded.history, { topK: 5, threshold: model.threshold, crossFit: model.crossFit });
      const byId = new Map(scorable.map((r) => [r.id, r]));
      const scored = await scorer.scoreBatch(events);
      // Rules that alert whatever the score: one-call techniques judged against the account or principal.
      applyLoggingEvasionRule(scored);
      await applyMfaDowngradeRule(db, scored, byId);
      const explanations = scored.map((s) => (s.alert ? explanationOf(s, model.threshold, model.id, usual.get(s.principalKey) ?? []) : {}));
      lap("score");
      await db.query(
        `INSERT INTO scores (event_id, model_version_id, score, probability, rank, is_anomalous, explanation)
         SELECT unnest($1::bigint[]), $2, unnest($3::float8[]), unnest($4::float8[]), unnest($5::int[]), unnest($6::bool[]), unnest($7::jsonb[])
         ON CONFLICT DO NOTHING`,
        [scored.map((s) => s.eventId), model.id, scored.map((s) => s.score), scored.map((s) => s.probability), scored.map((s) => s.rank),
          scored.map((s) => s.alert), explanations.map((x) => JSON.stringify(x))],
      );
      lap("writeScores");
      alerts = await alertAnomalies(db, model, scored, explanations, byId);
      lap("alerts");
      await saveState(db, model.id, loaded, scorer.toJSON(), streams);
      lap("saveState");
    }
    const next = await savePosition(db, model.id, shard, pos, coveredTo, scannedTo);
    await db.query("COMMIT");
    lap("commit");
    if (scorable.length > 0) log?.debug("batch scored", { shard, scored: scorable.length, ...alerts, ms });
    return { shard, isLocked: true, scored: scorable.length, isFull, alerts, checkpoint: next.eventId.toString(), ms };
  } catch (e) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    db.release();
  }
}
