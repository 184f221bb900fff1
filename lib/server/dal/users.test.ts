import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { verifyPassword } from "@/lib/server/auth/password";
import type { AuditActor } from "./audit";
import { adminCreateUser, changeOwnPassword, createUser, resetUserPassword, updateUser } from "./users";

let db: TestDatabase;
const actor: AuditActor = { id: null, email: "root@test", ip: "127.0.0.1", userAgent: null };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("user administration", () => {
  it("creates a user with a generated password shown once, and refuses a duplicate email", async () => {
    const { user, generatedPassword } = await adminCreateUser(db.prisma, actor, { email: " Ana@Test ", role: "analyst" });
    expect(user.email).toBe("ana@test");
    expect(generatedPassword?.length).toBeGreaterThanOrEqual(20);
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(generatedPassword as string, stored.passwordHash)).toBe(true);
    await expect(adminCreateUser(db.prisma, actor, { email: "ana@test", role: "viewer" })).rejects.toMatchObject({ code: "conflict" });
    expect(await db.prisma.auditLog.count({ where: { action: "user.create" } })).toBe(1);
  });

  it("never leaves the instance without an enabled admin", async () => {
    const admin = await createUser(db.prisma, { email: "only-admin@test", password: "x".repeat(12), role: "admin" });
    await expect(updateUser(db.prisma, actor, admin.id, { role: "viewer" })).rejects.toMatchObject({ code: "conflict" });
    await expect(updateUser(db.prisma, actor, admin.id, { disabled: true })).rejects.toMatchObject({ code: "conflict" });
    const second = await createUser(db.prisma, { email: "second-admin@test", password: "x".repeat(12), role: "admin" });
    expect((await updateUser(db.prisma, actor, admin.id, { role: "analyst" })).role).toBe("analyst");
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "user.update", targetId: admin.id } });
    expect(audit.details).toMatchObject({ changes: { role: { from: "admin", to: "analyst" } } });
    expect(second.role).toBe("admin");
  });

  it("resets and changes passwords, ending older sessions", async () => {
    const u = await createUser(db.prisma, { email: "pw@test", password: "old-password-1", role: "viewer" });
    const before = (await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).passwordChangedAt;
    await expect(changeOwnPassword(db.prisma, u.id, actor, "wrong-password", "new-password-12", "00000000-0000-0000-0000-000000000000")).rejects.toMatchObject({ code: "bad_request" });
    await changeOwnPassword(db.prisma, u.id, actor, "old-password-1", "new-password-12", "00000000-0000-0000-0000-000000000000");
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword("new-password-12", after.passwordHash)).toBe(true);
    expect(after.passwordChangedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    const { generatedPassword } = await resetUserPassword(db.prisma, actor, u.id);
    const reset = await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword(generatedPassword as string, reset.passwordHash)).toBe(true);
    expect(await db.prisma.auditLog.count({ where: { targetId: u.id, action: { in: ["user.password_change", "user.password_reset"] } } })).toBe(2);
  });
});
