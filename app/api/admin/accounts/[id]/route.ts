import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { auditActor } from "@/lib/server/dal/audit";
import { getAccount, removeAccount, updateAccount } from "@/lib/server/dal/accounts";
import { type TCredentials } from "@/lib/server/connectors/credentials";
import { ZRemoveAccountQuery, ZUpdateAccountBody, parseProviderConfig, parseProviderCredentials, publicCredentialFields } from "../schemas";

function accountId(params: Record<string, string>): string {
  const id = z.uuid().safeParse(params.id);
  if (!id.success) throw new AppError("not_found", "No such account");
  return id.data;
}

export const GET = withApi({ permission: "manage:accounts" }, async (ctx) => ({ account: await getAccount(getPrisma(), accountId(ctx.params)) }));

export const PATCH = withApi({ permission: "manage:accounts", body: ZUpdateAccountBody }, async (ctx) => {
  const db = getPrisma();
  const id = accountId(ctx.params);
  const current = await getAccount(db, id);
  let credentials: TCredentials | undefined;
  if (ctx.body.credentials !== undefined) {
    const parsed = parseProviderCredentials(current.provider, ctx.body.credentials);
    if (!parsed.success) throw new AppError("bad_request", "Invalid credentials", parsed.error.issues.map((i) => ({ path: `credentials.${i.path.join(".")}`, message: i.message })));
    credentials = parsed.data;
  }
  let config: Record<string, unknown> | undefined;
  if (ctx.body.config || credentials) {
    const parsed = parseProviderConfig(current.provider, ctx.body.config ?? current.config);
    if (!parsed.success) throw new AppError("bad_request", "Invalid config", parsed.error.issues.map((i) => ({ path: `config.${i.path.join(".")}`, message: i.message })));
    const keep = Object.fromEntries(Object.entries(current.config as Record<string, unknown>).filter(([k]) => ["credentialKind", "roleArn", "roleExternalId", "accessKeyId", "tenantId", "clientId"].includes(k)));
    config = { ...keep, ...parsed.data, ...(credentials ? publicCredentialFields(credentials) : {}) };
  }
  const { displayName, enabled } = ctx.body;
  const patch = Object.fromEntries(Object.entries({ displayName, enabled, config }).filter(([, v]) => v !== undefined));
  return { account: await updateAccount(db, auditActor(ctx), id, patch, credentials) };
});

export const DELETE = withApi({ permission: "manage:accounts", query: ZRemoveAccountQuery }, async (ctx) => {
  await removeAccount(getPrisma(), auditActor(ctx), accountId(ctx.params), ctx.query.keepEvents);
  return { ok: true };
});
