import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { storeSynthetic } from "@/lib/server/scoring/synthetic-load";
import type { MlEvent } from "@/ml/types";
import { applyMfaDowngradeInMemory, applyMfaDowngradeRule, CONSOLE_LOGIN, type SignInCandidate } from "./mfa-downgrade";

const t0 = Date.parse("2026-11-02T08:00:00Z");
const signIn = (eventId: string, who: string, day: number, mfaUsed: boolean, outcome: "success" | "failure" = "success"): MlEvent => ({
  eventId, principalKey: `arn:aws:iam::100000000000:user/${who}`, accountId: "100000000000", eventTime: t0 + day * 86_400_000,
  action: CONSOLE_LOGIN, service: "signin.amazonaws.com", outcome, errorCode: outcome === "failure" ? "Failed authentication" : null,
  readOnly: false, mfaUsed, region: "us-east-1", userAgentFamily: "console", sourceIp: "198.51.100.7", userAgent: "Mozilla/5.0",
});
// ana always used MFA until day 3; ben never did; cy used it, then failed once without it.
const events = [
  signIn("ana-1", "ana", 0, true), signIn("ana-2", "ana", 1, true), signIn("ana-3", "ana", 3, false),
  signIn("ben-1", "ben", 0, false), signIn("ben-2", "ben", 2, false),
  signIn("cy-1", "cy", 0, true), signIn("cy-2", "cy", 2, false, "failure"),
  // dee's first sign-in is without MFA and her MFA sign-in comes later: nothing to downgrade from.
  signIn("dee-1", "dee", 0, false), signIn("dee-2", "dee", 1, true),
];

describe("a console sign-in without MFA by a principal that used MFA before", () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let idOf: Map<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pool.on("error", () => undefined);
    await storeSynthetic(db.prisma, events);
    const { rows } = await pool.query<{ id: string; provider_event_id: string }>(`SELECT id::text, provider_event_id FROM events`);
    idOf = new Map(rows.map((r) => [r.provider_event_id, r.id]));
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("alerts on it whatever the score, in the database and in memory alike", async () => {
    const { rows } = await pool.query<{ id: string; mfa_used: boolean | null; outcome: string }>(`SELECT id::text, mfa_used, outcome FROM events`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const scored: SignInCandidate[] = events.map((e) => ({ eventId: idOf.get(e.eventId)!, action: e.action, alert: false }));
    expect(await applyMfaDowngradeRule(pool, scored, byId)).toBe(1);
    const flagged = scored.filter((s) => s.alert).map((s) => s.eventId);
    expect(flagged).toEqual([idOf.get("ana-3")]);
    expect(scored.find((s) => s.eventId === idOf.get("ana-3"))?.rule).toBe("mfa-downgrade");

    const inMemory: SignInCandidate[] = events.map((e) => ({ eventId: e.eventId, action: e.action, alert: false }));
    expect(applyMfaDowngradeInMemory(inMemory, events, [])).toBe(1);
    expect(inMemory.filter((s) => s.alert).map((s) => s.eventId)).toEqual(["ana-3"]);
  });

  it("an event the model already alerted on keeps its alert and gains the reason", async () => {
    const { rows } = await pool.query<{ id: string; mfa_used: boolean | null; outcome: string }>(`SELECT id::text, mfa_used, outcome FROM events WHERE id = $1`, [idOf.get("ana-3")]);
    const scored: SignInCandidate[] = [{ eventId: rows[0].id, action: CONSOLE_LOGIN, alert: true }];
    expect(await applyMfaDowngradeRule(pool, scored, new Map([[rows[0].id, rows[0]]]))).toBe(0);
    expect(scored[0]).toMatchObject({ alert: true, rule: "mfa-downgrade" });
  });
});
