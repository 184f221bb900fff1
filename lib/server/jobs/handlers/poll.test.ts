import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { silentJobContext } from "@/lib/server/scoring/test-world";
import { scheduleDueJobs } from "../scheduler";
import { pollHandler } from "./poll";

let db: TestDatabase;
let pool: pg.Pool;

describe("poll job", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pool.on("error", () => undefined);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("marks the account as failing with the error, keeps the progress row, and rethrows for pg-boss to retry", async () => {
    const account = await db.prisma.cloudAccount.create({
      data: { provider: "aws", externalId: "123456789012", displayName: "broken", encryptedCredentials: "not-an-envelope", config: { regions: ["us-east-1"] } },
    });
    await expect(pollHandler({ accountId: account.id, isBackfill: true }, silentJobContext(pool, db.prisma))).rejects.toThrow();
    const after = await db.prisma.cloudAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(after.status).toBe("error");
    expect(after.statusMessage).toBeTruthy();
    const progress = await db.prisma.setting.findUniqueOrThrow({ where: { key: `poll:${account.id}` } });
    expect((progress.value as { state: string }).state).toBe("error");
  });

  it("skips disabled and missing accounts", async () => {
    const account = await db.prisma.cloudAccount.create({ data: { provider: "aws", externalId: "210987654321", displayName: "off", enabled: false } });
    expect(await pollHandler({ accountId: account.id, isBackfill: false }, silentJobContext(pool, db.prisma))).toEqual({ skipped: "account missing or disabled" });
  });

  it("schedules one poll per connected account and slot, whichever worker asks, never file-import accounts", async () => {
    await db.prisma.cloudAccount.create({ data: { provider: "aws", externalId: "555555555555", displayName: "files", config: { source: "file" } } });
    const sent: { name: string; id?: string; data: object }[] = [];
    const boss = { send: async (name: string, data: object, o: { id?: string }) => (sent.push({ name, data, id: o.id }), o.id ?? null) };
    const now = Date.UTC(2026, 0, 1, 12, 2);
    await scheduleDueJobs(boss as never, pool, now);
    await scheduleDueJobs(boss as never, pool, now + 60_000);
    const polls = sent.filter((s) => s.name === "poll-account");
    // One connected account ("broken": in error, not disabled) → one id per slot, the same from every call.
    expect(new Set(polls.map((p) => p.id)).size).toBe(1);
    expect(polls.every((p) => (p.data as { accountId: string }).accountId !== undefined)).toBe(true);
    expect(sent.filter((s) => s.name === "retention").map((s) => s.id)).toHaveLength(2);
    expect(new Set(sent.filter((s) => s.name === "retention").map((s) => s.id)).size).toBe(1);
  });
});
