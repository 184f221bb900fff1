import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { auditActor } from "@/lib/server/dal/audit";
import { getAccount, getAccountCredentials, recordTestResult } from "@/lib/server/dal/accounts";
import { summarizeConnection } from "@/lib/server/connectors/connection-result";
import { testConnection } from "@/lib/server/connectors/poll-account";
import { fakeCloudFactory } from "../../fake-cloud";

/**
 * Runs every call the connector makes once and reports each: what works and which permission is
 * missing. The one-sentence summary becomes the account's status message, shown on its row.
 */
export const POST = withApi({ permission: "manage:accounts" }, async (ctx) => {
  const id = z.uuid().safeParse(ctx.params.id);
  if (!id.success) throw new AppError("not_found", "No such account");
  const db = getPrisma();
  const account = await getAccount(db, id.data);
  const credentials = await getAccountCredentials(db, account.id);
  if (!credentials) throw new AppError("bad_request", "This account has no credentials: it only holds imported events");
  const checks = await testConnection(account, credentials, await fakeCloudFactory(account.externalId));
  const ok = checks.every((c) => c.ok);
  const message = summarizeConnection(account.provider, checks);
  await recordTestResult(db, auditActor(ctx), account.id, ok, message);
  return { ok, message, checks };
});
