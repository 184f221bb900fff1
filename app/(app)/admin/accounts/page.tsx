import crypto from "node:crypto";
import { requirePagePermission } from "@/lib/server/auth/session";
import { AccountsAdmin } from "./accounts-admin";

export default async function AccountsPage() {
  await requirePagePermission("manage:accounts");
  // The product generates the external id (AWS's confused-deputy guard); the admin pastes it into the trust policy.
  return <AccountsAdmin newExternalId={`trailwatch-${crypto.randomBytes(12).toString("hex")}`} />;
}
