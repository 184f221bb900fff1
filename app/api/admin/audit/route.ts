import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { ZBigIntId, ZPage } from "@/lib/shared/schemas";
import { listAudit } from "@/lib/server/dal/audit";

const ZAuditQuery = ZPage.extend({ cursor: ZBigIntId.optional(), action: z.string().max(100).optional() });

export const GET = withApi({ permission: "read:audit", query: ZAuditQuery }, async (ctx) =>
  listAudit(getPrisma(), { before: ctx.query.cursor, limit: ctx.query.limit, action: ctx.query.action }),
);
