import "server-only";
import type { TAzureCredentials } from "../credentials";
import { causeOf } from "../connection-result";
import { errorMessage } from "../retry";
import type { TClientFactory, TConnectionCause, TConnectionCheck, TConnectorAccount } from "../types";
import { activityFilter, fetchActivityPage } from "./activity-page";
import { ARM_SCOPE, createAzureClients } from "./clients";

// "Test connection" for a subscription: can we get a token, and may we read its Activity Log
// (the Reader or Monitoring Reader role grants Microsoft.Insights/eventtypes/values/read).

const READ_PERMISSION = "Microsoft.Insights/eventtypes/values/read";

function describe(error: unknown): { error: string; status?: number; code?: string } {
  const e = error as { statusCode?: number; code?: string } | null;
  return { error: `${e?.code ? `${e.code}: ` : ""}${errorMessage(error)}`, status: e?.statusCode, code: e?.code };
}

/** A token that could not be had is a credentials problem unless the network or a missing credential says otherwise. */
const tokenCause = (cause: TConnectionCause): TConnectionCause => (cause === "network" || cause === "no-credentials" ? cause : "credentials");

export async function testAzureConnection(account: TConnectorAccount, credentials: TAzureCredentials, factory?: TClientFactory): Promise<TConnectionCheck[]> {
  const clients = createAzureClients(credentials, account.externalId, factory);
  const checks: TConnectionCheck[] = [];
  try {
    await clients.credential.getToken(ARM_SCOPE);
    checks.push({ check: "azure:token", ok: true });
  } catch (error) {
    checks.push({ check: "azure:token", ok: false, error: describe(error).error, cause: tokenCause(causeOf(error, false)) });
    return checks;
  }
  try {
    const end = new Date();
    await fetchActivityPage(clients, activityFilter(new Date(end.getTime() - 3_600_000), end), undefined);
    checks.push({ check: `${READ_PERMISSION} ${account.externalId}`, ok: true });
  } catch (error) {
    const d = describe(error);
    const cause = causeOf(error, d.status === 403 || d.code === "AuthorizationFailed");
    checks.push({ check: `${READ_PERMISSION} ${account.externalId}`, ok: false, error: d.error, cause, ...(cause === "permission" ? { missingPermission: READ_PERMISSION } : {}) });
  }
  return checks;
}
