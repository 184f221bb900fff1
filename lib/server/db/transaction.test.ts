// inTransaction on a real PostgreSQL: commit, rollback, and a statement past its timeout failing
// without leaving its connection unusable or the setting behind.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { inTransaction } from "./transaction";

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 1 }); // one connection: every call reuses it
  pool.on("error", () => undefined);
  await pool.query("CREATE TABLE t (n int)");
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe("inTransaction", () => {
  it("commits on return and rolls back on throw", async () => {
    expect(await inTransaction(pool, async (c) => (await c.query("INSERT INTO t VALUES (1) RETURNING n")).rows[0].n)).toBe(1);
    await expect(inTransaction(pool, async (c) => {
      await c.query("INSERT INTO t VALUES (2)");
      throw new Error("checkpoint write failed");
    })).rejects.toThrow("checkpoint write failed");
    expect((await pool.query("SELECT array_agg(n) AS ns FROM t")).rows[0].ns).toEqual([1]);
  });

  it("fails a statement past the timeout, rolls back, and leaves the connection without the setting", async () => {
    const slow = inTransaction(pool, async (c) => {
      await c.query("INSERT INTO t VALUES (3)");
      await c.query("SELECT pg_sleep(5)");
    }, { statementTimeoutMs: 200 });
    await expect(slow).rejects.toMatchObject({ code: "57014" }); // query_canceled
    expect((await pool.query("SELECT count(*)::int AS n FROM t WHERE n = 3")).rows[0].n).toBe(0);
    expect((await pool.query("SHOW statement_timeout")).rows[0].statement_timeout).toBe("0");
    expect(await inTransaction(pool, async (c) => (await c.query("SELECT 7 AS n")).rows[0].n, { statementTimeoutMs: 60_000 })).toBe(7);
  });
});
