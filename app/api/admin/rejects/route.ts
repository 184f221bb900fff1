import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { ZPage } from "@/lib/shared/schemas";
import { listRejects } from "@/lib/server/dal/rejects";

const ZRejectsQuery = ZPage.extend({ cursor: z.string().regex(/^\d{1,19}$/).optional() });

export const GET = withApi({ permission: "manage:data", query: ZRejectsQuery }, async (ctx) =>
  listRejects(getPrisma(), { before: ctx.query.cursor ? BigInt(ctx.query.cursor) : undefined, limit: ctx.query.limit }),
);
