import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { applyTriage } from "@/lib/server/dal/triage";
import { parseAlertId } from "@/lib/server/dal/alerts";
import { AppError } from "@/lib/server/errors";
import { ANALYST_SUPPRESSION_MAX_DAYS, canSuppress } from "@/lib/server/permissions";
import { ZTriageAction } from "@/lib/shared/alerts";

export const POST = withApi({ permission: "triage", body: ZTriageAction }, async ({ params, body, user, req, ip }) => {
  if (body.kind === "close" && body.suppression && !canSuppress(user.role, body.suppression)) {
    throw new AppError("forbidden", `Your role may suppress a principal (or a principal's action) for at most ${ANALYST_SUPPRESSION_MAX_DAYS} days; ask an admin for a wider or longer rule`);
  }
  const actor = { id: user.id, email: user.email, ip, userAgent: req.headers.get("user-agent") };
  return applyTriage(getPrisma(), actor, [parseAlertId(params.id)], body);
});
