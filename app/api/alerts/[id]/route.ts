import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { getAlert, parseAlertId } from "@/lib/server/dal/alerts";

export const GET = withApi({ permission: "read" }, async ({ params }) => getAlert(getPrisma(), parseAlertId(params.id)));
