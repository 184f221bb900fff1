import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { listRelatedAlerts, parseAlertId } from "@/lib/server/dal/alerts";

export const GET = withApi({ permission: "read" }, async ({ params }) => listRelatedAlerts(getPrisma(), parseAlertId(params.id)));
