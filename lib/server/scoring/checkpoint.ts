// Per-shard scoring position, in `settings`, written in the scoring transaction (never ahead of
// committed scores). Two ids:
//  - eventId (the checkpoint): every event of the shard with id ≤ it is scored (or skipped);
//  - scannedTo (the cursor): where the forward scan continues.
// Event ids come from a sequence, so a slower ingest transaction can commit an id *below* one
// already scanned. Such late events lie between the two ids; a periodic re-check of that range
// (score-batch.ts) scores them, and the checkpoint only passes an id X after that re-check and
// when X's ingested_at (its transaction's start) is older than 2 × HORIZON_SECONDS: X was then
// allocated over HORIZON_SECONDS ago, and every smaller id before it, so (ingest transactions
// being shorter than HORIZON_SECONDS) all of them have committed or rolled back.
import type pg from "pg";

export const HORIZON_SECONDS = 15;
/** principal_id % SHARDS picks the shard: a principal's events are scored in order by one worker at a time. */
export const SHARDS = 4;

export const checkpointKey = (versionId: number, shard: number) => `scoring:v${versionId}:shard:${shard}`;

export interface ShardPosition {
  eventId: bigint;
  scannedTo: bigint;
}

export async function readPosition(db: pg.PoolClient, versionId: number, shard: number): Promise<ShardPosition> {
  const { rows } = await db.query<{ id: string | null; scanned: string | null }>(
    `SELECT value->>'eventId' AS id, value->>'scannedTo' AS scanned FROM settings WHERE key = $1`, [checkpointKey(versionId, shard)]);
  const eventId = BigInt(rows[0]?.id ?? "0");
  return { eventId, scannedTo: BigInt(rows[0]?.scanned ?? rows[0]?.id ?? "0") };
}

/** Moves the checkpoint up to `coveredTo` (everything visible up to there is scored), as far as is safe. */
export async function savePosition(db: pg.PoolClient, versionId: number, shard: number, from: ShardPosition, coveredTo: bigint, scannedTo: bigint): Promise<ShardPosition> {
  let eventId = from.eventId;
  if (coveredTo > from.eventId) {
    const { rows } = await db.query<{ id: string | null }>(
      `SELECT max(id)::text AS id FROM events WHERE id > $1 AND id <= $2 AND ingested_at < now() - make_interval(secs => $3)`,
      [from.eventId.toString(), coveredTo.toString(), 2 * HORIZON_SECONDS],
    );
    if (rows[0]?.id) eventId = BigInt(rows[0].id);
  }
  const next = { eventId, scannedTo: scannedTo > eventId ? scannedTo : eventId };
  if (next.eventId === from.eventId && next.scannedTo === from.scannedTo) return next;
  await db.query(
    `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [checkpointKey(versionId, shard), JSON.stringify({ eventId: next.eventId.toString(), scannedTo: next.scannedTo.toString() })],
  );
  return next;
}
