import { getEnv } from "@/lib/env";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { auditActor } from "@/lib/server/dal/audit";
import { enqueueRetrain } from "@/lib/server/dal/models";

export const POST = withApi({ permission: "manage:models" }, async (ctx) => {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new AppError("internal", "No database URL for the job queue");
  return { jobId: await enqueueRetrain(getPrisma(), auditActor(ctx), url) };
});
