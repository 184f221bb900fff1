import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { getQueueStatus } from "@/lib/server/dal/queue-status";

export const GET = withApi({ permission: "manage:data" }, async () => getQueueStatus(getPrisma()));
