import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor, writeAudit } from "@/lib/server/dal/audit";
import { EVENT_EXPORT_COLUMNS, eventExportPages } from "@/lib/server/dal/exports";
import { exportResponse, exportStream } from "@/lib/server/export/stream";
import { ZEventFilters } from "@/lib/shared/events";

const ZQuery = ZEventFilters.extend({ format: z.enum(["csv", "jsonl"]).default("csv") });

/** The event explorer's results, streamed as CSV or JSON Lines (issue 17). */
export const GET = withApi({ permission: "read", query: ZQuery }, async (ctx) => {
  const { format, ...filters } = ctx.query;
  const db = getPrisma();
  await writeAudit(db, auditActor(ctx), { action: "events.export", targetType: "event", details: { format, filters: ctx.req.nextUrl.searchParams.toString() } });
  return exportResponse(exportStream(format, EVENT_EXPORT_COLUMNS, eventExportPages(db, filters)), format, "trailwatch-events");
});
