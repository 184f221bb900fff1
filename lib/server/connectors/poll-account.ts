import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { pollAwsAccount } from "./aws/poll";
import { testAwsConnection } from "./aws/test-connection";
import { pollAzureAccount } from "./azure/poll";
import { testAzureConnection } from "./azure/test-connection";
import { touchPolled } from "./checkpoint";
import { ZAwsCredentials, ZAzureCredentials } from "./credentials";
import type { TCredentials } from "./credentials";
import type { TClientFactory, TConnectionCheck, TConnectorAccount, TPollOptions, TPollResult } from "./types";

// The connectors' entry points for the worker (poll) and the accounts page (test connection).
// Credentials arrive decrypted and are validated against the provider's shape here, so a
// mismatched secret fails with a message that names the shape, never the values.

function credentialsFor(account: TConnectorAccount, credentials: TCredentials) {
  const schema = account.provider === "aws" ? ZAwsCredentials : ZAzureCredentials;
  const parsed = schema.safeParse(credentials);
  if (!parsed.success) throw new AppError("bad_request", `credentials do not match the ${account.provider} shape (${parsed.error.issues.map((i) => i.path.join(".") || "kind").join(", ")})`);
  return parsed.data;
}

/** One poll: stores what is new, advances checkpoints after each commit, records one import run per stream. */
export async function pollAccount(db: TPrisma, account: TConnectorAccount, opts: TPollOptions<TCredentials>): Promise<TPollResult> {
  const now = opts.now ?? new Date();
  const credentials = credentialsFor(account, opts.credentials);
  const result =
    account.provider === "aws"
      ? await pollAwsAccount(db, account, { ...opts, now, credentials: ZAwsCredentials.parse(credentials) })
      : await pollAzureAccount(db, account, { ...opts, now, credentials: ZAzureCredentials.parse(credentials) });
  await touchPolled(db, account.id, now);
  return result;
}

/** Every permission the connector uses, checked once: [{ check, ok, error?, missingPermission? }]. */
export async function testConnection(account: TConnectorAccount, credentials: TCredentials, clientFactory?: TClientFactory): Promise<TConnectionCheck[]> {
  const parsed = credentialsFor(account, credentials);
  return account.provider === "aws"
    ? testAwsConnection(account, ZAwsCredentials.parse(parsed), clientFactory)
    : testAzureConnection(account, ZAzureCredentials.parse(parsed), clientFactory);
}
