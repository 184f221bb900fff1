import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { auditActor, writeAudit } from "@/lib/server/dal/audit";
import { endSession } from "@/lib/server/dal/sessions";
import { ZUuid } from "@/lib/shared/schemas";

/** Ends one of the caller's own sessions (another browser, or this one). */
export const DELETE = withApi({ permission: "read" }, async (ctx) => {
  const id = ZUuid.safeParse(ctx.params.id);
  if (!id.success) throw new AppError("not_found", "No such session");
  const ended = await getPrisma().$transaction(async (tx) => {
    const ok = await endSession(tx, ctx.user.id, id.data);
    if (ok) await writeAudit(tx, auditActor(ctx), { action: "session.end", targetType: "session", targetId: id.data });
    return ok;
  });
  if (!ended) throw new AppError("not_found", "No such session");
  return { ok: true };
});
