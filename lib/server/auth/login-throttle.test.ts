import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { ACCOUNT_POLICY, IP_POLICY } from "@/lib/server/rate-limit";
import { checkLoginGate, ipFromHeaders, ipLockMessage, noteLoginFailure, noteLoginSuccess } from "./login-throttle";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("sign-in throttling", () => {
  it("takes the right-most forwarded hop (the one the nearest proxy added)", () => {
    expect(ipFromHeaders(new Headers({ "x-forwarded-for": "6.6.6.6, 10.0.0.7" }))).toBe("10.0.0.7");
    expect(ipFromHeaders(new Headers({ "x-real-ip": "10.0.0.8" }))).toBe("10.0.0.8");
    expect(ipFromHeaders(new Headers())).toBeNull();
  });

  it("locks an account after its limit without locking the IP, and a success clears it", async () => {
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures; i++) await noteLoginFailure(db.prisma, "Victim@x.test", "10.1.1.1");
    expect(await checkLoginGate(db.prisma, "victim@x.test", "10.1.1.1")).toEqual({ ipLocked: false, accountLocked: true });
    expect(await ipLockMessage(db.prisma, "10.1.1.1")).toBeNull();
    await noteLoginSuccess(db.prisma, "victim@x.test");
    expect((await checkLoginGate(db.prisma, "victim@x.test", "10.1.1.1")).accountLocked).toBe(false);
  });

  it("locks an IP spraying many accounts and words the wait", async () => {
    for (let i = 0; i < IP_POLICY.maxFailures; i++) await noteLoginFailure(db.prisma, `user${i}@x.test`, "10.2.2.2");
    expect((await checkLoginGate(db.prisma, "someone@x.test", "10.2.2.2")).ipLocked).toBe(true);
    expect(await ipLockMessage(db.prisma, "10.2.2.2")).toBe("Too many attempts, try again in 15 minutes.");
    expect((await checkLoginGate(db.prisma, "someone@x.test", "10.3.3.3")).ipLocked).toBe(false);
  });
});
