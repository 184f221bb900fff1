import { z } from "zod";
import { withApi } from "@/lib/server/api/handler";
import { getPrisma } from "@/lib/server/db/prisma";
import { AppError } from "@/lib/server/errors";
import { auditActor } from "@/lib/server/dal/audit";
import { getAccount, getAccountCredentials, recordTestResult } from "@/lib/server/dal/accounts";
import { testConnection } from "@/lib/server/connectors/poll-account";
import { fakeCloudFactory } from "../../fake-cloud";

/** Runs every call the connector makes once and reports each: what works and which permission is missing. */
export const POST = withApi({ permission: "manage:accounts" }, async (ctx) => {
  const id = z.uuid().safeParse(ctx.params.id);
  if (!id.success) throw new AppError("not_found", "No such account");
  const db = getPrisma();
  const account = await getAccount(db, id.data);
  const credentials = await getAccountCredentials(db, account.id);
  if (!credentials) throw new AppError("bad_request", "This account has no credentials; add them first");
  const checks = await testConnection(account, credentials, await fakeCloudFactory(account.externalId));
  const failed = checks.filter((c) => !c.ok);
  const summary = failed.length === 0 ? `Connection test passed (${checks.length} checks)` : `Connection test: ${failed.map((c) => c.missingPermission ?? c.check).join(", ")} failed`;
  await recordTestResult(db, auditActor(ctx), account.id, failed.length === 0, summary);
  return { ok: failed.length === 0, checks };
});
