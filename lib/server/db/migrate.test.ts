import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { MigrationError, migrate, readMigrations } from "./migrate";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await db?.drop();
});

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrate", () => {
  it("applies every migration once, recording them as prisma migrate deploy does", async () => {
    const all = readMigrations();
    expect(all.length).toBeGreaterThan(0);
    const first = await migrate(db.url);
    expect(first.applied).toEqual(all.map((m) => m.name));
    const again = await migrate(db.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(all.length);
    const rows = await query<{ migration_name: string; checksum: string }>(`SELECT migration_name, checksum FROM "_prisma_migrations"`);
    expect(rows.map((r) => r.checksum).sort()).toEqual(all.map((m) => m.checksum).sort());
  });

  it("creates the core tables with snake_case columns", async () => {
    const cols = await query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'events' AND table_schema = 'public'`,
    );
    const names = cols.map((c) => c.column_name);
    expect(names).toEqual(expect.arrayContaining(["provider_event_id", "event_time", "principal_id", "user_agent_family", "raw"]));
    expect(names.every((n) => n === n.toLowerCase())).toBe(true);
  });

  it("keeps alert history append-only", async () => {
    const user = await db.prisma.user.create({ data: { email: "h@x.io", passwordHash: "x", role: "analyst" } });
    const account = await db.prisma.cloudAccount.create({ data: { provider: "aws", externalId: "123456789012", displayName: "a" } });
    const principal = await db.prisma.principal.create({
      data: { accountId: account.id, key: "arn:aws:iam::123456789012:user/a", type: "IAMUser", displayName: "a", firstSeenAt: new Date(), lastSeenAt: new Date() },
    });
    const alert = await db.prisma.alert.create({
      data: { accountId: account.id, principalId: principal.id, action: "iam:CreateUser", groupingKey: "k", title: "t", category: "iam", severity: "high", score: 9, firstEventAt: new Date(), lastEventAt: new Date() },
    });
    const h = await db.prisma.alertHistory.create({ data: { alertId: alert.id, actorId: user.id, field: "status", fromValue: "open", toValue: "acknowledged" } });
    await expect(db.prisma.alertHistory.update({ where: { id: h.id }, data: { toValue: "closed" } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.alertHistory.delete({ where: { id: h.id } })).rejects.toThrow(/append-only/);
    // Deleting the alert itself still removes its history (cascade).
    await db.prisma.alert.delete({ where: { id: alert.id } });
    expect(await db.prisma.alertHistory.count()).toBe(0);
  });

  it("refuses a database migrated by a newer version, naming the migration", async () => {
    await query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at) VALUES ('x', 'y', '29990101000000_future', now())`);
    await expect(migrate(db.url)).rejects.toThrow(MigrationError);
    await expect(migrate(db.url)).rejects.toThrow(/29990101000000_future/);
    await query(`DELETE FROM "_prisma_migrations" WHERE id = 'x'`);
  });

  it("rolls back a failing migration and names it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-mig-"));
    for (const m of readMigrations()) {
      fs.mkdirSync(path.join(dir, m.name));
      fs.writeFileSync(path.join(dir, m.name, "migration.sql"), m.sql);
    }
    fs.mkdirSync(path.join(dir, "29990101000000_broken"));
    fs.writeFileSync(path.join(dir, "29990101000000_broken", "migration.sql"), "CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;");
    await expect(migrate(db.url, { dir })).rejects.toThrow(/29990101000000_broken failed: .*no_such_table/);
    const tables = await query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(tables).toHaveLength(0);
  });
});
