import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { getFirstStart } from "@/lib/server/dal/first-start";

/** The first-start banner's state (seeding, training, scoring the demo); every role sees it. */
export const GET = withApi({ permission: "read" }, async () => getFirstStart(getPrisma()));
