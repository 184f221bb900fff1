import "server-only";
// The server-side identity check every page, route handler and server action goes through.
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/generated/prisma/enums";
import { getPrisma } from "@/lib/server/db/prisma";
import { getUserById } from "@/lib/server/dal/users";
import { can, type TPermission } from "@/lib/server/permissions";
import { auth } from "./auth";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

/** The signed-in, enabled user, re-read from the database; null when there is none. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUserById(getPrisma(), id);
  if (!user || user.disabled) return null;
  // A password change ends sessions issued before it.
  const issuedAt = (session as unknown as { issuedAt?: number }).issuedAt;
  if (issuedAt && user.passwordChangedAt.getTime() > issuedAt * 1000 + 1000) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
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
