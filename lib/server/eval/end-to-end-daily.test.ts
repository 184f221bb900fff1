// The daily mode's simulated clock on a three-day organisation against a real PostgreSQL: one import
// per day, the first model after day one, the nightly retrain job after day two, and each day's
// events scored by the version active when they arrived (never by one trained on them).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { createLogger } from "@/lib/server/log";
import { runEndToEnd, type EndToEndResult } from "./end-to-end";

const DAY_MS = 86_400_000;
let db: TestDatabase;
let pool: pg.Pool;
let result: EndToEndResult;

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  result = await runEndToEnd({
    seed: 5, days: 3, mode: "daily", initialDays: 1, epochs: 1, maxTrainEvents: 5_000, scoreBatch: 2_000, keepDb: true,
    createDatabase: async () => ({ url: db.url, name: "test database", drop: async () => undefined }),
    log: createLogger({}, "error", () => true),
  });
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on("error", () => undefined); // connections end when the test database is dropped
}, 300_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe("end-to-end evaluation, daily mode (real PostgreSQL)", () => {
  it("imports one day at a time and runs the nightly retrain between days", async () => {
    const start = Date.parse(result.period.start);
    const { rows: runs } = await pool.query<{ time_from: Date; time_to: Date }>(`SELECT time_from, time_to FROM import_runs ORDER BY id`);
    expect(runs).toHaveLength(3);
    runs.forEach((r, day) => {
      expect(r.time_from.getTime()).toBeGreaterThanOrEqual(start + day * DAY_MS);
      expect(r.time_to.getTime()).toBeLessThan(start + (day + 1) * DAY_MS);
    });
    expect(result.steps.map((s) => s.day)).toEqual(["2025-03-03", "2025-03-04", "2025-03-05"]);
    expect(result.trainings.map((t) => t.reason)).toEqual(["first-model", "schedule"]);
    expect(result.steps[1].retrain?.reason).toBe("schedule");
    expect(result.steps[2].retrain).toBeUndefined();
    expect(result.metrics.modelVersions).toHaveLength(2);
    expect(result.metrics.unscoredEvents).toBe(0);
    expect(result.metrics.events.labelledFound).toBe(result.metrics.events.labelledInFile);
  });

  it("scores each day's events once, by the version active when they arrived", async () => {
    const { rows } = await pool.query<{ run: number; versions: number[]; events: number; scores: number }>(
      `SELECT r.n AS run, array_agg(DISTINCT s.model_version_id ORDER BY s.model_version_id) AS versions,
              count(DISTINCT e.id)::int AS events, count(s.event_id)::int AS scores
         FROM (SELECT id, row_number() OVER (ORDER BY id)::int AS n FROM import_runs) r
         JOIN events e ON e.import_run_id = r.id JOIN scores s ON s.event_id = e.id
        GROUP BY r.n ORDER BY r.n`,
    );
    const [first, nightly] = result.metrics.modelVersions;
    // The version in force on the last day: the nightly candidate if it was promoted, else the first.
    const lastDay = nightly.status === "active" ? nightly.id : first.id;
    expect(rows.map((r) => r.versions)).toEqual([[first.id], [first.id], [lastDay]]);
    for (const r of rows) expect(r.scores).toBe(r.events);
  });
});
