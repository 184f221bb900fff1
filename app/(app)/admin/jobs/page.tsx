import { requirePagePermission } from "@/lib/server/auth/session";
import { JobsAdmin } from "./jobs-admin";

export default async function JobsPage() {
  await requirePagePermission("manage:data");
  return <JobsAdmin />;
}
