// The one normalized event both providers map to (issue 3). The parser produces it, the store
// writes it to the `events` table, the model reads a subset of it (ml/data/tokens.ts).

export type TProvider = "aws" | "azure";

/** api: a management/data API call · insight: a CloudTrail Insights record · signin: console sign-in · service: AWS service event */
export type TEventCategory = "api" | "insight" | "signin" | "service";

export type TUserAgentFamily = "console" | "cli" | "sdk" | "terraform" | "service" | "other";

export type TOutcome = "success" | "failure";

export interface NormalizedEvent {
  provider: TProvider;
  /** AWS eventID (deduplicated on it, DOMAIN.md §1) or Azure eventDataId / operationId of the collapsed operation. */
  providerEventId: string;
  /** AWS account id (recipientAccountId, else userIdentity.accountId) or Azure subscription id; "unknown" if absent. */
  accountExternalId: string;
  region: string | null;
  eventTime: Date;
  /** `eventSource:eventName` for AWS ("iam.amazonaws.com:CreateUser"), the operation name for Azure. */
  action: string;
  /** "iam" for AWS, the resource provider ("Microsoft.Compute") for Azure. */
  service: string;
  category: TEventCategory;
  outcome: TOutcome;
  errorCode: string | null;
  readOnly: boolean | null;
  /** Behaviour key (DOMAIN.md §1): role ARN for assumed roles, user ARN, "root:<acct>", "aws-service:<svc>". */
  principalKey: string;
  principalType: string;
  principalName: string;
  sessionName: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  userAgentFamily: TUserAgentFamily;
  resources: Array<{ type?: string; arn?: string; name?: string }>;
  /** The record exactly as received (for Azure, the final record of the operation). */
  raw: unknown;
}

/** A record the parser could not turn into an event: counted, kept (size-capped), never fatal for the file. */
export interface IngestReject {
  file: string;
  /** "record 12", "line 40", "byte 1048576", "file": where in the file the problem is. */
  position: string;
  reason: string;
  raw: string | null;
}
