import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { retrainHandler } from "@/lib/server/jobs/handlers/retrain";
import { retentionHandler } from "@/lib/server/jobs/handlers/retention";
import { getPipelineStatus } from "@/lib/server/jobs/pipeline-status";
import type { ScoredEvent } from "@/ml/score";
import { scorePass } from "./score-pass";
import { alertAnomalies } from "./alert-step";
import type { BatchRow } from "./batch-query";
import { EVENT_COLUMNS } from "./rows";
import { storeSynthetic } from "./synthetic-load";
import { ATTACK_ACTIONS, buildTestWorld, silentJobContext } from "./test-world";

let db: TestDatabase;
let pool: pg.Pool;
const world = buildTestWorld();
// Calls CloudFormation made on the victim's behalf (invokedBy), in the victim's own stream: a read
// and a write, neither seen before. The service's user agent, so invoked_by alone marks them.
const onBehalfAt = Number(world.fresh[0].eventTime) + 120_000;
const cfn = { ...world.victim, invokedBy: "cloudformation.amazonaws.com", sourceIp: "cloudformation.amazonaws.com", userAgent: "cloudformation.amazonaws.com", userAgentFamily: "service" as const };
const onBehalf = [
  { ...cfn, eventId: "cfn-read", eventTime: onBehalfAt, action: "ec2.amazonaws.com:DescribeSpotPriceHistory", service: "ec2.amazonaws.com", readOnly: true },
  { ...cfn, eventId: "cfn-write", eventTime: onBehalfAt + 1_000, action: "iam.amazonaws.com:CreateLoginProfile", service: "iam.amazonaws.com", readOnly: false },
];
const count = async (sql: string, params: unknown[] = []) => Number((await pool.query<{ n: string }>(sql, params)).rows[0].n);

async function scoreAll(): Promise<number> {
  let total = 0;
  for (;;) {
    const pass = await scorePass(pool, 500);
    total += pass.scored;
    if (!pass.hasMore && pass.scored === 0) return total;
  }
}

