import { getPrisma } from "@/lib/server/db/prisma";
import { withApi } from "@/lib/server/api/handler";
import { getAlertFacets } from "@/lib/server/dal/alerts";

export const GET = withApi({ permission: "read" }, async () => getAlertFacets(getPrisma()));
