import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { auditActor } from "@/lib/server/dal/audit";
import { updateUser } from "@/lib/server/dal/users";
import { ZUpdateUserBody } from "../schemas";

export const PATCH = withApi({ permission: "manage:users", body: ZUpdateUserBody }, async (ctx) => {
  const id = z.uuid().safeParse(ctx.params.id);
  if (!id.success) throw new AppError("not_found", "No such user");
  // An admin cannot lock themselves out by accident; another admin can.
  if (id.data === ctx.user.id && (ctx.body.disabled || (ctx.body.role && ctx.body.role !== "admin"))) {
    throw new AppError("conflict", "You cannot disable or demote yourself");
  }
  return { user: await updateUser(getPrisma(), auditActor(ctx), id.data, ctx.body) };
});
