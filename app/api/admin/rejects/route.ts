import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { ZBigIntId, ZPage } from "@/lib/shared/schemas";
import { listRejects } from "@/lib/server/dal/rejects";

const ZRejectsQuery = ZPage.extend({ cursor: ZBigIntId.optional() });

export const GET = withApi({ permission: "manage:data", query: ZRejectsQuery }, async (ctx) =>
  listRejects(getPrisma(), { before: ctx.query.cursor, limit: ctx.query.limit }),
);
