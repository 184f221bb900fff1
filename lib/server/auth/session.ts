import "server-only";
// The server-side identity check every page, route handler and server action goes through.
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/generated/prisma/enums";
import { getPrisma } from "@/lib/server/db/prisma";
import { getActiveSession } from "@/lib/server/dal/sessions";
import { can, type TPermission } from "@/lib/server/permissions";
import { auth } from "./auth";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** The server-side session this request belongs to (dal/sessions.ts). */
  sessionId: string;
}

/**
 * The signed-in, enabled user, re-read from the database with their session; null when there is
 * none. Auth.js's jwt callback checked the session too; this second look is what every handler
 * relies on, so a revoked session is refused even if a cookie were accepted upstream.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = (await auth()) as { user?: { id?: string }; sessionId?: string | null } | null;
  const id = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!id || !sessionId) return null;
  const active = await getActiveSession(getPrisma(), sessionId);
  if (!active || active.user.id !== id) return null;
  const { user } = active;
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionId };
}

/** For pages: the user, or a redirect to the sign-in page. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  return user;
}

/**
 * For pages that need more than "read": anonymous visitors go to the sign-in page, signed-in users
 * without the permission get Next's 403 page (forbidden(), enabled by experimental.authInterrupts).
 */
export async function requirePagePermission(permission: TPermission): Promise<SessionUser> {
  const user = await requirePageUser();
  if (!can(user.role, permission)) forbidden();
  return user;
}
