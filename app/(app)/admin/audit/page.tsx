import { requirePagePermission } from "@/lib/server/auth/session";
import { AuditLog } from "./audit-log";

export default async function AuditPage() {
  await requirePagePermission("read:audit");
  return <AuditLog />;
}
