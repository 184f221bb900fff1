// The overview's figures against a real PostgreSQL: totals agree with plain counts, and the
// scoring backlog follows the worker's checkpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { computeOverview as getOverview, getOverview as getOverviewShared } from "./overview";

let db: TestDatabase;
const to = new Date(Date.now() + 60_000);
const from = new Date(to.getTime() - 7 * 86_400_000);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDashboard(db.url, { events: 3000, alerts: 30, principalsPerAccount: 4, days: 14 });
});
afterAll(() => db?.drop());

describe("getOverview", () => {
  it("adds up to the rows in the range", async () => {
    const o = await getOverview(db.prisma, { from, to, bucket: "day" });
    const events = await db.prisma.event.count({ where: { eventTime: { gte: from, lt: to } } });
    expect(o.events.reduce((s, e) => s + e.count, 0)).toBe(events);
    const alerts = await db.prisma.alert.count({ where: { createdAt: { gte: from, lt: to } } });
    expect(o.alerts.reduce((s, a) => s + a.count, 0)).toBe(alerts);
    expect(o.scores.reduce((s, b) => s + b.count, 0)).toBe(Math.min(events, o.scoreSampleLimit));
    expect(o.scores.every((b) => b.bin >= 0 && b.bin <= o.scoreMaxBin)).toBe(true);
    expect(o.model?.backend).toBe("wasm");
    expect(o.principals.length).toBeGreaterThan(0);
    expect(o.accounts.map((a) => a.backlog)).toEqual([0, 0, 0]);
    expect(o.accounts.every((a) => a.lagP50 !== null && a.lagP50 > 0)).toBe(true);
  });

  it("counts an event above the checkpoint as backlog of its account", async () => {
    const e = await db.prisma.event.findFirstOrThrow({ orderBy: { id: "desc" }, select: { accountId: true, principalId: true, provider: true } });
    await db.prisma.event.create({
      data: { accountId: e.accountId, principalId: e.principalId, provider: e.provider, providerEventId: "late-1", eventTime: new Date(), action: "s3.amazonaws.com:GetObject", service: "s3", outcome: "success", userAgentFamily: "sdk", raw: {} },
    });
    const o = await getOverview(db.prisma, { from, to, bucket: "day" });
    expect(o.accounts.find((a) => a.id === e.accountId)?.backlog).toBe(1);
    expect(o.accounts.reduce((s, a) => s + (a.backlog ?? 0), 0)).toBe(1);
  });

  it("shares one computation between concurrent callers of the same range", async () => {
    const r = { from, to, bucket: "day" as const };
    const a = getOverviewShared(db.prisma, r);
    expect(getOverviewShared(db.prisma, r)).toBe(a);
    expect(getOverviewShared(db.prisma, r, Date.now() + 31_000)).not.toBe(a);
    await a;
  });
});
