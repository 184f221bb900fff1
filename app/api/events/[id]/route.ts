import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { getEvent, parseEventId } from "@/lib/server/dal/events";

export const GET = withApi({ permission: "read" }, async ({ params }) => getEvent(getPrisma(), parseEventId(params.id)));
