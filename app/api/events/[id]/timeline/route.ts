import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { getEventTimeline, parseEventId } from "@/lib/server/dal/events";
import { ZTimelineQuery } from "@/lib/shared/events";

export const GET = withApi({ permission: "read", query: ZTimelineQuery }, async ({ params, query }) => getEventTimeline(getPrisma(), parseEventId(params.id), query));
