import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { ZBigIntId, ZPage } from "@/lib/shared/schemas";
import { listAudit } from "@/lib/server/dal/audit";
import { describeAuditEntries } from "@/lib/server/dal/audit-view";

const ZAuditQuery = ZPage.extend({ cursor: ZBigIntId.optional(), action: z.string().max(100).optional() });

export const GET = withApi({ permission: "read:audit", query: ZAuditQuery }, async (ctx) => {
  const db = getPrisma();
  const page = await listAudit(db, { before: ctx.query.cursor, limit: ctx.query.limit, action: ctx.query.action });
  return { ...page, items: await describeAuditEntries(db, page.items) };
});
