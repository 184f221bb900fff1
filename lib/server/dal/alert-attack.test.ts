// ATT&CK context on alerts (issue 17) against a real PostgreSQL: the writer stores it for new
// alerts and merges it when an alert grows, the migration's backfill derives the same values as
// the TypeScript table, and the inbox filters by tactic and technique (a parent matches its subs).
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { attackOfActions } from "@/lib/server/alerting/attack";
import type { AlertChange, AnomalousEvent } from "@/lib/server/alerting/group";
import { ZAlertListQuery } from "@/lib/shared/alerts";
import { listAlerts } from "./alerts";
import { writeAlertChanges } from "./alerts-write";

let db: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedDashboard(db.url, { events: 3000, alerts: 40, principalsPerAccount: 4 });
  pool = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function actionsPerAlert(): Promise<Map<number, string[]>> {
  const { rows } = await pool.query<{ id: number; actions: string[] }>(`
    SELECT a.id, array_agg(DISTINCT x.action) AS actions FROM alerts a
    CROSS JOIN LATERAL (SELECT a.action UNION SELECT e.action FROM alert_events ae JOIN events e ON e.id = ae.event_id WHERE ae.alert_id = a.id) x
    GROUP BY a.id`);
  return new Map(rows.map((r) => [r.id, r.actions]));
}

describe("alert ATT&CK context", () => {
  it("the migration's backfill gives every alert what the TypeScript table gives its actions", async () => {
    const dir = path.resolve(import.meta.dirname, "../../../prisma/migrations");
    const folder = fs.readdirSync(dir).find((d) => d.endsWith("_alert_attack"))!;
    const sql = fs.readFileSync(path.join(dir, folder, "migration.sql"), "utf8");
    const backfill = sql.slice(sql.indexOf("-- Backfill"));
    await pool.query(`UPDATE alerts SET attack_tactics = '{}', attack_techniques = '{}'`);
    await pool.query(backfill);
    const { rows } = await pool.query<{ id: number; attack_tactics: string[]; attack_techniques: string[] }>(`SELECT id, attack_tactics, attack_techniques FROM alerts`);
    const actions = await actionsPerAlert();
    let mapped = 0;
    for (const r of rows) {
      const expected = attackOfActions(actions.get(r.id)!);
      expect({ tactics: r.attack_tactics, techniques: r.attack_techniques }, `alert ${r.id}: ${actions.get(r.id)}`).toEqual(expected);
      if (expected.techniques.length) mapped++;
    }
    expect(mapped).toBeGreaterThan(10);
  });

  it("filters the inbox by tactic and technique, a technique matching its sub-techniques", async () => {
    const all = (await pool.query<{ id: number; attack_tactics: string[]; attack_techniques: string[] }>(`SELECT id, attack_tactics, attack_techniques FROM alerts`)).rows;
    const list = async (raw: Record<string, string>) => (await listAlerts(db.prisma, ZAlertListQuery.parse({ status: "all", limit: "200", ...raw }), "x")).items.map((a) => a.id).sort((a, b) => a - b);
    const ids = (pred: (r: (typeof all)[number]) => boolean) => all.filter(pred).map((r) => r.id).sort((a, b) => a - b);

    const exact = await list({ technique: "t1098.001" });
    expect(exact.length).toBeGreaterThan(0);
    expect(exact).toEqual(ids((r) => r.attack_techniques.includes("T1098.001")));
    const parent = await list({ technique: "T1098" });
    expect(parent).toEqual(ids((r) => r.attack_techniques.some((t) => t === "T1098" || t.startsWith("T1098."))));
    expect(parent.length).toBeGreaterThan(exact.length);
    const evasion = await list({ tactic: "TA0005" });
    expect(evasion.length).toBeGreaterThan(0);
    expect(evasion).toEqual(ids((r) => r.attack_tactics.includes("TA0005")));
    const page = await listAlerts(db.prisma, ZAlertListQuery.parse({ status: "all", technique: "T1098.001", limit: "5" }), "x");
    expect(page.items.every((a) => a.attackTechniques.includes("T1098.001"))).toBe(true);
    expect(() => ZAlertListQuery.parse({ technique: "1098; DROP" })).toThrow();
  });

  it("the alert writer stores the context of a new alert and merges it when the alert grows", async () => {
    const { rows } = await pool.query<{ id: string; account_id: string; name: string; event_id: string; event_id2: string }>(`
      SELECT p.id::text, p.account_id::text, p.display_name AS name, min(e.id)::text AS event_id, max(e.id)::text AS event_id2
        FROM principals p JOIN events e ON e.principal_id = p.id GROUP BY p.id LIMIT 1`);
    const p = rows[0];
    const at = new Date("2030-01-01T00:00:00Z");
    const event = (eventId: string, action: string, t: Date): AnomalousEvent => ({
      eventId, accountId: p.account_id, principalId: p.id, principalName: p.name, action, eventTime: t, score: 20, severity: "high", category: "defense-evasion/logging", explanation: {},
    });
    const first = event(p.event_id, "cloudtrail.amazonaws.com:StopLogging", at);
    const alert = { id: null, accountId: p.account_id, principalId: p.id, action: first.action, firstEventAt: at, lastEventAt: at, score: 20, severity: "high" as const };
    const client = await pool.connect();
    try {
      const change: AlertChange = { alert, first, top: first, eventIds: [first.eventId], actions: new Set([first.action]) };
      expect(await writeAlertChanges(client, [change], 1)).toBe(1);
      const read = async () => (await client.query<{ attack_tactics: string[]; attack_techniques: string[] }>(`SELECT attack_tactics, attack_techniques FROM alerts WHERE id = $1`, [alert.id])).rows[0];
      expect(await read()).toEqual({ attack_tactics: ["TA0005"], attack_techniques: ["T1562.008"] });
      const later = event(p.event_id2, "iam.amazonaws.com:CreateAccessKey", new Date(at.getTime() + 60_000));
      await writeAlertChanges(client, [{ alert, first: null, top: later, eventIds: [later.eventId], actions: new Set([later.action]) }], 1);
      expect(await read()).toEqual({ attack_tactics: ["TA0003", "TA0004", "TA0005"], attack_techniques: ["T1098.001", "T1562.008"] });
    } finally {
      client.release();
    }
  });
});
