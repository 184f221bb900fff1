import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { auditActor } from "@/lib/server/dal/audit";
import { resetUserPassword } from "@/lib/server/dal/users";
import { ZResetPasswordBody } from "../../schemas";

/** Answers the generated password once (or null when the admin chose one); it is never stored in clear. */
export const POST = withApi({ permission: "manage:users", body: ZResetPasswordBody }, async (ctx) => {
  const id = z.uuid().safeParse(ctx.params.id);
  if (!id.success) throw new AppError("not_found", "No such user");
  return resetUserPassword(getPrisma(), auditActor(ctx), id.data, ctx.body.password);
});
