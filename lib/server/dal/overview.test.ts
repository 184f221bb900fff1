// The overview's figures against a real PostgreSQL: totals agree with plain counts, and the
// scoring backlog follows the worker's checkpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { modelAccuracy } from "@/lib/shared/model-metrics";
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
    const alerts = await db.prisma.alert.count({ where: { firstEventAt: { gte: from, lt: to } } });
    expect(o.alerts.reduce((s, a) => s + a.count, 0)).toBe(alerts);
    expect(o.scores.reduce((s, b) => s + b.count, 0)).toBe(Math.min(events, o.scoreSampleLimit));
    expect(o.scores.every((b) => b.bin >= 0 && b.bin <= o.scoreMaxBin)).toBe(true);
    expect(o.model?.backend).toBe("wasm");
    // The trainer's own metric name (ml/model/version.ts), the one the Models page shows.
    expect(modelAccuracy(o.model?.metrics)).toBe(0.874);
    expect(o.principals.length).toBeGreaterThan(0);
    expect(o.accounts.map((a) => a.backlog)).toEqual([0, 0, 0]);
    // Seeded accounts were polled 2–4 minutes ago; their events were received before that.
    expect(o.accounts.every((a) => !a.isImportOnly && a.lagSeconds !== null && a.lagSeconds >= 110 && a.lagSeconds < 600)).toBe(true);
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

  it("places alerts by when their events happened, not when they were raised", async () => {
    const alert = await db.prisma.alert.findFirstOrThrow({ select: { id: true, firstEventAt: true } });
    const old = new Date(from.getTime() - 3 * 86_400_000);
    await db.prisma.alert.update({ where: { id: alert.id }, data: { firstEventAt: old, createdAt: new Date() } });
    const o = await getOverview(db.prisma, { from, to, bucket: "day" });
    const inRange = await db.prisma.alert.count({ where: { firstEventAt: { gte: from, lt: to } } });
    expect(o.alerts.reduce((s, a) => s + a.count, 0)).toBe(inRange);
    await db.prisma.alert.update({ where: { id: alert.id }, data: { firstEventAt: alert.firstEventAt } });
  });

  it("measures an imported account's lag from when its events arrived, and says it was imported", async () => {
    const account = await db.prisma.cloudAccount.create({ data: { provider: "aws", externalId: "229654561268", displayName: "AWS account 229654561268", status: "active", config: { source: "file" } } });
    const principal = await db.prisma.principal.create({ data: { accountId: account.id, key: "arn:aws:iam::229654561268:user/old", type: "IAMUser", displayName: "old", firstSeenAt: new Date(0), lastSeenAt: new Date(0) } });
    const longAgo = new Date(Date.now() - 855 * 86_400_000);
    await db.prisma.event.create({
      data: { accountId: account.id, principalId: principal.id, provider: "aws", providerEventId: "imported-1", eventTime: longAgo, ingestedAt: new Date(Date.now() - 60_000), action: "s3.amazonaws.com:GetObject", service: "s3", outcome: "success", userAgentFamily: "sdk", raw: {} },
    });
    const o = await getOverview(db.prisma, { from, to, bucket: "day" });
    const row = o.accounts.find((a) => a.id === account.id)!;
    expect(row.isImportOnly).toBe(true);
    expect(row.lagSeconds).toBeGreaterThanOrEqual(59);
    expect(row.lagSeconds).toBeLessThan(3600);
    await db.prisma.cloudAccount.delete({ where: { id: account.id } });
  });

  it("shares one computation between concurrent callers of the same range", async () => {
    const r = { from, to, bucket: "day" as const };
    const a = getOverviewShared(db.prisma, r);
    expect(getOverviewShared(db.prisma, r)).toBe(a);
    expect(getOverviewShared(db.prisma, r, Date.now() + 31_000)).not.toBe(a);
    await a;
  });
});
