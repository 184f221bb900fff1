import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { ACCOUNT_BACKOFF, ADDRESS_LIMIT, accountBackoffMs, checkLoginGate, noteLoginFailure, noteLoginSuccess, throttleMessage } from "./login-throttle";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("sign-in throttling", () => {
  it("backs off per account, doubling up to a cap", () => {
    expect(accountBackoffMs(ACCOUNT_BACKOFF.freeFailures)).toBe(0);
    expect(accountBackoffMs(ACCOUNT_BACKOFF.freeFailures + 1)).toBe(1000);
    expect(accountBackoffMs(ACCOUNT_BACKOFF.freeFailures + 3)).toBe(4000);
    expect(accountBackoffMs(100)).toBe(ACCOUNT_BACKOFF.maxMs);
  });

  it("slows the address that failed, never a fresh one, and a success clears the account", async () => {
    for (let i = 0; i < 8; i++) await noteLoginFailure(db.prisma, "Victim@x.test", `10.1.1.${i % 4}`);
    const failed = await checkLoginGate(db.prisma, "victim@x.test", "10.1.1.1");
    expect(failed.reason).toBe("account");
    expect(failed.waitMs).toBeGreaterThan(10_000);
    expect(await throttleMessage(db.prisma, "victim@x.test", "10.1.1.1")).toMatch(/^Too many attempts, try again in \d+ seconds?\.$/);
    // The user's own address never failed: it may try at once.
    expect(await checkLoginGate(db.prisma, "victim@x.test", "10.9.9.9")).toEqual({ waitMs: 0, reason: null });
    await noteLoginSuccess(db.prisma, "victim@x.test", "10.9.9.9");
    expect((await checkLoginGate(db.prisma, "victim@x.test", "10.1.1.1")).waitMs).toBe(0);
  });

  it("blocks an address spraying many accounts, for that address only", async () => {
    for (let i = 0; i < ADDRESS_LIMIT.maxFailures; i++) await noteLoginFailure(db.prisma, `user${i}@x.test`, "10.2.2.2");
    const gate = await checkLoginGate(db.prisma, "someone@x.test", "10.2.2.2");
    expect(gate.reason).toBe("address");
    expect(await throttleMessage(db.prisma, "someone@x.test", "10.2.2.2")).toBe("Too many attempts, try again in 15 minutes.");
    expect((await checkLoginGate(db.prisma, "someone@x.test", "10.3.3.3")).waitMs).toBe(0);
  });
});
