// The embedded database under concurrent clients: the web server, the worker and the CLI share one
// PGlite session through the socket server, so concurrent extended-protocol queries must not mix.
// (The interleaving seen in a real `npm start` — pglite-queue.ts — depends on timing these tests
// do not force; they guard the scheduler's behaviour, not that exact race.)
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbedded, type EmbeddedDatabase } from "./embedded";
import { opensUnit } from "./pglite-queue";

let db: EmbeddedDatabase;
beforeAll(async () => {
  db = await startEmbedded(null);
});
afterAll(async () => {
  await db?.stop();
});

describe("embedded PGlite served to several clients", () => {
  it("answers concurrent parameterised queries from separate connections correctly", async () => {
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: db.url, max: 3 }));
    try {
      const jobs: Array<Promise<void>> = [];
      for (let i = 0; i < 150; i++) {
        const pool = pools[i % pools.length];
        // Different parameter counts per query: interleaved Parse/Bind messages fail loudly.
        if (i % 3 === 0) jobs.push(pool.query<{ v: number }>("SELECT $1::int AS v", [i]).then((r) => expect(r.rows[0].v).toBe(i)));
        else if (i % 3 === 1) jobs.push(pool.query<{ v: number }>("SELECT $1::int + $2::int AS v", [i, 1]).then((r) => expect(r.rows[0].v).toBe(i + 1)));
        else jobs.push(pool.query<{ v: string }>("SELECT $1::text || $2::text || $3::text AS v", ["a", String(i), "z"]).then((r) => expect(r.rows[0].v).toBe(`a${i}z`)));
        // Large results are streamed back in pieces, which lets other connections' messages in.
        if (i % 10 === 0) {
          jobs.push(
            pool.query<{ n: number }>("SELECT g AS n, repeat('x', $1::int) AS pad FROM generate_series(1, $2::int) g", [200, 5000]).then((r) => expect(r.rows).toHaveLength(5000)),
          );
        }
      }
      await Promise.all(jobs);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("keeps working after a failed statement and keeps transactions isolated", async () => {
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await expect(a.query("SELECT * FROM no_such_table WHERE x = $1", [1])).rejects.toThrow(/no_such_table/);
      expect((await b.query<{ v: number }>("SELECT $1::int AS v", [7])).rows[0].v).toBe(7);
      await a.query("CREATE TABLE IF NOT EXISTS t_iso (v int)");
      await a.query("BEGIN");
      await a.query("INSERT INTO t_iso VALUES ($1)", [1]);
      const other = b.query<{ n: number }>("SELECT count(*)::int AS n FROM t_iso");
      await a.query("ROLLBACK");
      expect((await other).rows[0].n).toBe(0);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("treats Sync and simple Query as the end of a unit, startup packets as none", () => {
    expect(opensUnit(Uint8Array.from([0x50, 0, 0, 0, 4]))).toBe(true); // Parse
    expect(opensUnit(Uint8Array.from([0x53, 0, 0, 0, 4]))).toBe(false); // Sync
    expect(opensUnit(Uint8Array.from([0x51, 0, 0, 0, 5, 0]))).toBe(false); // Query
    expect(opensUnit(Uint8Array.from([0, 0, 0, 8, 0, 3, 0, 0]))).toBe(false); // startup
  });
});
