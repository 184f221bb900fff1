import { requirePagePermission } from "@/lib/server/auth/session";
import { RejectsAdmin } from "./rejects-admin";

export default async function RejectsPage() {
  await requirePagePermission("manage:data");
  return <RejectsAdmin />;
}
