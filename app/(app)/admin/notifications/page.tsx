import { requirePagePermission } from "@/lib/server/auth/session";
import { NotificationsAdmin } from "./notifications-admin";

export default async function NotificationsPage() {
  await requirePagePermission("manage:notifications");
  return <NotificationsAdmin />;
}
