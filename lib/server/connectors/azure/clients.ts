import "server-only";
import { MonitorClient } from "@azure/arm-monitor";
import { ClientSecretCredential, DefaultAzureCredential } from "@azure/identity";
import type { TokenCredential } from "@azure/identity";
import type { TAzureCredentials } from "../credentials";
import type { TClientFactory } from "../types";

// The Monitor client for one subscription. The SDK's own retry is off (maxRetries 0) so that one
// place — activity.ts, with an injectable sleep — honours 429 Retry-After. A pipeline policy can
// point the next request at a saved nextLink: Monitor 7.0.0's byPage() neither takes a
// continuation token nor exposes nextLink, and resuming a window mid-way needs both.

export const ARM_SCOPE = "https://management.azure.com/.default";

type TPolicy = Parameters<MonitorClient["pipeline"]["addPolicy"]>[0];

export interface TAzureClients {
  credential: TokenCredential;
  monitor: MonitorClient;
  /** The URL the next request goes to instead of the SDK's (consumed by that request). */
  redirectNext(url: string | undefined): void;
}

export function createAzureCredential(credentials: TAzureCredentials, factory: TClientFactory = {}): TokenCredential {
  if (factory.azureCredential) return factory.azureCredential();
  return credentials.kind === "secret" ? new ClientSecretCredential(credentials.tenantId, credentials.clientId, credentials.clientSecret) : new DefaultAzureCredential();
}

export function createAzureClients(credentials: TAzureCredentials, subscriptionId: string, factory: TClientFactory = {}): TAzureClients {
  const credential = createAzureCredential(credentials, factory);
  const httpClient = factory.azureHttpClient?.();
  const monitor = new MonitorClient(credential, subscriptionId, { retryOptions: { maxRetries: 0 }, ...(httpClient ? { httpClient } : {}) });
  let pending: string | undefined;
  const redirect: TPolicy = {
    name: "trailwatch-resume-next-link",
    sendRequest(request, next) {
      if (pending) {
        // Only the ARM host: a tampered checkpoint must not send our bearer token elsewhere.
        const target = new URL(pending);
        if (target.origin === new URL(request.url).origin) request.url = target.toString();
        pending = undefined;
      }
      return next(request);
    },
  };
  monitor.pipeline.addPolicy(redirect, { phase: "Serialize" });
  return { credential, monitor, redirectNext: (url) => void (pending = url) };
}

/** Claims of a JWT access token, unverified: used only to learn our own object and app ids. */
function tokenClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * Principal keys the connector's own calls carry (ingest/azure/principal.ts keys on the object id,
 * else the app id, lower-cased): from the configured client id and from the token itself, which
 * also covers DefaultAzureCredential and managed identities.
 */
export async function azureOwnPrincipalKeys(credential: TokenCredential, credentials: TAzureCredentials, signal?: AbortSignal): Promise<Set<string>> {
  const keys = new Set<string>();
  if (credentials.kind === "secret") keys.add(`azure:${credentials.clientId.toLowerCase()}`);
  const token = await credential.getToken(ARM_SCOPE, { abortSignal: signal });
  const claims = token ? tokenClaims(token.token) : {};
  for (const claim of ["oid", "appid", "azp"]) {
    const value = claims[claim];
    if (typeof value === "string" && value) keys.add(`azure:${value.toLowerCase()}`);
  }
  return keys;
}
