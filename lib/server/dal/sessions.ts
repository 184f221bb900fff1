import "server-only";
// Server-side sessions (issue 16). The session cookie is Auth.js's signed JWT, but it carries only
// the id of a row here; each request (and Auth.js's refresh at /api/auth/session) looks the row up,
// so deleting it ends the session at once. Rows are deleted, never flagged: re-enabling a user
// cannot bring an old session back. A session ends after SESSION_IDLE_S without a request, and
// SESSION_ABSOLUTE_S after sign-in whatever happens.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TPrisma } from "@/lib/server/db/client";

type TDb = TPrisma | Prisma.TransactionClient;

export const SESSION_IDLE_S = 8 * 60 * 60;
export const SESSION_ABSOLUTE_S = 7 * 24 * 60 * 60;
/** last_seen_at is written at most this often per session, so reads do not each cost a write. */
const TOUCH_EVERY_MS = 60_000;

const USER_OF_SESSION = { id: true, email: true, name: true, role: true, disabled: true } as const;

function liveSince(now: Date) {
  return { lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_S * 1000) }, createdAt: { gt: new Date(now.getTime() - SESSION_ABSOLUTE_S * 1000) } };
}

export async function createSession(db: TDb, userId: string, client: { ip: string | null; userAgent: string | null }): Promise<string> {
  const now = new Date();
  // Expired rows of this user go now; nothing else reads them.
  await db.userSession.deleteMany({ where: { userId, NOT: liveSince(now) } });
  const row = await db.userSession.create({
    data: { userId, ip: client.ip?.slice(0, 100) ?? null, userAgent: client.userAgent?.replaceAll("\0", "").slice(0, 500) ?? null },
    select: { id: true },
  });
  return row.id;
}

/** The live session and its enabled user, or null; marks it seen. */
export async function getActiveSession(db: TPrisma, sessionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return null;
  const now = new Date();
  const row = await db.userSession.findFirst({
    where: { id: sessionId, ...liveSince(now) },
    select: { id: true, lastSeenAt: true, user: { select: USER_OF_SESSION } },
  });
  if (!row || row.user.disabled) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db.userSession.updateMany({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  return row;
}

export async function listUserSessions(db: TPrisma, userId: string) {
  return db.userSession.findMany({
    where: { userId, ...liveSince(new Date()) },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
}

/** Ends one session of this user; false when there is no such session (or it is someone else's). */
export async function endSession(db: TDb, userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db.userSession.deleteMany({ where: { id: sessionId, userId } });
  return count > 0;
}

/** Ends every session of the user except `keep` (the caller's own, after a password change). */
export async function endUserSessions(db: TDb, userId: string, keep?: string): Promise<number> {
  const { count } = await db.userSession.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
  return count;
}
