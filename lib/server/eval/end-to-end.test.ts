// The end-to-end harness on a one-day organisation against a real PostgreSQL: it runs the product's
// import, retrain job and scoring passes, and its figures are the database's. The second half edits
// the alerts table directly and checks that recall and false alerts follow the links, not the model.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { generateDemoOrg } from "@/lib/server/demo/generate";
import { createLogger } from "@/lib/server/log";
import { runEndToEnd, type EndToEndResult } from "./end-to-end";
import { readEndToEndMetrics, type GroundTruth } from "./end-to-end-metrics";
import { readLabelsJsonl, readOddityIds } from "./sim-data";

const SEED = 3;
const DAYS = 1;
let db: TestDatabase;
let pool: pg.Pool;
let result: EndToEndResult;
let truth: GroundTruth;

const count = async (sql: string, params: unknown[] = []) => Number((await pool.query<{ n: string }>(sql, params)).rows[0].n);

/** An alert row linking the given events (by provider event id), as the alerting step would write one. */
async function insertAlert(providerEventIds: string[]): Promise<void> {
  const { rows } = await pool.query<{ id: string; account_id: string; principal_id: string; action: string; event_time: Date }>(
    `SELECT id::text, account_id, principal_id::text, action, event_time FROM events WHERE provider_event_id = ANY($1::text[]) ORDER BY event_time`, [providerEventIds]);
  expect(rows).toHaveLength(providerEventIds.length);
  const { rows: [alert] } = await pool.query<{ id: number }>(
    `INSERT INTO alerts (account_id, principal_id, action, grouping_key, title, category, severity, score, event_count, first_event_at, last_event_at, updated_at)
     VALUES ($1, $2, $3, 'test', 'test', 'other', 'low', 99, $4, $5, $6, now()) RETURNING id`,
    [rows[0].account_id, rows[0].principal_id, rows[0].action, rows.length, rows[0].event_time, rows[rows.length - 1].event_time]);
  await pool.query(`INSERT INTO alert_events (alert_id, event_id) SELECT $1, unnest($2::bigint[])`, [alert.id, rows.map((r) => r.id)]);
}

beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
  result = await runEndToEnd({
    seed: SEED, days: DAYS, mode: "backfill", epochs: 1, maxTrainEvents: 5_000, scoreBatch: 2_000, keepDb: true,
    createDatabase: async () => ({ url: db.url, name: "test database", drop: async () => undefined }),
    log: createLogger({}, "error", () => true),
  });
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on("error", () => undefined); // connections end when the test database is dropped
  // The same organisation again (the generator is deterministic for a seed) for its ground truth.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-e2e-test-"));
  try {
    await generateDemoOrg({ outDir: dir, days: DAYS, seed: SEED });
    truth = { labels: readLabelsJsonl(path.join(dir, "labels.jsonl")), oddities: readOddityIds(path.join(dir, "benign-oddities.jsonl")) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 240_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe("end-to-end evaluation (real PostgreSQL)", () => {
  it("runs the product's path: demo import, the retrain job's first model, every event scored", async () => {
    expect(result.trainings.map((t) => t.reason)).toEqual(["first-model"]);
    expect(result.trainings[0].output).toMatchObject({ status: "active" });
    expect(await count(`SELECT count(*) AS n FROM model_versions WHERE status = 'active'`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM cloud_accounts WHERE NOT (is_demo AND status = 'active' AND learning_until IS NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM import_runs WHERE source = 'demo'`)).toBe(1);
    expect(result.metrics.unscoredEvents).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM scores`)).toBe(result.metrics.events.total - result.metrics.events.own);
    expect(result.steps[0].scored).toBe(result.metrics.events.total - result.metrics.events.own);
  });

  it("reads its counts from the events and alerts tables", async () => {
    const m = result.metrics;
    expect(m.events.total).toBe(await count(`SELECT count(*) AS n FROM events`));
    expect(m.events.total).toBe(result.imported.stored);
    expect(m.alerts.total).toBe(await count(`SELECT count(*) AS n FROM alerts`));
    expect(m.events.labelledInFile).toBe(truth.labels.size);
    expect(m.events.labelledFound).toBe(truth.labels.size);
    expect(m.events.normal).toBe(m.events.total - m.events.own - m.events.labelledFound);
    expect(m.techniques.map((t) => t.technique)).toEqual([...new Set(truth.labels.values())].sort());
    expect(m.detectedTechniques).toBe(m.techniques.filter((t) => t.alertedEvents > 0).length);
    expect(result.warnings).toEqual([]);
  });

  it("counts a technique detected exactly when one of its events is linked to an alert", async () => {
    // Re-reading the untouched database gives the run's own figures.
    const before = await readEndToEndMetrics(pool, truth);
    expect(before.techniqueRecall).toBe(result.metrics.techniqueRecall);
    expect(before.alerts).toEqual(result.metrics.alerts);

    await pool.query(`DELETE FROM alerts`);
    const none = await readEndToEndMetrics(pool, truth);
    expect(none.detectedTechniques).toBe(0);
    expect(none.missedTechniques).toHaveLength(none.techniques.length);
    expect(none.alerts.total).toBe(0);
    expect(none.secondsFromImportToFirstAlert).toBeNull();

    // One alert on one event of a technique with several events: that technique only, 1 event of its n.
    const byTechnique = new Map<string, string[]>();
    for (const [id, technique] of truth.labels) byTechnique.set(technique, [...(byTechnique.get(technique) ?? []), id]);
    const [technique, ids] = [...byTechnique].find(([, list]) => list.length >= 2)!;
    await insertAlert([ids[0]]);
    const one = await readEndToEndMetrics(pool, truth);
    expect(one.techniques.filter((t) => t.isDetected).map((t) => t.technique)).toEqual([technique]);
    expect(one.techniques.find((t) => t.technique === technique)).toMatchObject({ events: ids.length, alertedEvents: 1, alerts: 1 });
    expect(one.techniqueRecall).toBeCloseTo(1 / one.techniques.length, 10);
    expect(one.eventRecall).toBeCloseTo(1 / truth.labels.size, 10);
    expect(one.alerts).toMatchObject({ total: 1, withAttack: 1, normal: 0, alertedNormalEvents: 0, normalEventsInAttackAlerts: 0 });
    expect(one.secondsFromImportToFirstAttackAlert).toBeGreaterThan(0);

    // A false alert holding a benign oddity and an ordinary normal event: one false alert row, two
    // alerted normal events, counted apart as an oddity alert; recall unchanged.
    const oddity = [...truth.oddities][0];
    const { rows: [normal] } = await pool.query<{ provider_event_id: string }>(
      `SELECT provider_event_id FROM events WHERE NOT (provider_event_id = ANY($1::text[])) AND NOT is_own ORDER BY id LIMIT 1`,
      [[...truth.labels.keys(), ...truth.oddities]]);
    await insertAlert([oddity, normal.provider_event_id]);
    const two = await readEndToEndMetrics(pool, truth);
    expect(two.detectedTechniques).toBe(1);
    expect(two.alerts).toMatchObject({ total: 2, withAttack: 1, normal: 1, normalOnOddities: 1, alertedNormalEvents: 2, alertedOddityEvents: 1, normalEventsInFalseAlerts: 2 });
    expect(two.alerts.normalPerMillion).toBeCloseTo(1e6 / two.events.normal, 6);
    expect(two.alerts.alertedNormalEventsPerMillion).toBeCloseTo(2e6 / two.events.normal, 6);
    expect(two.topFalseAlertPrincipals).toHaveLength(1);
    expect(two.topFalseAlertPrincipals[0]).toMatchObject({ alerts: 1, events: 2 });

    // An attack alert that grouped in a normal event: the event counts as alerted normal, the alert is not false.
    const { rows: [other] } = await pool.query<{ provider_event_id: string }>(
      `SELECT provider_event_id FROM events WHERE NOT (provider_event_id = ANY($1::text[])) AND NOT is_own ORDER BY id DESC LIMIT 1`,
      [[...truth.labels.keys(), ...truth.oddities]]);
    await insertAlert([ids[1], other.provider_event_id]);
    const three = await readEndToEndMetrics(pool, truth);
    expect(three.alerts).toMatchObject({ total: 3, withAttack: 2, normal: 1, alertedNormalEvents: 3, normalEventsInFalseAlerts: 2, normalEventsInAttackAlerts: 1 });
    expect(three.techniques.find((t) => t.technique === technique)).toMatchObject({ alertedEvents: 2, alerts: 2 });
  });
});
