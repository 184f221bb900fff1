import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor } from "@/lib/server/dal/audit";
import { createChannel, listChannels } from "@/lib/server/dal/notifications";
import { ZCreateChannelBody } from "./schemas";

export const GET = withApi({ permission: "manage:notifications" }, async () => ({ items: await listChannels(getPrisma()) }));

export const POST = withApi({ permission: "manage:notifications", body: ZCreateChannelBody }, async (ctx) => {
  // Alert links in messages point where the admin reaches Trailwatch (same-origin is enforced for writes).
  const origin = ctx.req.headers.get("origin");
  return { channel: await createChannel(getPrisma(), auditActor(ctx), ctx.body, origin && /^https?:\/\//.test(origin) ? origin : null) };
});
