// The worker's dispatcher (issue 17): every few seconds, one send job per delivery the outbox
// holds that has no job yet. pg-boss runs the jobs with retries and exponential backoff
// (registry.ts); the delivery row records each attempt for the admin's delivery log.
import type pg from "pg";

const BATCH = 200;

export async function dispatchPendingDeliveries(pool: pg.Pool, enqueue: (name: string, payload: object, opts?: { id?: string }) => Promise<unknown>): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // SKIP LOCKED: two workers dispatch disjoint rows; marking queued in the same transaction
    // means a crash before COMMIT leaves the rows for the next tick.
    const { rows } = await client.query<{ id: string }>(
      `SELECT id::text FROM notification_deliveries WHERE status = 'pending' AND queued_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
    );
    for (const r of rows) await enqueue("notify", { deliveryId: r.id });
    if (rows.length) await client.query(`UPDATE notification_deliveries SET queued_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    await client.query("COMMIT");
    return rows.length;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
