// Guarantees of issue 6 with real worker processes: SIGKILL mid-run loses and doubles nothing;
// two workers on one database share the work and never do any twice.
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { retrainHandler } from "@/lib/server/jobs/handlers/retrain";
import { SHARDS } from "@/lib/server/scoring/checkpoint";
import { LOCK_NAMESPACE } from "@/lib/server/scoring/score-batch";
import { storeSynthetic } from "@/lib/server/scoring/synthetic-load";
import { buildTestWorld, silentJobContext } from "@/lib/server/scoring/test-world";
import { spawnWorker, waitUntil, type WorkerProcess } from "./test-process";

const started: WorkerProcess[] = [];
const databases: TestDatabase[] = [];
const pools: pg.Pool[] = [];

async function openWorld(principals: number) {
  const db = await createTestDatabase();
  databases.push(db);
  const pool = new pg.Pool({ connectionString: db.url, max: 3 });
  pool.on("error", () => undefined);
  pools.push(pool);
  const world = buildTestWorld({ principals });
  const n = async (sql: string, params: unknown[] = []) => Number((await pool.query<{ n: string }>(sql, params)).rows[0].n);
  return { db, pool, world, n };
}

function start(url: string, env: Record<string, string>): WorkerProcess {
  const w = spawnWorker(url, env);
  started.push(w);
  return w;
}

afterAll(async () => {
  for (const w of started) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
  await Promise.all(started.map((w) => w.exited));
  await Promise.all(pools.map((p) => p.end()));
  await Promise.all(databases.map((d) => d.drop()));
});

describe("worker processes", () => {
  it("survives SIGKILL mid-batch: every event scored once, alerts neither lost nor doubled, checkpoints behind committed data", async () => {
    const { db, world, n } = await openWorld(12);
    await storeSynthetic(db.prisma, world.history);
    const unscored = () => n(`SELECT count(*) AS n FROM events e WHERE NOT is_own AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.event_id = e.id)`);
    const checkpointsAhead = () => n(
      `SELECT count(*) AS n FROM settings c JOIN events e ON e.id <= (c.value->>'eventId')::bigint
        AND e.principal_id % ${SHARDS} = split_part(c.key, ':', 4)::int AND NOT e.is_own
       WHERE c.key LIKE 'scoring:v%:shard:%'
         AND NOT EXISTS (SELECT 1 FROM scores s WHERE s.event_id = e.id AND s.model_version_id = substring(split_part(c.key, ':', 2) FROM 2)::int)`);
    const env = { TRAILWATCH_SCORE_BATCH: "40" };

    // First run: no model yet, so the worker trains the first one by itself, then scores.
    const first = start(db.url, env);
    await first.waitForLog((l) => l.msg === "training finished", 240_000);
    await storeSynthetic(db.prisma, [...world.fresh, ...world.attack]);
    const total = await n(`SELECT count(*) AS n FROM events WHERE NOT is_own`);
    for (const [i, w] of [first, start(db.url, env)].entries()) {
      await w.waitForLog((l) => l.msg === "scored", 120_000);
      await new Promise((r) => setTimeout(r, 50 + i * 150));
      w.child.kill("SIGKILL");
      await w.exited;
      expect(await checkpointsAhead()).toBe(0);
      expect(await unscored()).toBeGreaterThan(0); // really killed mid-run
    }
    const last = start(db.url, env);
    await waitUntil(async () => (await unscored()) === 0, 180_000, "the backlog to clear after restarts");
    last.child.kill("SIGTERM");
    expect(await last.exited).toBe(0);
    expect(last.lines.some((l) => l.msg === "worker stopped")).toBe(true);

    expect(await n(`SELECT count(*) AS n FROM model_versions WHERE status = 'active'`)).toBe(1);
    expect(await n(`SELECT count(*) AS n FROM scores`)).toBe(total);
    expect(await checkpointsAhead()).toBe(0);
    const anomalous = await n(`SELECT count(*) AS n FROM scores WHERE is_anomalous`);
    expect(anomalous).toBeGreaterThan(0);
    expect(await n(`SELECT count(*) AS n FROM alert_events`)).toBe(anomalous);
    expect(await n(`SELECT count(DISTINCT event_id) AS n FROM alert_events`)).toBe(anomalous);
    expect(await n(`SELECT COALESCE(sum(event_count), 0) AS n FROM alerts`)).toBe(anomalous);
    expect(await n(`SELECT count(*) AS n FROM alerts a JOIN principals p ON p.id = a.principal_id WHERE p.key = $1`, [world.victim.principalKey])).toBe(1);
  }, 600_000);

  it("shares the work between two worker processes without doing any twice", async () => {
    const { db, pool, world, n } = await openWorld(24);
    await storeSynthetic(db.prisma, world.history);
    const trained = (await retrainHandler({ reason: "manual", epochs: 2 }, silentJobContext(pool, db.prisma))) as { modelVersionId: number };
    // Held back until both workers run (a placeholder training row keeps them from training their own).
    await pool.query(`UPDATE model_versions SET status = 'shadow' WHERE id = $1`, [trained.modelVersionId]);
    await pool.query(`INSERT INTO model_versions (version, status, architecture) VALUES (999, 'training', 'placeholder')`);
    await storeSynthetic(db.prisma, world.fresh);
    const total = await n(`SELECT count(*) AS n FROM events WHERE NOT is_own`);
    // Both workers must be ready before either may score, or the first to load the model (a load is
    // seconds on a busy machine) could clear the backlog alone: the test holds every shard's lock
    // until both have loaded it. Small batches make the backlog outlast the ≤ 1 s in which the two
    // wake from their idle sleep.
    const workers = [start(db.url, { TRAILWATCH_SCORE_BATCH: "10" }), start(db.url, { TRAILWATCH_SCORE_BATCH: "10" })];
    await Promise.all(workers.map((w) => w.waitForLog((l) => l.msg === "worker started")));
    const gate = await pool.connect();
    for (let shard = 0; shard < SHARDS; shard++) await gate.query(`SELECT pg_advisory_lock($1, $2)`, [LOCK_NAMESPACE, shard]);
    await pool.query(`UPDATE model_versions SET status = 'active', promoted_at = now() WHERE id = $1`, [trained.modelVersionId]);
    await Promise.all(workers.map((w) => w.waitForLog((l) => l.msg === "model loaded", 120_000)));
    expect(await n(`SELECT count(*) AS n FROM scores`)).toBe(0);
    await gate.query(`SELECT pg_advisory_unlock_all()`);
    gate.release();
    await waitUntil(async () => (await n(`SELECT count(*) AS n FROM scores`)) === total, 300_000, "both workers to score everything");
    workers.forEach((w) => w.child.kill("SIGTERM"));
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);
    const counts = workers.map((w) => Number(w.lines.find((l) => l.msg === "worker stopped")?.scored ?? -1));
    expect(counts.every((c) => c > 0)).toBe(true);
    expect(counts[0] + counts[1]).toBe(total);
    expect(await n(`SELECT count(*) AS n FROM scores`)).toBe(total);
  }, 600_000);
});
