import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { ACCOUNT_POLICY, accountKey, clearFailures, lockRemainingMs, recordFailure, tooManyAttemptsMessage } from "./rate-limit";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("sign-in rate limiting", () => {
  it("locks a key at the limit, and the lockout expires", async () => {
    const key = accountKey("A@x.test");
    for (let i = 1; i < ACCOUNT_POLICY.maxFailures; i++) expect(await recordFailure(db.prisma, key, ACCOUNT_POLICY)).toBeNull();
    expect(await lockRemainingMs(db.prisma, key)).toBe(0);
    const until = await recordFailure(db.prisma, key, ACCOUNT_POLICY);
    expect(until).toBeInstanceOf(Date);
    const remaining = await lockRemainingMs(db.prisma, key);
    expect(remaining).toBeGreaterThan(ACCOUNT_POLICY.lockMs - 60_000);
    // Further failures do not extend a running lock.
    expect((await recordFailure(db.prisma, key, ACCOUNT_POLICY))?.getTime()).toBe(until?.getTime());
    // Simulate the lock expiring: the next failure starts a fresh window.
    await db.prisma.loginThrottle.update({ where: { key }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await lockRemainingMs(db.prisma, key)).toBe(0);
    expect(await recordFailure(db.prisma, key, ACCOUNT_POLICY)).toBeNull();
    expect((await db.prisma.loginThrottle.findUnique({ where: { key } }))?.failures).toBe(1);
  });

  it("restarts the count when the window has passed", async () => {
    const key = accountKey("b@x.test");
    await recordFailure(db.prisma, key, ACCOUNT_POLICY);
    await recordFailure(db.prisma, key, ACCOUNT_POLICY);
    await db.prisma.loginThrottle.update({ where: { key }, data: { windowStart: new Date(Date.now() - ACCOUNT_POLICY.windowMs - 1000) } });
    await recordFailure(db.prisma, key, ACCOUNT_POLICY);
    expect((await db.prisma.loginThrottle.findUnique({ where: { key } }))?.failures).toBe(1);
  });

  it("counts concurrent failures exactly (one atomic statement)", async () => {
    const key = accountKey("c@x.test");
    const policy = { ...ACCOUNT_POLICY, maxFailures: 100 };
    await Promise.all(Array.from({ length: 8 }, () => recordFailure(db.prisma, key, policy)));
    expect((await db.prisma.loginThrottle.findUnique({ where: { key } }))?.failures).toBe(8);
    await clearFailures(db.prisma, key);
    expect(await db.prisma.loginThrottle.findUnique({ where: { key } })).toBeNull();
  });

  it("words the message in whole minutes", () => {
    expect(tooManyAttemptsMessage(1)).toBe("Too many attempts, try again in 1 minute.");
    expect(tooManyAttemptsMessage(14 * 60_000 + 1)).toBe("Too many attempts, try again in 15 minutes.");
  });
});
