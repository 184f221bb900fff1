import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { auditActor } from "@/lib/server/dal/audit";
import { signOutEverywhere } from "@/lib/server/dal/users";
import { ZUuid } from "@/lib/shared/schemas";

/** "Sign out everywhere": ends every session of the user at once. */
export const DELETE = withApi({ permission: "manage:users" }, async (ctx) => {
  const id = ZUuid.safeParse(ctx.params.id);
  if (!id.success) throw new AppError("not_found", "No such user");
  return { ended: await signOutEverywhere(getPrisma(), auditActor(ctx), id.data) };
});
