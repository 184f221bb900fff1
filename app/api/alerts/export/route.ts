import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor, writeAudit } from "@/lib/server/dal/audit";
import { ALERT_EXPORT_COLUMNS, alertExportPages } from "@/lib/server/dal/exports";
import { exportResponse, exportStream } from "@/lib/server/export/stream";
import { ZAlertFilters } from "@/lib/shared/alerts";

const ZQuery = ZAlertFilters.extend({ format: z.enum(["csv", "jsonl"]).default("csv") });

/** The inbox with its current filters, streamed as CSV or JSON Lines (issue 17). */
export const GET = withApi({ permission: "read", query: ZQuery }, async (ctx) => {
  const { format, ...filters } = ctx.query;
  const db = getPrisma();
  await writeAudit(db, auditActor(ctx), { action: "alerts.export", targetType: "alert", details: { format, filters: ctx.req.nextUrl.searchParams.toString() } });
  return exportResponse(exportStream(format, ALERT_EXPORT_COLUMNS, alertExportPages(db, filters, ctx.user.id)), format, "trailwatch-alerts");
});