describe("scoring pipeline (in process)", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    pool.on("error", () => undefined); // connections end when the test database is dropped
    await storeSynthetic(db.prisma, world.history);
    const ctx = silentJobContext(pool, db.prisma);
    const trained = (await retrainHandler({ reason: "manual", epochs: 3 }, ctx)) as { status: string };
    expect(trained.status).toBe("active");
    // Fresh activity: the second account is still learning; the detector's own role is stored too.
    await pool.query(`UPDATE cloud_accounts SET learning_until = now() + interval '7 days' WHERE external_id = '100000000001'`);
    const own = { ...world.victim, principalKey: "arn:aws:iam::100000000000:role/trailwatch-reader" };
    await storeSynthetic(db.prisma, [own], { idPrefix: "own-", ownPrincipalKeys: new Set([own.principalKey]) });
    await pool.query(`INSERT INTO suppression_rules (action, reason) VALUES ($1, 'test: sharing is expected')`, [ATTACK_ACTIONS[3]]);
    await storeSynthetic(db.prisma, [...world.fresh, ...world.attack, ...onBehalf]);
  }, 180_000);

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("scores every event exactly once for the active version, never the detector's own", async () => {
    const before = await getPipelineStatus(db.prisma);
    expect(before.backlog).toBe(await count(`SELECT count(*) AS n FROM events WHERE NOT is_own`));
    await scoreAll();
    expect(await count(`SELECT count(*) AS n FROM scores`)).toBe(await count(`SELECT count(*) AS n FROM events WHERE NOT is_own`));
    expect(await count(`SELECT count(*) AS n FROM scores s JOIN events e ON e.id = s.event_id WHERE e.is_own`)).toBe(0);
    expect(await scoreAll()).toBe(0);
    const after = await getPipelineStatus(db.prisma);
    expect(after.backlog).toBe(0);
    expect(after.lagSeconds).toBe(0);
  });

  it("groups the attack burst into one alert, applies suppression and the learning period", async () => {
    const rows = await pool.query<{ id: number; event_count: number; category: string; severity: string; explanation: { expected: unknown[]; usualActions: string[] } }>(
      `SELECT a.id, a.event_count, a.category, a.severity::text, a.explanation FROM alerts a JOIN principals p ON p.id = a.principal_id WHERE p.key = $1`, [world.victim.principalKey]);
    expect(rows.rows).toHaveLength(1);
    const alert = rows.rows[0];
    const linked = await count(`SELECT count(*) AS n FROM alert_events WHERE alert_id = $1`, [alert.id]);
    expect(alert.event_count).toBe(linked);
    expect(linked).toBeGreaterThanOrEqual(2);
    expect(alert.explanation.expected.length).toBeGreaterThan(0);
    expect(alert.explanation.usualActions.length).toBeGreaterThan(0);
    const suppressed = await count(`SELECT hit_count AS n FROM suppression_rules`);
    expect(suppressed).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM alert_events ae JOIN events e ON e.id = ae.event_id WHERE e.action = $1`, [ATTACK_ACTIONS[3]])).toBe(0);
    // Every other anomalous event of a non-learning account is in exactly one alert unless suppressed.
    const anomalous = await count(`SELECT count(*) AS n FROM scores s JOIN events e ON e.id = s.event_id JOIN cloud_accounts a ON a.id = e.account_id
      WHERE s.is_anomalous AND NOT COALESCE(a.learning_until > now(), false) AND e.action <> $1 AND NOT (e.invoked_by IS NOT NULL AND e.read_only)`, [ATTACK_ACTIONS[3]]);
    expect(await count(`SELECT count(*) AS n FROM alert_events`)).toBe(anomalous);
    expect(await count(`SELECT COALESCE(sum(event_count), 0) AS n FROM alerts`)).toBe(anomalous);
    expect(await count(`SELECT count(*) AS n FROM alerts a JOIN cloud_accounts c ON c.id = a.account_id WHERE c.external_id = '100000000001'`)).toBe(0);
    // StopLogging, new to its account, carries the logging-evasion rule in its stored explanation.
    expect(await count(`SELECT count(*) AS n FROM scores s JOIN events e ON e.id = s.event_id JOIN cloud_accounts c ON c.id = e.account_id
      WHERE e.action = $1 AND c.external_id <> '100000000001' AND s.is_anomalous AND s.explanation->>'rule' = 'logging-evasion'`, [ATTACK_ACTIONS[2]])).toBeGreaterThan(0);
  });

  it("never alerts on a read made on a principal's behalf; a write made so alerts", async () => {
    const { rows } = await pool.query<BatchRow>(
      `SELECT ${EVENT_COLUMNS}, p.key AS principal_key, p.display_name AS principal_name, false AS is_learning, p.is_own AS principal_is_own
         FROM events e JOIN principals p ON p.id = e.principal_id WHERE e.invoked_by IS NOT NULL ORDER BY e.event_time`);
    const victim = world.victim.principalKey;
    expect(rows.map((r) => [r.principal_key, r.invoked_by, r.read_only])).toEqual([[victim, "cloudformation.amazonaws.com", true], [victim, "cloudformation.amazonaws.com", false]]);
    // The model kept them in a stream of their own beside the victim's (rows.ts sequenceKey).
    expect(await count(`SELECT count(*) AS n FROM scorer_states WHERE key = $1`, [`p:${rows[0].principal_id}|cloudformation.amazonaws.com`])).toBe(1);
    await pool.query(`DELETE FROM alert_events WHERE event_id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    // Both flagged, whatever the model made of them: the rule, not the score, is under test.
    const scored = rows.map((r) => ({ eventId: r.id, alert: true, score: 40, isUnknownAction: true, facts: { isNewActionForAccount: true, isNewIp: false, isNewRegion: false } }) as unknown as ScoredEvent);
    const { rows: active } = await pool.query<{ id: number }>(`SELECT id FROM model_versions WHERE status = 'active'`);
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const out = await alertAnomalies(client, { id: active[0].id, threshold: 10, version: null as never }, scored, [{}, {}], new Map(rows.map((r) => [r.id, r])));
      await client.query("COMMIT");
      expect(out).toMatchObject({ anomalous: 2, contextOnly: 1, grouped: 1 });
    } finally {
      client.release();
    }
    const linked = async (id: string) => count(`SELECT count(*) AS n FROM alert_events WHERE event_id = $1`, [id]);
    expect(await linked(rows[0].id)).toBe(0);
    expect(await linked(rows[1].id)).toBe(1);
  });

  it("retrains continuously: a candidate compared with the active version, promoted or shadowed, and a promoted one continues where the old one stands", async () => {
    await pool.query(`UPDATE alerts SET status = 'closed', close_reason = 'false_positive', updated_at = now()`);
    const before = await count(`SELECT count(*) AS n FROM scores`);
    const out = (await retrainHandler({ reason: "manual", epochs: 1 }, silentJobContext(pool, db.prisma))) as { modelVersionId: number; status: string };
    expect(["active", "shadow"]).toContain(out.status);
    const row = await pool.query<{ status: string; comparison: { decision: string } | null; metrics: { threshold: number } }>(`SELECT status::text, comparison, metrics FROM model_versions WHERE id = $1`, [out.modelVersionId]);
    expect(row.rows[0].comparison?.decision).toBe(out.status === "active" ? "promote" : "shadow");
    expect(await count(`SELECT count(*) AS n FROM model_versions WHERE status = 'active'`)).toBe(1);
    if (out.status === "shadow") {
      // What an admin's "promote" does (dal/models.ts): the worker notices the switch by itself.
      await pool.query(`UPDATE model_versions SET status = 'retired' WHERE status = 'active'`);
      await pool.query(`UPDATE model_versions SET status = 'active', promoted_at = now() WHERE id = $1`, [out.modelVersionId]);
    }
    await scoreAll();
    expect(await count(`SELECT count(*) AS n FROM scorer_states WHERE model_version_id = $1`, [out.modelVersionId])).toBeGreaterThan(0);
    // A promoted successor inherits checkpoints and state: it scores only what came after them.
    const successorScores = await count(`SELECT count(*) AS n FROM scores WHERE model_version_id = $1`, [out.modelVersionId]);
    expect(successorScores).toBeLessThan(before);
    expect(await count(`SELECT count(*) AS n FROM scores`)).toBe(before + successorScores);
  });

  it("links a burst's earlier events to the alert it raises, and counts each event once as the burst goes on", async () => {
    // Four events of one principal of the alerting account, in no alert yet. Scores are set by hand:
    // the linking, not the model, is under test (ml/burst.ts decides when a burst fires).
    const { rows } = await pool.query<BatchRow>(
      `SELECT ${EVENT_COLUMNS}, p.key AS principal_key, p.display_name AS principal_name, false AS is_learning, p.is_own AS principal_is_own
         FROM events e JOIN principals p ON p.id = e.principal_id JOIN cloud_accounts a ON a.id = e.account_id
        WHERE a.external_id = '100000000000' AND p.key <> $1 AND NOT p.key LIKE 'aws-service:%'
          AND NOT EXISTS (SELECT 1 FROM alerts x WHERE x.principal_id = e.principal_id)
        ORDER BY p.key, e.event_time DESC LIMIT 4`, [world.victim.principalKey]);
    expect(new Set(rows.map((r) => r.principal_key)).size).toBe(1);
    const events = rows.reverse();
    const member = (r: BatchRow) => ({ eventId: r.id, timeMs: r.event_time.getTime(), action: r.action, score: 8 });
    const scoredAt = (i: number, isFiring: boolean) => ({
      eventId: events[i].id, alert: isFiring, score: 8, isUnknownAction: false, facts: { isNewActionForAccount: false, isNewIp: i === 0, isNewRegion: false },
      ...(isFiring ? { burst: { sourceIp: "203.0.113.9", userAgentFamily: "cli", novelty: ["address"], evidence: 21, contributing: i + 1, events: events.slice(0, i + 1).map(member) } } : {}),
    }) as unknown as ScoredEvent;
    const { rows: active } = await pool.query<{ id: number }>(`SELECT id FROM model_versions WHERE status = 'active'`);
    const step = async (batch: ScoredEvent[]) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await alertAnomalies(client, { id: active[0].id, threshold: 20, version: null as never }, batch, batch.map(() => ({})), new Map(events.map((r) => [r.id, r])));
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    };
    // Batch 1: the first two calls add evidence but alert on nothing; batch 2: the third crosses.
    await step([scoredAt(0, false), scoredAt(1, false)]);
    expect(await count(`SELECT count(*) AS n FROM alerts WHERE principal_id = $1`, [events[0].principal_id])).toBe(0);
    await step([scoredAt(2, true)]);
    // Batch 3: the burst goes on; its list repeats the first three, which must not count twice.
    await step([scoredAt(3, true)]);
    const alerts = await pool.query<{ id: number; event_count: number; first_event_at: Date }>(`SELECT id, event_count, first_event_at FROM alerts WHERE principal_id = $1`, [events[0].principal_id]);
    expect(alerts.rows).toHaveLength(1);
    expect(alerts.rows[0].event_count).toBe(4);
    expect(alerts.rows[0].first_event_at.getTime()).toBe(events[0].event_time.getTime());
    expect(await count(`SELECT count(*) AS n FROM alert_events WHERE alert_id = $1`, [alerts.rows[0].id])).toBe(4);
  });

  it("retention purges old events in batches but keeps the ones in alerts", async () => {
    const linked = await count(`SELECT count(DISTINCT event_id) AS n FROM alert_events`);
    const ctx = silentJobContext(pool, db.prisma);
    const out = (await retentionHandler({ days: 1 }, { ...ctx })) as { deletedEvents: number };
    expect(out.deletedEvents).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM events e WHERE e.event_time < now() - interval '1 day' AND NOT EXISTS (SELECT 1 FROM alert_events ae WHERE ae.event_id = e.id)`)).toBe(0);
    expect(await count(`SELECT count(DISTINCT event_id) AS n FROM alert_events`)).toBe(linked);
  });

  it("the same hourly job marks import runs whose process stopped as interrupted, and only those", async () => {
    const run = async (heartbeatMinutesAgo: number, status = "running") =>
      (await pool.query<{ id: string }>(`INSERT INTO import_runs (source, status, stored, heartbeat_at) VALUES ('import x', $1, 7, now() - make_interval(mins => $2)) RETURNING id::text`, [status, heartbeatMinutesAgo])).rows[0].id;
    const [killed, busy, done] = [await run(45), await run(2), await run(90, "succeeded")];
    const out = (await retentionHandler({ days: 1 }, silentJobContext(pool, db.prisma))) as { interruptedImportRuns: number };
    expect(out.interruptedImportRuns).toBe(1);
    const { rows } = await pool.query<{ id: string; status: string; stored: number; error: string | null; finished: boolean }>(
      `SELECT id::text, status, stored, error, finished_at IS NOT NULL AS finished FROM import_runs WHERE id = ANY($1::bigint[]) ORDER BY id`, [[killed, busy, done]]);
    expect(rows.map((r) => [r.id, r.status, r.stored, r.finished])).toEqual([[killed, "failed", 7, true], [busy, "running", 7, false], [done, "succeeded", 7, false]]);
    expect(rows[0].error).toMatch(/^interrupted: no progress for 30 minutes/);
  });
});
