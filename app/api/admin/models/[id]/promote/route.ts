import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { ZIntId } from "@/lib/shared/schemas";
import { auditActor } from "@/lib/server/dal/audit";
import { promoteModelVersion } from "@/lib/server/dal/models";

export const POST = withApi({ permission: "manage:models" }, async (ctx) => {
  const id = ZIntId.safeParse(ctx.params.id);
  if (!id.success) throw new AppError("not_found", "No such model version");
  return { version: await promoteModelVersion(getPrisma(), auditActor(ctx), id.data) };
});
