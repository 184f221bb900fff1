import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { clearFailures, readFailures, recordFailure, tooManyAttemptsMessage } from "./rate-limit";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const WINDOW = 15 * 60_000;

describe("sign-in failure counters", () => {
  it("counts failures within the window and reports the time since the last", async () => {
    expect(await recordFailure(db.prisma, "k:a", WINDOW)).toBe(1);
    expect(await recordFailure(db.prisma, "k:a", WINDOW)).toBe(2);
    const state = (await readFailures(db.prisma, ["k:a", "k:none"], WINDOW)).get("k:a");
    expect(state?.failures).toBe(2);
    expect(state?.sinceMs).toBeLessThan(10_000);
    expect((await readFailures(db.prisma, ["k:none"], WINDOW)).size).toBe(0);
  });

  it("restarts the count when the last failure is older than the window, and hides stale counters", async () => {
    await recordFailure(db.prisma, "k:b", WINDOW);
    await recordFailure(db.prisma, "k:b", WINDOW);
    await db.prisma.loginThrottle.update({ where: { key: "k:b" }, data: { lastFailureAt: new Date(Date.now() - WINDOW - 5000) } });
    expect((await readFailures(db.prisma, ["k:b"], WINDOW)).size).toBe(0);
    expect(await recordFailure(db.prisma, "k:b", WINDOW)).toBe(1);
  });

  it("counts concurrent failures exactly (one atomic statement), and clears", async () => {
    await Promise.all(Array.from({ length: 8 }, () => recordFailure(db.prisma, "k:c", WINDOW)));
    expect((await db.prisma.loginThrottle.findUnique({ where: { key: "k:c" } }))?.failures).toBe(8);
    await clearFailures(db.prisma, ["k:c"]);
    expect(await db.prisma.loginThrottle.findUnique({ where: { key: "k:c" } })).toBeNull();
  });

  it("words the wait in seconds under a minute, else whole minutes", () => {
    expect(tooManyAttemptsMessage(1)).toBe("Too many attempts, try again in 1 second.");
    expect(tooManyAttemptsMessage(30_000)).toBe("Too many attempts, try again in 30 seconds.");
    expect(tooManyAttemptsMessage(14 * 60_000 + 1)).toBe("Too many attempts, try again in 15 minutes.");
  });
});
