import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { decryptSecret, parseSecretKey } from "@/lib/server/crypto";
import { createAccount, getAccount, getAccountCredentials, listAccounts, reencryptAllCredentials, removeAccount, updateAccount } from "./accounts";
import type { AuditActor } from "./audit";

const KEY_HEX = crypto.randomBytes(32).toString("hex");
let db: TestDatabase;
const actor: AuditActor = { id: null, email: "admin@test", ip: "10.0.0.1", userAgent: "vitest" };
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

beforeAll(async () => {
  process.env.TRAILWATCH_SECRET_KEY = KEY_HEX;
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const input = (externalId: string) => ({ provider: "aws" as const, externalId, displayName: externalId, config: { regions: ["us-east-1"] } });
const keys = (secretAccessKey: string) => ({ kind: "keys" as const, accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey });

describe("cloud accounts", () => {
  it("stores credentials encrypted and never returns them", async () => {
    const created = await createAccount(db.prisma, actor, input("111111111111"), keys(SECRET));
    expect(created.credentialsSet).toBe(true);
    const raw = await db.prisma.cloudAccount.findUniqueOrThrow({ where: { id: created.id } });
    expect(raw.encryptedCredentials).toMatch(/^v1:/);
    expect(raw.encryptedCredentials).not.toContain(SECRET);
    for (const view of [created, await getAccount(db.prisma, created.id), ...(await listAccounts(db.prisma))]) {
      expect(JSON.stringify(view)).not.toContain(SECRET);
      expect(view).not.toHaveProperty("encryptedCredentials");
    }
    expect(await getAccountCredentials(db.prisma, created.id)).toEqual(keys(SECRET));
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: created.id } });
    expect(audit.map((a) => a.action)).toEqual(["account.create"]);
    expect(JSON.stringify(audit, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(SECRET);
  });

  it("refuses a duplicate with a conflict and keeps the audit log in step", async () => {
    await expect(createAccount(db.prisma, actor, input("111111111111"), undefined)).rejects.toMatchObject({ code: "conflict" });
    expect(await db.prisma.auditLog.count({ where: { action: "account.create" } })).toBe(1);
  });

  it("replaces credentials only when given, and audits enable/disable", async () => {
    const a = await createAccount(db.prisma, actor, input("222222222222"), keys("first-secret"));
    await updateAccount(db.prisma, actor, a.id, { displayName: "renamed" });
    expect(await getAccountCredentials(db.prisma, a.id)).toEqual(keys("first-secret"));
    await updateAccount(db.prisma, actor, a.id, {}, keys("second-secret"));
    expect(await getAccountCredentials(db.prisma, a.id)).toEqual(keys("second-secret"));
    const off = await updateAccount(db.prisma, actor, a.id, { enabled: false });
    expect(off.status).toBe("disabled");
    const actions = (await db.prisma.auditLog.findMany({ where: { targetId: a.id }, orderBy: { id: "asc" } })).map((r) => r.action);
    expect(actions).toEqual(["account.create", "account.update", "account.update", "account.disable"]);
  });

  it("removes with or without the account's events", async () => {
    const keep = await createAccount(db.prisma, actor, input("333333333333"), keys("x"));
    await removeAccount(db.prisma, actor, keep.id, true);
    const shell = await db.prisma.cloudAccount.findUniqueOrThrow({ where: { id: keep.id } });
    expect(shell).toMatchObject({ enabled: false, encryptedCredentials: null, status: "disabled" });
    const gone = await createAccount(db.prisma, actor, input("444444444444"), undefined);
    await removeAccount(db.prisma, actor, gone.id, false);
    expect(await db.prisma.cloudAccount.findUnique({ where: { id: gone.id } })).toBeNull();
    await expect(removeAccount(db.prisma, actor, gone.id, false)).rejects.toMatchObject({ code: "not_found" });
  });

  it("re-encrypts every credential with a new key in one transaction", async () => {
    const oldKey = parseSecretKey(KEY_HEX);
    const newKey = crypto.randomBytes(32);
    const before = await db.prisma.cloudAccount.findMany({ where: { encryptedCredentials: { not: null } }, select: { id: true, encryptedCredentials: true } });
    // A wrong old key fails on the first row and changes nothing.
    await expect(reencryptAllCredentials(db.prisma, crypto.randomBytes(32), newKey)).rejects.toThrow(/wrong key/);
    expect(await db.prisma.cloudAccount.findMany({ where: { encryptedCredentials: { not: null } }, select: { id: true, encryptedCredentials: true } })).toEqual(before);
    expect(await reencryptAllCredentials(db.prisma, oldKey, newKey)).toBe(before.length);
    for (const row of await db.prisma.cloudAccount.findMany({ where: { encryptedCredentials: { not: null } } })) {
      expect(() => decryptSecret(row.encryptedCredentials as string, oldKey)).toThrow();
      expect(JSON.parse(decryptSecret(row.encryptedCredentials as string, newKey))).toHaveProperty("kind", "keys");
    }
  });
});
