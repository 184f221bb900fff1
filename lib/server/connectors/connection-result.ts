// What "Test connection" tells the admin (issue 17): one plain sentence per cause, shown on the
// account's row, instead of the SDK's "Error: getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com".
// Each failed check carries its cause; the summary names the first cause that stopped the test.
import { awsErrorName } from "./retry";
import type { TConnectionCause, TConnectionCheck } from "./types";

/** Node's socket and resolver errors, and the SDKs' names for a request that never got an answer. */
const NETWORK_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "REQUEST_SEND_ERROR", "UND_ERR_CONNECT_TIMEOUT"]);
const NETWORK_NAMES = new Set(["TimeoutError", "RequestTimeout", "NetworkingError"]);

/** AWS answers that mean "these keys, this token or this signature are not valid" (not "not allowed"). */
const AWS_CREDENTIAL_NAMES = new Set([
  "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException",
  "InvalidAccessKeyId", "InvalidToken", "AuthFailure", "IncompleteSignature", "InvalidSignatureException",
]);
/** Azure identity's error for a token it could not get with what it was given. */
const AZURE_CREDENTIAL_NAMES = new Set(["AuthenticationError"]);
/** No credentials at all: the default chain (an account without stored credentials) found none on this host. */
const NO_CREDENTIAL_NAMES = new Set(["CredentialsProviderError", "CredentialUnavailableError", "AggregateAuthenticationError"]);

function isNetworkError(error: unknown): boolean {
  const e = (error ?? {}) as { code?: unknown; name?: unknown; cause?: unknown; errno?: unknown };
  if (typeof e.code === "string" && NETWORK_CODES.has(e.code)) return true;
  if (typeof e.name === "string" && NETWORK_NAMES.has(e.name)) return true;
  return e.cause !== undefined && e.cause !== error && isNetworkError(e.cause);
}

/** Why a check failed: the network, the credentials, a permission (when the caller knows it was denied), or something else. */
export function causeOf(error: unknown, isDenied: boolean): TConnectionCause {
  if (isNetworkError(error)) return "network";
  const name = awsErrorName(error) ?? "";
  if (NO_CREDENTIAL_NAMES.has(name)) return "no-credentials";
  const e = (error ?? {}) as { statusCode?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = e.statusCode ?? e.$metadata?.httpStatusCode;
  if (AWS_CREDENTIAL_NAMES.has(name) || AZURE_CREDENTIAL_NAMES.has(name) || status === 401) return "credentials";
  return isDenied ? "permission" : "other";
}

/** The sentence for the account's row: what works, or the first cause that stopped the test. */
export function summarizeConnection(provider: "aws" | "azure", checks: readonly TConnectionCheck[]): string {
  const cloud = provider === "aws" ? "AWS" : "Azure";
  const failed = checks.filter((c) => !c.ok);
  if (failed.length === 0) return `Connection works (${checks.length} ${checks.length === 1 ? "check" : "checks"} passed)`;
  // The earliest obstacle first: without a network or credentials no permission could be checked.
  for (const cause of ["network", "no-credentials", "credentials"] as const) {
    if (failed.some((c) => c.cause === cause)) return plainCause(cloud, cause)!;
  }
  const missing = [...new Set(failed.flatMap((c) => (c.missingPermission ? [c.missingPermission] : [])))];
  if (missing.length) return `Missing permission: ${missing.join(", ")}`;
  return `${failed[0].check} failed: ${failed[0].error ?? "no answer"}`;
}

function plainCause(cloud: string, cause: TConnectionCause | undefined): string | null {
  if (cause === "network") return `Cannot reach ${cloud} (network/DNS)`;
  if (cause === "credentials") return `${cloud} rejected the credentials`;
  if (cause === "no-credentials") return `No ${cloud} credentials: add them to the account`;
  return null;
}

/** AWS names the refused action in its message ("not authorized to perform: cloudtrail:LookupEvents"). */
const PERFORM_RE = /perform:? ([A-Za-z0-9-]+:[A-Za-z0-9*]+)/;
const FIRST_LINE_MAX = 200;

/**
 * The account row's sentence for a poll that failed (jobs/handlers/poll.ts): the same plain causes
 * as the connection test; anything else as its first line, shortened. The whole error stays in the
 * poll's progress row and the log.
 */
export function describePollError(provider: "aws" | "azure", error: unknown): string {
  const cloud = provider === "aws" ? "AWS" : "Azure";
  const message = error instanceof Error ? error.message : String(error);
  const cause = causeOf(error, false);
  const plain = plainCause(cloud, cause);
  if (plain) return plain;
  const action = PERFORM_RE.exec(message)?.[1];
  if (action) return `Missing permission: ${action}`;
  const line = message.split("\n")[0].trim();
  return `Polling failed: ${line.length > FIRST_LINE_MAX ? `${line.slice(0, FIRST_LINE_MAX - 1)}…` : line}`;
}
