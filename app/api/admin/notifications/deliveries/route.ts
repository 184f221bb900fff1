import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { listDeliveries } from "@/lib/server/dal/notifications";
import { ZDeliveriesQuery } from "../schemas";

export const GET = withApi({ permission: "manage:notifications", query: ZDeliveriesQuery }, async ({ query }) => ({ items: await listDeliveries(getPrisma(), query) }));
