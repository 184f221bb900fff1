import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { listAlerts } from "@/lib/server/dal/alerts";
import { ZAlertListQuery } from "@/lib/shared/alerts";

export const GET = withApi({ permission: "read", query: ZAlertListQuery }, async ({ query, user }) => listAlerts(getPrisma(), query, user.id));
