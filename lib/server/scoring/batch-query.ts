// The next bounded batch of one shard: unscored, not the detector's own events, in id order.
import type pg from "pg";
import { EVENT_COLUMNS, type EventRow } from "./rows";
import { SHARDS } from "./checkpoint";

export interface BatchRow extends EventRow {
  principal_key: string;
  principal_name: string;
  is_learning: boolean;
  /** The detector's own identity (principals.is_own): stored, never scored. */
  principal_is_own: boolean;
}

/**
 * Ids scanned per query: a bounded window above the checkpoint, so the cost of one batch never
 * grows with the backlog (an open range lets the planner bitmap-scan and sort millions of rows).
 */
export function windowOf(limit: number): number {
  return limit * SHARDS * 2;
}

/**
 * Events of the shard with id in (after, upTo], not scored yet by any version, at most `limit`.
 * Any version, not the active one: a newly promoted version inherits its predecessor's checkpoint,
 * which runs up to 2 × HORIZON_SECONDS behind what was scored, and would otherwise score those
 * events again, though it may have trained on them (found by the end-to-end eval's daily mode).
 * Each event is judged once, by the version active when it arrived, which never trained on it.
 */
export async function selectBatch(db: pg.PoolClient, shard: number, after: string, upTo: string, limit: number): Promise<BatchRow[]> {
  // Materialized so the planner walks the primary key in order and stops at the limit before joining;
  // only the columns scoring needs (never `raw`, the bulk of a row).
  const { rows } = await db.query<BatchRow>(
    `WITH b AS MATERIALIZED (
       SELECT e.id, e.account_id, e.principal_id, e.event_time, e.ingested_at, e.action, e.service, e.outcome, e.error_code,
              e.read_only, e.mfa_used, e.region, e.user_agent_family, e.source_ip, e.user_agent, e.invoked_by
         FROM events e
        WHERE e.id > $1 AND e.id <= $5 AND e.principal_id % $2 = $3 AND NOT e.is_own
          AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.event_id = e.id)
        ORDER BY e.id LIMIT $4)
     SELECT ${EVENT_COLUMNS}, p.key AS principal_key, p.display_name AS principal_name,
            COALESCE(a.learning_until > now(), false) AS is_learning, p.is_own AS principal_is_own
       FROM b e JOIN principals p ON p.id = e.principal_id JOIN cloud_accounts a ON a.id = e.account_id
      ORDER BY e.id`,
    [after, SHARDS, shard, limit, upTo],
  );
  return rows;
}
