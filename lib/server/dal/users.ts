import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { generatePassword, hashPassword } from "@/lib/server/auth/password";

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
  await createUser(db, { email: opts.email, password, role: "admin", name: "Administrator" });
  return { email: normalizeEmail(opts.email), generatedPassword: opts.password ? null : password };
}
