import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor } from "@/lib/server/dal/audit";
import { deleteChannel, parseChannelId, updateChannel } from "@/lib/server/dal/notifications";
import { ZUpdateChannelBody } from "../schemas";

export const PATCH = withApi({ permission: "manage:notifications", body: ZUpdateChannelBody }, async (ctx) => ({
  channel: await updateChannel(getPrisma(), auditActor(ctx), parseChannelId(ctx.params.id), ctx.body),
}));

export const DELETE = withApi({ permission: "manage:notifications" }, async (ctx) => {
  await deleteChannel(getPrisma(), auditActor(ctx), parseChannelId(ctx.params.id));
  return { ok: true };
});
