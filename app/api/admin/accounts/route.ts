import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { auditActor } from "@/lib/server/dal/audit";
import { createAccount, listAccounts } from "@/lib/server/dal/accounts";
import { ZCreateAccountBody, publicCredentialFields } from "./schemas";

export const GET = withApi({ permission: "manage:accounts" }, async () => ({ items: await listAccounts(getPrisma()) }));

export const POST = withApi({ permission: "manage:accounts", body: ZCreateAccountBody }, async (ctx) => {
  const { credentials, config, ...rest } = ctx.body;
  const account = await createAccount(getPrisma(), auditActor(ctx), { ...rest, config: { ...config, ...publicCredentialFields(credentials) } }, credentials);
  return { account };
});
