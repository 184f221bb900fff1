import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { generatePassword, hashPassword, verifyPassword } from "@/lib/server/auth/password";
import { AppError, isUniqueViolation } from "@/lib/server/errors";
import { SYSTEM_ACTOR, writeAudit, type AuditActor } from "./audit";
import { endUserSessions } from "./sessions";

export const USER_SELECT = { id: true, email: true, name: true, role: true, disabled: true, createdAt: true, lastLoginAt: true } as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(db: TPrisma, input: { email: string; password: string; role: Role; name?: string }) {
  return db.user.create({
    data: { email: normalizeEmail(input.email), name: input.name ?? null, role: input.role, passwordHash: await hashPassword(input.password) },
    select: USER_SELECT,
  });
}

/** For sign-in only: the one place the password hash is read. */
export async function getUserCredentials(db: TPrisma, email: string) {
  return db.user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { ...USER_SELECT, passwordHash: true, passwordChangedAt: true },
  });
}

export async function getUserById(db: TPrisma, id: string) {
  return db.user.findUnique({ where: { id }, select: { ...USER_SELECT, passwordChangedAt: true } });
}

/**
 * Creates the first admin when there is no admin yet. Returns the password only when it was
 * generated here, so the caller can print it once; null when an admin already exists.
 */
export async function ensureFirstAdmin(
  db: TPrisma,
  opts: { email: string; password?: string },
): Promise<{ email: string; generatedPassword: string | null } | null> {
  const admins = await db.user.count({ where: { role: "admin" } });
  if (admins > 0) return null;
  const password = opts.password ?? generatePassword();
  const user = await createUser(db, { email: opts.email, password, role: "admin", name: "Administrator" });
  await writeAudit(db, SYSTEM_ACTOR, { action: "user.create", targetType: "user", targetId: user.id, details: { email: user.email, role: user.role, firstStart: true } });
  return { email: normalizeEmail(opts.email), generatedPassword: opts.password ? null : password };
}

export async function listUsers(db: TPrisma) {
  return db.user.findMany({ orderBy: { email: "asc" }, select: USER_SELECT });
}

/** Refuses a change that would leave the instance without an enabled admin. */
async function assertAdminRemains(db: Prisma.TransactionClient, userId: string) {
  const others = await db.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0) throw new AppError("conflict", "This is the last enabled admin; add another admin first");
}

export async function adminCreateUser(db: TPrisma, actor: AuditActor, input: { email: string; role: Role; name?: string; password?: string }) {
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: normalizeEmail(input.email), name: input.name ?? null, role: input.role, passwordHash },
        select: USER_SELECT,
      });
      await writeAudit(tx, actor, { action: "user.create", targetType: "user", targetId: created.id, details: { email: created.email, role: created.role } });
      return created;
    });
    return { user, generatedPassword: input.password ? null : password };
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", "A user with this email already exists");
    throw e;
  }
}

export async function updateUser(db: TPrisma, actor: AuditActor, id: string, patch: { role?: Role; disabled?: boolean; name?: string | null }) {
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: USER_SELECT });
    if (!before) throw new AppError("not_found", "No such user");
    const losesAdmin = before.role === "admin" && ((patch.role && patch.role !== "admin") || patch.disabled === true);
    if (losesAdmin) await assertAdminRemains(tx, id);
    const user = await tx.user.update({ where: { id }, data: patch, select: USER_SELECT });
    // A role change or a disable ends the user's sessions; re-enabling revives none (they are gone).
    if ((patch.role && patch.role !== before.role) || (patch.disabled === true && !before.disabled)) await endUserSessions(tx, id);
    const changes = Object.fromEntries(Object.keys(patch).map((k) => [k, { from: before[k as keyof typeof before] ?? null, to: user[k as keyof typeof user] ?? null }]));
    await writeAudit(tx, actor, { action: "user.update", targetType: "user", targetId: id, details: JSON.parse(JSON.stringify({ email: user.email, changes })) as Prisma.InputJsonValue });
    return user;
  });
}

/** Sets a new password (given or generated) and ends all the user's sessions (dal/sessions.ts). */
export async function resetUserPassword(db: TPrisma, actor: AuditActor, id: string, password?: string) {
  const next = password ?? generatePassword();
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    const found = await tx.user.findUnique({ where: { id }, select: { email: true } });
    if (!found) throw new AppError("not_found", "No such user");
    await tx.user.update({ where: { id }, data: { passwordHash, passwordChangedAt: new Date() } });
    await endUserSessions(tx, id);
    await writeAudit(tx, actor, { action: "user.password_reset", targetType: "user", targetId: id, details: { email: found.email } });
  });
  return { generatedPassword: password ? null : next };
}

/** A user's own change: the current password must be right; every other session of theirs ends. */
export async function changeOwnPassword(db: TPrisma, userId: string, actor: AuditActor, current: string, next: string, keepSessionId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(current, user.passwordHash))) throw new AppError("bad_request", "The current password is wrong");
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
    await endUserSessions(tx, userId, keepSessionId);
    await writeAudit(tx, actor, { action: "user.password_change", targetType: "user", targetId: userId });
  });
}

/** An admin's "sign out everywhere": ends every session of the user. */
export async function signOutEverywhere(db: TPrisma, actor: AuditActor, id: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const found = await tx.user.findUnique({ where: { id }, select: { email: true } });
    if (!found) throw new AppError("not_found", "No such user");
    const ended = await endUserSessions(tx, id);
    await writeAudit(tx, actor, { action: "user.sessions_end", targetType: "user", targetId: id, details: { email: found.email, sessions: ended } });
    return ended;
  });
}
