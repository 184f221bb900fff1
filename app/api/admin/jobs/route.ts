import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { getPipelineStatus } from "@/lib/server/jobs/pipeline-status";

export const GET = withApi({ permission: "manage:data" }, async () => getPipelineStatus(getPrisma()));
