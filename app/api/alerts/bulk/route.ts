import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { applyTriage } from "@/lib/server/dal/triage";
import { ZBulkTriage } from "@/lib/shared/alerts";

/** Bulk acknowledge / assign / close from the inbox (no comments or suppression rules in bulk). */

export const POST = withApi({ permission: "triage", body: ZBulkTriage }, async ({ body, user, req, ip }) => {
  const actor = { id: user.id, email: user.email, ip, userAgent: req.headers.get("user-agent") };
  return applyTriage(getPrisma(), actor, body.ids, body.action);
});
