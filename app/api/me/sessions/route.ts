import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { listUserSessions } from "@/lib/server/dal/sessions";

/** The caller's own live sessions (Settings), the current one marked. */
export const GET = withApi({ permission: "read" }, async (ctx) => {
  const sessions = await listUserSessions(getPrisma(), ctx.user.id);
  return { sessions: sessions.map((s) => ({ ...s, current: s.id === ctx.user.sessionId })) };
});
