import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { applyTriage } from "@/lib/server/dal/triage";
import { parseAlertId } from "@/lib/server/dal/alerts";
import { AppError } from "@/lib/server/errors";
import { can } from "@/lib/server/permissions";
import { ZTriageAction } from "@/lib/shared/alerts";

export const POST = withApi({ permission: "triage", body: ZTriageAction }, async ({ params, body, user, req, ip }) => {
  if (body.kind === "close" && body.suppression && !can(user.role, "suppress")) throw new AppError("forbidden", "Your role cannot create suppression rules");
  const actor = { id: user.id, email: user.email, ip, userAgent: req.headers.get("user-agent") };
  return applyTriage(getPrisma(), actor, [parseAlertId(params.id)], body);
});
