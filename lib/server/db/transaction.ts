import type pg from "pg";

export interface TransactionOptions {
  /** Longest any one statement may run (statement_timeout, for this transaction only): a batch stuck behind a lock fails instead of hanging. */
  statementTimeoutMs?: number;
}

/**
 * Runs `fn` in one transaction on a connection of `pool`: committed when it returns, rolled back
 * when it throws. A connection that cannot even roll back is discarded, not returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const timeout = opts.statementTimeoutMs;
    // One round trip: BEGIN and the local setting together (simple protocol, no parameters).
    await client.query(timeout === undefined ? "BEGIN" : `BEGIN; SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeout))}`);
    try {
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
