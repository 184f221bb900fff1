// Inbox listing against a real PostgreSQL: keyset pages cover every row exactly once in each
// sort order, filters narrow, and a forged cursor is refused rather than silently restarting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { ALERT_SORTS, ZAlertListQuery } from "@/lib/shared/alerts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ALERT_LIST_SELECT, getAlert, listAlerts, listRelatedAlerts } from "./alerts";
import { getAlertTimeline, searchEvents } from "./events";
import { listPrincipals } from "./principals";
import { ZEventListQuery } from "@/lib/shared/events";

let db: TestDatabase;
let showcase: number;
beforeAll(async () => {
  db = await createTestDatabase();
  showcase = (await seedDashboard(db.url, { events: 4000, alerts: 40, principalsPerAccount: 4 })).showcaseAlertId;
});
afterAll(() => db?.drop());

const query = (raw: Record<string, string>) => ZAlertListQuery.parse(raw);

describe("listAlerts", () => {
  it.each(ALERT_SORTS)("pages through every alert exactly once sorted by %s", async (sort) => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAlerts(db.prisma, query({ status: "all", sort, limit: "7", ...(cursor ? { cursor } : {}) }), "00000000-0000-0000-0000-000000000000");
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.length).toBe(await db.prisma.alert.count());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("sorts newest by when the activity happened, not when the alert was raised", async () => {
    // Raised in the opposite order of their activity, as a backfill does.
    const rows = await db.prisma.alert.findMany({ orderBy: { lastEventAt: "asc" }, select: { id: true } });
    for (const [i, r] of rows.entries()) await db.prisma.alert.update({ where: { id: r.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1) + (rows.length - i) * 60_000) } });
    const page = await listAlerts(db.prisma, query({ status: "all", limit: "200" }), "x");
    const times = page.items.map((a) => a.lastEventAt.getTime());
    expect(times.length).toBeGreaterThan(2);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(query({ sort: "last_event" }).sort).toBe("newest");
  });

  it("filters by status and severity", async () => {
    const page = await listAlerts(db.prisma, query({ status: "closed", severity: "high,critical", limit: "200" }), "x");
    const expected = await db.prisma.alert.count({ where: { status: "closed", severity: { in: ["high", "critical"] } } });
    expect(page.items.length).toBe(expected);
    expect(page.items.every((a) => a.status === "closed" && ["high", "critical"].includes(a.severity))).toBe(true);
  });

  it("matches the same filters written as a Prisma query, with the relations shaped alike", async () => {
    const some = await db.prisma.alert.findFirstOrThrow({ where: { id: showcase }, select: { accountId: true, action: true, principal: { select: { key: true } }, category: true, firstEventAt: true } });
    const user = await db.prisma.user.findFirst({ select: { id: true } });
    if (user) await db.prisma.alert.updateMany({ where: { id: { in: [showcase] } }, data: { assigneeId: user.id } });
    const principal = some.principal.key.slice(2, 12);
    const action = some.action.split(":")[1].slice(0, 6);
    const day = some.firstEventAt.getTime();
    const cases: Array<[Record<string, string>, Prisma.AlertWhereInput]> = [
      [{ status: "all" }, {}],
      [{ status: "active" }, { status: { in: ["open", "acknowledged"] } }],
      [{ status: "all", principal }, { principal: { OR: [{ key: { contains: principal, mode: "insensitive" } }, { displayName: { contains: principal, mode: "insensitive" } }] } }],
      [{ status: "all", action: action.toUpperCase() }, { action: { contains: action, mode: "insensitive" } }],
      [{ status: "all", category: some.category, accountId: some.accountId }, { category: some.category, accountId: some.accountId }],
      [{ status: "all", assignee: "none" }, { assigneeId: null }],
      [{ status: "all", assignee: "me" }, { assigneeId: user?.id ?? "00000000-0000-0000-0000-000000000000" }],
      [{ status: "all", from: new Date(day - 3_600_000).toISOString(), to: new Date(day + 3_600_000).toISOString() }, { lastEventAt: { gte: new Date(day - 3_600_000) }, firstEventAt: { lt: new Date(day + 3_600_000) } }],
    ];
    for (const [raw, where] of cases) {
      const page = await listAlerts(db.prisma, query({ ...raw, limit: "200" }), user?.id ?? "00000000-0000-0000-0000-000000000000");
      const expected = await db.prisma.alert.findMany({ where, orderBy: [{ lastEventAt: "desc" }, { id: "desc" }], take: 200, select: ALERT_LIST_SELECT });
      expect(page.items, JSON.stringify(raw)).toEqual(expected);
    }
    // The analyst's text is matched literally: "%" and "_" are not wildcards (Prisma's `contains` passes them through).
    expect((await listAlerts(db.prisma, query({ status: "all", action: "%" }), "x")).items).toEqual([]);
    expect((await listAlerts(db.prisma, query({ status: "all", principal: "_" }), "x")).items.length).toBe(
      await db.prisma.alert.count({ where: { principal: { OR: [{ key: { contains: "\\_" } }, { displayName: { contains: "\\_" } }] } } }),
    );
  });

  it("matches search text literally in the event explorer and the principal list too", async () => {
    const anyPrincipal = await db.prisma.principal.findFirstOrThrow({ select: { key: true } });
    expect((await listPrincipals(db.prisma, { search: anyPrincipal.key.slice(3, 15).toUpperCase(), limit: 500 })).length).toBeGreaterThan(0);
    expect(await listPrincipals(db.prisma, { search: "%", limit: 500 })).toEqual([]);
    expect((await searchEvents(db.prisma, ZEventListQuery.parse({ principal: "%" }))).items).toEqual([]);
  });

  it("refuses a forged cursor", async () => {
    await expect(listAlerts(db.prisma, query({ cursor: "bm90LWpzb24" }), "x")).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("alert detail", () => {
  it("returns the explanation parsed and the timeline with the flagged event highlighted", async () => {
    const alert = await getAlert(db.prisma, showcase);
    expect(alert.explanation.expected.length).toBe(5);
    expect(alert.explanation.actual.action).toBe("iam.amazonaws.com:CreateAccessKey");
    const t = await getAlertTimeline(db.prisma, showcase, { before: 1440, after: 1440, limit: 100 });
    const flagged = t.events.filter((e) => e.isFlagged);
    expect(flagged.map((e) => e.id)).toEqual(alert.eventIds);
    expect(flagged[0].userAgent).toBe("<script>alert(1)</script>");
    const times = t.events.map((e) => e.eventTime.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const related = await listRelatedAlerts(db.prisma, showcase);
    expect(related.samePrincipal.every((a) => a.principal.id === alert.principal.id && a.id !== showcase)).toBe(true);
  });
});
