// Triage against a real PostgreSQL: state changes, append-only history and audit rows commit
// together; closing as false positive records the reason the worker's retrain reads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { applyTriage } from "./triage";

let db: TestDatabase;
let actor: { id: string; email: string; ip: string | null; userAgent: string | null };
let alertIds: number[];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDashboard(db.url, { events: 3000, alerts: 12, principalsPerAccount: 4 });
  const user = await db.prisma.user.create({ data: { email: "analyst@test", passwordHash: "x", role: "analyst" }, select: { id: true, email: true } });
  actor = { ...user, ip: "127.0.0.1", userAgent: "vitest" };
  alertIds = (await db.prisma.alert.findMany({ where: { status: "open" }, orderBy: { id: "asc" }, select: { id: true } })).map((a) => a.id);
});
afterAll(() => db?.drop());

describe("applyTriage", () => {
  it("closes as false positive with a scoped suppression rule, history and audit in one go", async () => {
    const id = alertIds[0];
    const r = await applyTriage(db.prisma, actor, [id], { kind: "close", reason: "false_positive", comment: "deploy window", suppression: { scope: "principal_action", reason: "CI rotates keys", expiresInDays: 30 } });
    expect(r.changed).toEqual([id]);
    const alert = await db.prisma.alert.findUniqueOrThrow({ where: { id }, select: { status: true, closeReason: true, action: true, principal: { select: { key: true } } } });
    expect(alert).toMatchObject({ status: "closed", closeReason: "false_positive" });
    const history = await db.prisma.alertHistory.findMany({ where: { alertId: id }, orderBy: { id: "asc" } });
    expect(history.map((h) => [h.field, h.fromValue, h.toValue])).toEqual([
      ["status", "open", "closed"],
      ["close_reason", null, "false_positive"],
      ["comment", null, expect.any(String)],
      ["suppression_rule", null, String(r.suppressionRuleId)],
    ]);
    expect(history.every((h) => h.actorId === actor.id)).toBe(true);
    const rule = await db.prisma.suppressionRule.findUniqueOrThrow({ where: { id: r.suppressionRuleId! } });
    expect(rule).toMatchObject({ principalKey: alert.principal.key, action: alert.action, ownerId: actor.id, reason: "CI rotates keys" });
    expect(rule.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const audit = await db.prisma.auditLog.findMany({ where: { OR: [{ targetId: String(id), targetType: "alert" }, { targetType: "suppression_rule" }] } });
    expect(audit.map((a) => a.action).sort()).toEqual(["alert.close", "suppression.create"]);
  });

  it("keeps history append-only: the database refuses to rewrite it", async () => {
    await expect(db.prisma.alertHistory.updateMany({ where: { alertId: alertIds[0] }, data: { toValue: "open" } })).rejects.toThrow();
  });

  it("skips alerts already in the target state in a bulk acknowledge", async () => {
    const [a, b] = [alertIds[1], alertIds[2]];
    await applyTriage(db.prisma, actor, [a], { kind: "acknowledge" });
    const r = await applyTriage(db.prisma, actor, [a, b], { kind: "acknowledge" });
    expect(r.changed).toEqual([b]);
    expect(await db.prisma.alertHistory.count({ where: { alertId: a, field: "status" } })).toBe(1);
  });

  it("reopens a closed alert and clears its close reason", async () => {
    const id = alertIds[0];
    await applyTriage(db.prisma, actor, [id], { kind: "reopen" });
    expect(await db.prisma.alert.findUniqueOrThrow({ where: { id }, select: { status: true, closeReason: true } })).toEqual({ status: "open", closeReason: null });
  });

  it("refuses to assign to a viewer and changes nothing", async () => {
    const viewer = await db.prisma.user.create({ data: { email: "viewer@test", passwordHash: "x", role: "viewer" } });
    const before = await db.prisma.alertHistory.count();
    await expect(applyTriage(db.prisma, actor, [alertIds[3]], { kind: "assign", assigneeId: viewer.id })).rejects.toMatchObject({ code: "bad_request" });
    expect(await db.prisma.alertHistory.count()).toBe(before);
  });

  it("answers not_found for ids that do not exist", async () => {
    await expect(applyTriage(db.prisma, actor, [999_999], { kind: "acknowledge" })).rejects.toMatchObject({ code: "not_found" });
  });
});
