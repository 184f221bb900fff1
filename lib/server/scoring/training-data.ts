// Training sets read from the event store: chronological, never the detector's own events, and
// bounded (fitModel holds its events in memory), keeping the most recent when there are more.
import type pg from "pg";
import type { MlEvent } from "@/ml/types";
import type { FalsePositivePattern } from "@/ml/update";
import { EVENT_COLUMNS, toMlEvent, type EventRow } from "./rows";

export const MIN_FIRST_MODEL_EVENTS = 1_000;
export const MAX_TRAIN_EVENTS = 150_000;

async function readEvents(db: pg.Pool, where: string, params: unknown[], limit: number): Promise<MlEvent[]> {
  const { rows } = await db.query<EventRow>(
    `SELECT * FROM (SELECT ${EVENT_COLUMNS} FROM events e JOIN principals p ON p.id = e.principal_id
       WHERE NOT e.is_own AND NOT p.is_own ${where} ORDER BY e.event_time DESC, e.id DESC LIMIT ${Number(limit)}) r
     ORDER BY event_time, id::bigint`,
    params,
  );
  return rows.map(toMlEvent);
}

/** Whether there is enough data for a first model (stops counting at the minimum). */
export async function hasEnoughForFirstModel(db: pg.Pool): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE NOT is_own LIMIT $1) x`, [MIN_FIRST_MODEL_EVENTS]);
  return rows[0].n >= MIN_FIRST_MODEL_EVENTS;
}

export function readFirstModelEvents(db: pg.Pool, limit = MAX_TRAIN_EVENTS): Promise<MlEvent[]> {
  return readEvents(db, "", [], limit);
}

/**
 * Events since the previous version's training range, for continuous learning: without events of
 * open or confirmed (true positive) alerts — the model must not learn an attack as normal — and
 * with the events analysts closed as false positives, returned as patterns to weight up.
 */
export async function readUpdateEvents(db: pg.Pool, since: Date, limit = MAX_TRAIN_EVENTS): Promise<{ events: MlEvent[]; falsePositives: FalsePositivePattern[] }> {
  const events = await readEvents(
    db,
    `AND e.event_time > $1 AND NOT EXISTS (SELECT 1 FROM alert_events ae JOIN alerts a ON a.id = ae.alert_id
       WHERE ae.event_id = e.id AND (a.status <> 'closed' OR a.close_reason = 'true_positive'))`,
    [since],
    limit,
  );
  const { rows } = await db.query<{ action: string; principal_id: string }>(
    `SELECT DISTINCT action, principal_id::text FROM alerts WHERE status = 'closed' AND close_reason = 'false_positive' AND updated_at > $1`,
    [since],
  );
  return { events, falsePositives: rows.map((r) => ({ action: r.action, principalKey: r.principal_id })) };
}
