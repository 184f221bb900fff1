import { requirePagePermission } from "@/lib/server/auth/session";
import { ModelsAdmin } from "./models-admin";

export default async function ModelsPage() {
  await requirePagePermission("manage:models");
  return <ModelsAdmin />;
}
