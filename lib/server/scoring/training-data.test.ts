import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { storeEvents } from "@/lib/server/ingest/store";
import type { NormalizedEvent } from "@/lib/server/ingest/types";
import { CONTEXT_PER_PRINCIPAL, COVERAGE_LEAD, perPrincipalCap, readContextEvents, readCoverageEvents, readFirstModelEvents, readUpdateEvents } from "./training-data";

// The first model's training set must not be the busiest principal's last hours alone.

let db: TestDatabase;
let pool: pg.Pool;

function event(principal: string, i: number, at: number): NormalizedEvent {
  return {
    provider: "aws", providerEventId: `${principal}-${i}`, accountExternalId: "111122223333", region: "us-east-1", eventTime: new Date(at),
    action: `s3.amazonaws.com:GetObject${i % 3}`, service: "s3", category: "api", outcome: "success", errorCode: null, readOnly: true,
    principalKey: `arn:aws:iam::111122223333:role/${principal}`, principalType: "AssumedRole", principalName: principal, sessionName: null,
    sourceIp: null, userAgent: null, userAgentFamily: "sdk", resources: [], raw: {},
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe("perPrincipalCap", () => {
  it("keeps every principal whole when all fit, else cuts only the largest to a shared cap", () => {
    expect(perPrincipalCap([10, 20, 30], 100)).toBe(30);
    expect(perPrincipalCap([200, 10_000], 1_000)).toBe(800);
    expect(perPrincipalCap([500, 500, 500], 900)).toBe(300);
    expect(perPrincipalCap([5, 0, 7], 3)).toBe(1);
    expect(perPrincipalCap([], 10)).toBe(0);
  });
});

describe("readFirstModelEvents", () => {
  it("takes a quiet principal's older events too when a busy one fills the recent past", async () => {
    const t0 = Date.UTC(2025, 0, 1);
    // quiet: 200 events on day 1; busy: 5,000 events on day 2, all more recent than quiet's.
    await storeEvents(db.prisma, Array.from({ length: 200 }, (_, i) => event("quiet", i, t0 + i * 60_000)));
    await storeEvents(db.prisma, Array.from({ length: 5_000 }, (_, i) => event("busy", i, t0 + 86_400_000 + i * 1_000)));
    const events = await readFirstModelEvents(pool, 1_000);
    expect(events).toHaveLength(1_000);
    const perPrincipal = new Map<string, number>();
    for (const e of events) perPrincipal.set(e.principalKey, (perPrincipal.get(e.principalKey) ?? 0) + 1);
    expect([...perPrincipal.values()].sort((a, b) => a - b)).toEqual([200, 800]);
    // Chronological, and the busy principal's share is its most recent events.
    expect(events.every((e, i) => i === 0 || e.eventTime >= events[i - 1].eventTime)).toBe(true);
    expect(events.at(-1)!.eventTime).toEqual(new Date(t0 + 86_400_000 + 4_999 * 1_000));
  });
});

describe("readContextEvents", () => {
  it("gives each principal's latest events at or before the cut, at most CONTEXT_PER_PRINCIPAL, none after it", async () => {
    // Stored by the test above: quiet (200 events on day 1), busy (5,000 on day 2, one per second).
    const t0 = Date.UTC(2025, 0, 1);
    const cut = new Date(t0 + 86_400_000 + 999 * 1_000);
    const context = await readContextEvents(pool, cut);
    const byPrincipal = new Map<string, Date[]>();
    for (const e of context) byPrincipal.set(e.principalKey, [...(byPrincipal.get(e.principalKey) ?? []), e.eventTime as Date]);
    expect([...byPrincipal.values()].map((times) => times.length).sort((a, b) => a - b)).toEqual([200, CONTEXT_PER_PRINCIPAL]);
    expect(context.every((e) => (e.eventTime as Date) <= cut)).toBe(true);
    expect(context.at(-1)!.eventTime).toEqual(cut);
    expect(await readContextEvents(pool, new Date(t0 - 1))).toEqual([]);
  });
});

describe("sign-ins without MFA", () => {
  it("reach the model as stored: used, not used, or not said", async () => {
    const at = Date.UTC(2025, 0, 5);
    const signin = (i: number, mfaUsed: boolean | null | undefined): NormalizedEvent => ({
      ...event("signin", i, at + i * 60_000), action: "signin.amazonaws.com:ConsoleLogin", service: "signin", category: "signin", readOnly: false, mfaUsed,
    });
    await storeEvents(db.prisma, [signin(0, true), signin(1, false), signin(2, null), signin(3, undefined)]);
    const stored = await db.prisma.event.findMany({ where: { providerEventId: { startsWith: "signin-" } }, orderBy: { providerEventId: "asc" }, select: { mfaUsed: true } });
    expect(stored.map((e) => e.mfaUsed)).toEqual([true, false, null, null]);
    const read = (await readContextEvents(pool, new Date(at + 3_600_000))).filter((e) => e.action === "signin.amazonaws.com:ConsoleLogin");
    expect(read.map((e) => e.mfaUsed)).toEqual([true, false, null, null]);
  });
});

describe("calls made on a principal's behalf", () => {
  it("reach the model as a stream of their own beside the principal's, and a false positive among them as a pattern of that stream", async () => {
    const at = Date.UTC(2025, 0, 8);
    const own = (i: number) => ({ ...event("deploy", i, at + i * 60_000), action: "cloudformation.amazonaws.com:CreateChangeSet", service: "cloudformation", readOnly: false });
    const cfn = (i: number) => ({ ...own(i), action: "iam.amazonaws.com:CreateRole", service: "iam", invokedBy: "cloudformation.amazonaws.com" });
    await storeEvents(db.prisma, [own(0), cfn(1), cfn(2), own(3)]);
    const { rows: ids } = await pool.query<{ id: string; account_id: string; principal_id: string; invoked_by: string | null }>(
      `SELECT id::text, account_id::text, principal_id::text, invoked_by FROM events WHERE provider_event_id LIKE 'deploy-%' ORDER BY event_time`);
    const principal = ids[0].principal_id;
    const read = (await readContextEvents(pool, new Date(at + 3_600_000))).filter((e) => ids.some((r) => r.id === e.eventId));
    expect(read.map((e) => [e.principalKey, e.invokedBy])).toEqual([
      [principal, null], [`${principal}|cloudformation.amazonaws.com`, "cloudformation.amazonaws.com"],
      [`${principal}|cloudformation.amazonaws.com`, "cloudformation.amazonaws.com"], [principal, null],
    ]);
    // Closed as a false positive: CloudFormation's CreateRole for this role, in CloudFormation's stream.
    const { rows: alert } = await pool.query<{ id: number }>(
      `INSERT INTO alerts (account_id, principal_id, action, grouping_key, title, category, status, severity, score, close_reason, first_event_at, last_event_at, updated_at)
       VALUES ($1, $2, 'iam.amazonaws.com:CreateRole', 'g', 't', 'iam', 'closed', 'high', 30, 'false_positive', $3, $3, now()) RETURNING id`,
      [ids[1].account_id, principal, new Date(at)]);
    await pool.query(`INSERT INTO alert_events (alert_id, event_id) VALUES ($1, $2), ($1, $3)`, [alert[0].id, ids[1].id, ids[2].id]);
    const { falsePositives } = await readUpdateEvents(pool, new Date(at - 1));
    expect(falsePositives).toEqual([{ action: "iam.amazonaws.com:CreateRole", principalKey: `${principal}|cloudformation.amazonaws.com` }]);
  });
});

describe("readCoverageEvents", () => {
  it("gives each action's latest occurrences outside open alerts, each after the events of its own stream before it", async () => {
    const at = Date.UTC(2025, 0, 12);
    const call = (i: number, action: string, extra: Partial<NormalizedEvent> = {}): NormalizedEvent => ({ ...event("cover", i, at + i * 60_000), action, ...extra });
    const routine = Array.from({ length: 600 }, (_, i) => call(i, `ec2.amazonaws.com:Describe${i % 4}`));
    // A rare call 4 times in the first hours, the last of them in an open alert; the console made
    // one on the principal's behalf (another stream) just before each.
    const rare = [50, 100, 150, 200].map((i) => call(1_000 + i, "iam.amazonaws.com:CreateUser", { eventTime: new Date(at + i * 60_000 + 30_000), readOnly: false }));
    const onBehalf = [50, 100, 150, 200].map((i) => call(2_000 + i, "ec2.amazonaws.com:StartInstances", { eventTime: new Date(at + i * 60_000 + 10_000), readOnly: false, invokedBy: "AWS Internal" }));
    await storeEvents(db.prisma, [...routine, ...rare, ...onBehalf]);
    const { rows: ids } = await pool.query<{ id: string; pid: string; account_id: string; principal_id: string }>(
      `SELECT id::text, provider_event_id AS pid, account_id::text, principal_id::text FROM events WHERE provider_event_id LIKE 'cover-%'`);
    const idOf = new Map(ids.map((r) => [r.pid, r.id]));
    const { rows: alert } = await pool.query<{ id: number }>(
      `INSERT INTO alerts (account_id, principal_id, action, grouping_key, title, category, status, severity, score, first_event_at, last_event_at, updated_at)
       VALUES ($1, $2, 'iam.amazonaws.com:CreateUser', 'cover', 't', 'iam', 'open', 'high', 30, $3, $3, now()) RETURNING id`,
      [ids[0].account_id, ids[0].principal_id, new Date(at)]);
    await pool.query(`INSERT INTO alert_events (alert_id, event_id) VALUES ($1, $2)`, [alert[0].id, idOf.get("cover-1200")]);

    const cut = new Date(at + 599 * 60_000);
    const coverage = (await readCoverageEvents(pool, cut)).filter((e) => ids.some((r) => r.id === e.eventId));
    const pidOf = new Map(ids.map((r) => [r.id, r.pid]));
    const got = new Set(coverage.map((e) => pidOf.get(e.eventId)));
    // The 3 latest CreateUser outside the alert (the 4th, cover-1200, is in it).
    expect(coverage.filter((e) => e.action === "iam.amazonaws.com:CreateUser").map((e) => pidOf.get(e.eventId))).toEqual(["cover-1050", "cover-1100", "cover-1150"]);
    // Before each, COVERAGE_LEAD events of the principal's own stream: the on-behalf call is not among them.
    const own = coverage.filter((e) => !e.invokedBy);
    const before100 = own.filter((e) => (e.eventTime as Date) <= new Date(at + 100 * 60_000 + 30_000) && (e.eventTime as Date) > new Date(at + 90 * 60_000));
    expect(before100.map((e) => pidOf.get(e.eventId))).toEqual([...Array.from({ length: COVERAGE_LEAD }, (_, k) => `cover-${92 + k}`), "cover-1100"]);
    // The on-behalf stream: its 3 latest StartInstances, and before them its own earlier events (the 4th).
    const starts = coverage.filter((e) => e.action === "ec2.amazonaws.com:StartInstances");
    expect(starts.map((e) => pidOf.get(e.eventId))).toEqual(["cover-2050", "cover-2100", "cover-2150", "cover-2200"]);
    expect(starts.every((e) => e.principalKey === `${ids[0].principal_id}|AWS Internal`)).toBe(true);
    // Chronological; nothing after the cut; the routine calls' latest occurrences are there.
    expect(coverage.every((e, i) => i === 0 || (e.eventTime as Date) >= (coverage[i - 1].eventTime as Date))).toBe(true);
    expect(coverage.every((e) => (e.eventTime as Date) <= cut)).toBe(true);
    for (let k = 0; k < 4; k++) expect(got.has(`cover-${596 + k}`)).toBe(true);
    // An update's context: the per-principal recent events and the coverage, each event once.
    const { context } = await readUpdateEvents(pool, cut);
    const mine = context.filter((e) => ids.some((r) => r.id === e.eventId));
    expect(mine.some((e) => pidOf.get(e.eventId) === "cover-1100")).toBe(true);
    expect(new Set(mine.map((e) => e.eventId)).size).toBe(mine.length);
    // The per-principal context leaves the alerted call out too, and takes it back once it is closed as a false positive.
    // (A cut after 250 minutes: all of the principal's events before it fit in its context.)
    const early = new Date(at + 250 * 60_000);
    const inContext = async (pid: string) => (await readContextEvents(pool, early)).some((e) => e.eventId === idOf.get(pid));
    expect(await inContext("cover-1200")).toBe(false);
    expect(await inContext("cover-1150")).toBe(true);
    await pool.query(`UPDATE alerts SET status = 'closed', close_reason = 'false_positive' WHERE id = $1`, [alert[0].id]);
    expect(await inContext("cover-1200")).toBe(true);
  });
});
