// Names instead of ids (issue 17) against a real PostgreSQL: an alert's history, the suppression
// rules list and the audit log read users, accounts, rules and alerts by name, never by uuid.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { UUID_RE } from "@/lib/shared/names";
import { getAlert } from "./alerts";
import { listAudit } from "./audit";
import { describeAuditEntries } from "./audit-view";
import { listSuppressionRules } from "./suppression-rules";
import { applyTriage } from "./triage";

let db: TestDatabase;
let actor: { id: string; email: string; ip: string | null; userAgent: string | null };
let alert: { id: number; title: string; account: { displayName: string }; principal: { displayName: string } };
let ruleId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDashboard(db.url, { events: 3000, alerts: 12, principalsPerAccount: 4 });
  const user = await db.prisma.user.create({ data: { email: "ana@test", passwordHash: "x", role: "analyst" }, select: { id: true, email: true } });
  actor = { ...user, ip: "127.0.0.1", userAgent: "vitest" };
  alert = await db.prisma.alert.findFirstOrThrow({
    where: { status: "open", action: { startsWith: "iam.amazonaws.com:" } },
    orderBy: { id: "asc" },
    select: { id: true, title: true, account: { select: { displayName: true } }, principal: { select: { displayName: true } } },
  });
  await applyTriage(db.prisma, actor, [alert.id], { kind: "assign", assigneeId: actor.id });
  const closed = await applyTriage(db.prisma, actor, [alert.id], { kind: "close", reason: "false_positive", suppression: { scope: "principal_action", reason: "CI rotates keys", expiresInDays: 30 } });
  ruleId = closed.suppressionRuleId!;
}, 120_000);
afterAll(() => db?.drop());

describe("names instead of ids", () => {
  it("words an alert's history with the assignee's email, the rule's scope and the reason's label", async () => {
    const { history } = await getAlert(db.prisma, alert.id);
    const byField = Object.fromEntries(history.map((h) => [h.field, [h.fromLabel, h.toLabel]]));
    expect(byField.assignee).toEqual([null, "ana@test"]);
    expect(byField.close_reason).toEqual([null, "False positive"]);
    const [, rule] = byField.suppression_rule;
    expect(rule).toContain(alert.account.displayName);
    expect(rule).toContain(alert.principal.displayName);
    expect(rule).toMatch(/\(IAM\)$/);
    expect(JSON.stringify(history.map((h) => [h.fromLabel, h.toLabel]))).not.toMatch(UUID_RE);
  });

  it("summarises a rule's scope by account, principal and action name", async () => {
    const rules = await listSuppressionRules(db.prisma);
    const rule = rules.find((r) => r.id === ruleId)!;
    expect(rule.scope.startsWith(`${alert.account.displayName} · ${alert.principal.displayName} · `)).toBe(true);
    expect(rule.scope).not.toMatch(UUID_RE);
  });

  it("renders audit targets and details by name", async () => {
    const page = await listAudit(db.prisma, { limit: 50 });
    const entries = await describeAuditEntries(db.prisma, page.items);
    const assign = entries.find((e) => e.action === "alert.assign")!;
    expect(assign.target).toEqual({ label: `alert: ${alert.title}`, href: `/alerts/${alert.id}` });
    expect(assign.lines).toEqual([{ label: "assignee", value: "— → ana@test" }]);
    const close = entries.find((e) => e.action === "alert.close")!;
    expect(close.lines).toEqual(expect.arrayContaining([{ label: "close reason", value: "— → False positive" }]));
    const created = entries.find((e) => e.action === "suppression.create")!;
    expect(created.target?.label).toMatch(new RegExp(`^suppression rule: ${alert.account.displayName} · `.replace(/[()]/g, "\\$&")));
    expect(created.lines).toEqual(expect.arrayContaining([
      { label: "from alert", value: alert.title }, { label: "account", value: alert.account.displayName }, { label: "principal", value: alert.principal.displayName },
    ]));
    expect(close.lines.filter((l) => l.label === "suppression rule")).toHaveLength(1);
    // A cloud account's own id is shown, marked as an identifier (the page's data-raw-id).
    const [account] = await describeAuditEntries(db.prisma, [{ targetType: "account", targetId: null, details: { provider: "azure", externalId: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f" } }]);
    expect(account.lines).toEqual([{ label: "provider", value: "azure" }, { label: "account id", value: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f", isRawId: true }]);
    // Ids survive in the stored row (the record), never in what the page shows.
    expect(JSON.stringify(entries.map((e) => [e.target, e.lines]))).not.toMatch(UUID_RE);
  });
});
