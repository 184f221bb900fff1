import { requirePagePermission } from "@/lib/server/auth/session";
import { RulesAdmin } from "./rules-admin";

export default async function SuppressionRulesPage() {
  await requirePagePermission("manage:rules");
  return <RulesAdmin />;
}
