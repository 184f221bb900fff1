import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor } from "@/lib/server/dal/audit";
import { changeOwnPassword } from "@/lib/server/dal/users";

const ZChangePasswordBody = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(12, "at least 12 characters").max(1024) })
  .refine((v) => v.currentPassword !== v.newPassword, { message: "the new password must differ", path: ["newPassword"] });

/** Every signed-in user may change their own password; it ends their other sessions (dal/sessions.ts). */
export const POST = withApi({ permission: "read", body: ZChangePasswordBody }, async (ctx) => {
  await changeOwnPassword(getPrisma(), ctx.user.id, auditActor(ctx), ctx.body.currentPassword, ctx.body.newPassword, ctx.user.sessionId);
  return { ok: true };
});
