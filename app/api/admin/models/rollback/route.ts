import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor } from "@/lib/server/dal/audit";
import { rollbackModel } from "@/lib/server/dal/models";

export const POST = withApi({ permission: "manage:models" }, async (ctx) => ({ version: await rollbackModel(getPrisma(), auditActor(ctx)) }));
