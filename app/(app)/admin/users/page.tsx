import { requirePagePermission } from "@/lib/server/auth/session";
import { UsersAdmin } from "./users-admin";

export default async function UsersPage() {
  const user = await requirePagePermission("manage:users");
  return <UsersAdmin currentUserId={user.id} />;
}
