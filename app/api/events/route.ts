import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { searchEvents } from "@/lib/server/dal/events";
import { ZEventListQuery } from "@/lib/shared/events";

export const GET = withApi({ permission: "read", query: ZEventListQuery }, async ({ query }) => searchEvents(getPrisma(), query));
