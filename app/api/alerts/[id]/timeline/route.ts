import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { getAlertTimeline } from "@/lib/server/dal/events";
import { parseAlertId } from "@/lib/server/dal/alerts";
import { ZTimelineQuery } from "@/lib/shared/events";

export const GET = withApi({ permission: "read", query: ZTimelineQuery }, async ({ params, query }) => getAlertTimeline(getPrisma(), parseAlertId(params.id), query));
