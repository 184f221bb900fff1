import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor } from "@/lib/server/dal/audit";
import { adminCreateUser, listUsers } from "@/lib/server/dal/users";
import { ZCreateUserBody } from "./schemas";

export const GET = withApi({ permission: "manage:users" }, async () => ({ items: await listUsers(getPrisma()) }));

export const POST = withApi({ permission: "manage:users", body: ZCreateUserBody }, async (ctx) => adminCreateUser(getPrisma(), auditActor(ctx), ctx.body));
