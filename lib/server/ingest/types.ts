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
  /** Console sign-ins: whether MFA was used (CloudTrail additionalEventData.MFAUsed); null or absent otherwise. */
  mfaUsed?: boolean | null;
  /**
   * Behaviour key (DOMAIN.md §1): role ARN for assumed roles, user ARN, "root:<acct>"; calls made on
   * a principal's behalf carry its key. "aws-service:<svc>" only for AWS services with no principal behind them.
   */
  principalKey: string;
  principalType: string;
  principalName: string;
  sessionName: string | null;
  /**
   * The service that made the call on the principal's behalf: CloudTrail userIdentity.invokedBy, or
   * the Azure platform category (Policy, Autoscale, …); null or absent for the principal's own calls.
   */
  invokedBy?: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  userAgentFamily: TUserAgentFamily;
  resources: Array<{ type?: string; arn?: string; name?: string }>;
  /** The record exactly as received (for Azure, the final record of the operation). */
  raw: unknown;
  /**
   * The JSON text `raw` was parsed from, when the record was the whole text: the store sends it to
   * PostgreSQL as it is, instead of serializing `raw` again (the largest cost of building a batch),
   * unless PostgreSQL could refuse or blow it up (store-json.ts isVerbatimSafe). Whoever replaces
   * `raw` must drop it.
   */
  rawText?: string;
  /**
   * Azure operations: 0 started, 1 accepted or other, 2 terminal (collapse.ts). When the start and
   * end of one operation arrive in different files or pages, the later, more final record updates
   * the stored event's outcome, error and raw.
   */
  statusRank?: number;
}

/** A record the parser could not turn into an event: counted, kept (size-capped), never fatal for the file. */
export interface IngestReject {
  file: string;
  /** "record 12", "line 40", "byte 1048576", "file": where in the file the problem is. */
  position: string;
  reason: string;
  raw: string | null;
}

/** One item of a parse: an event, a rejected record, a skipped file/record (digests, S3 pointers), or a recovered syntax problem. */
export type TParseResult =
  | { kind: "event"; event: NormalizedEvent; position: string }
  | { kind: "reject"; reject: IngestReject }
  | { kind: "skip"; file: string; position: string; reason: string }
  /** The input was malformed but every record around the problem was kept (e.g. a missing comma between records). */
  | { kind: "warning"; file: string; position: string; reason: string };

export interface TParseOptions {
  /** Largest single record (JSON element, JSON Lines line, CSV row) in bytes; larger ones are rejected. Default 1 MiB. */
  maxRecordBytes?: number;
  /** Stop decompressing a gzip input past this many output bytes. Default 4 GiB. */
  maxDecompressedBytes?: number;
  /** Stop decompressing once output/input exceeds this ratio (checked past `ratioCheckAfterBytes`). Default 1000. */
  maxCompressionRatio?: number;
  /** Output bytes after which the ratio cap applies, so small highly-compressible files pass. Default 64 MiB. */
  ratioCheckAfterBytes?: number;
  /** Deepest JSON nesting accepted inside one record. Default 128. */
  maxDepth?: number;
  /** Principal key for records whose userIdentity was stripped (console-session exports: one principal per file). */
  defaultPrincipal?: string;
  /** Azure records collapsed by operationId within windows of this many records. Default 50,000. */
  collapseWindow?: number;
}

/** What normalizeRecord needs besides the record itself. */
export interface TNormalizeContext {
  /** A short stable name for the source file ("<dir>/<file>"), used for `unknown:<file>` principals. */
  fileKey: string;
  defaultPrincipal?: string;
}
