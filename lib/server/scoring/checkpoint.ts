// Per-shard scoring checkpoints: "every visible event of this shard with id ≤ checkpoint is scored
// by this model version". Kept in `settings` and written in the scoring transaction, so a
// checkpoint never runs ahead of committed scores.
//
// Event ids come from a sequence, so a slow ingest transaction can commit an id *below* one that is
// already visible. The checkpoint therefore trails the head by HORIZON_SECONDS of ingestion and the
// batch query re-checks that trailing window with an anti-join on scores (cheap: seconds of events).
import type pg from "pg";

export const HORIZON_SECONDS = 15;
/** principal_id % SHARDS picks the shard: a principal's events are scored in order by one worker at a time. */
export const SHARDS = 4;

export const checkpointKey = (versionId: number, shard: number) => `scoring:v${versionId}:shard:${shard}`;

export async function readCheckpoint(db: pg.PoolClient, versionId: number, shard: number): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT value->>'eventId' AS id FROM settings WHERE key = $1`, [checkpointKey(versionId, shard)]);
  return rows[0]?.id ?? "0";
}

/**
 * Advances past events that are scored (or skipped) and old enough that no slower transaction can
 * still commit below them. `ceiling`: the last id of a full batch (unscored events may follow it).
 */
export async function advanceCheckpoint(db: pg.PoolClient, versionId: number, shard: number, from: string, ceiling: string | null): Promise<string> {
  const { rows } = await db.query<{ id: string | null }>(
    `SELECT max(id)::text AS id FROM events WHERE id > $1 AND ($2::bigint IS NULL OR id <= $2) AND ingested_at < now() - make_interval(secs => $3)`,
    [from, ceiling, HORIZON_SECONDS],
  );
  const next = rows[0]?.id;
  if (!next) return from;
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [checkpointKey(versionId, shard), JSON.stringify({ eventId: next })],
  );
  return next;
}
