// Shared shapes of the demo organisation and of the events the behaviours emit.

export type TPrincipalKind = "automation" | "human" | "service" | "scanner";
export type TBehaviour =
  | "ci-cd"
  | "cfn-exec"
  | "workload"
  | "console-human"
  | "cli-admin"
  | "scanner"
  | "aws-service"
  | "azure-user"
  | "azure-app"
  /** An identity provider that only appears in sts:AssumeRoleWithWebIdentity; not run on its own. */
  | "oidc";

export interface DemoAccount {
  provider: "aws" | "azure";
  /** 12-digit AWS account id or Azure subscription GUID. */
  id: string;
  name: string;
  homeRegion: string;
  /** Regions where this account runs things (the scanner sweeps more). */
  regions: string[];
}

export interface WorkloadCall {
  source: string;
  name: string;
  /** Probability that this call happens on a tick. */
  p: number;
  /** Data-plane call (CloudTrail data event): eventCategory Data, managementEvent false. */
  isData?: boolean;
  /** Only from this fraction of the period on (a deploy added the call). */
  fromFraction?: number;
}

export interface WorkloadSpec {
  compute: "lambda" | "ecs" | "ec2";
  periodMinutes: number;
  calls: WorkloadCall[];
  /** Busy hours (UTC) multiply the tick probability; nights are quieter. */
  diurnal: boolean;
  /** Attempts per call per tick (each with probability p): request volume of the workload. */
  batch: number;
}

export interface DemoPrincipal {
  provider: "aws" | "azure";
  /** Behaviour key (DOMAIN.md §1): role ARN, user ARN, "aws-service:<svc>" for AWS services acting as themselves; Azure: UPN or app id. */
  key: string;
  kind: TPrincipalKind;
  behaviour: TBehaviour;
  name: string;
  account: DemoAccount;
  identityType: "IAMUser" | "AssumedRole" | "AWSService" | "AzureUser" | "AzureApp";
  /** IAM user/role ARN; the service principal for AWSService; Azure object id. */
  arn: string;
  /** AIDA… / AROA… unique id; Azure app id for apps. */
  principalId: string;
  /** Long-lived AKIA key of an IAM user with programmatic access. */
  accessKeyId?: string;
  /** First moment the principal exists (a new hire, a new workload). */
  activeFrom: number;
  utcOffsetHours: number;
  officeIp: string;
  homeIp: string;
  userAgent: string;
  region: string;
  workload?: WorkloadSpec;
  /** Indices of preferred console-session templates (a person's habits). */
  favouriteTemplates?: number[];
  isOnCall?: boolean;
  /** A planned rotation of the long-lived access key (a benign oddity); later calls use the new key. */
  keyRotation?: { at: number; newAccessKeyId: string };
}

export type AwsRecord = Record<string, unknown> & { eventID: string; eventTime: string };
export type AzureRecord = Record<string, unknown> & { time: string; operationId: string };

export type TSimEvent =
  | { t: number; sink: "aws"; accountId: string; region: string; record: AwsRecord }
  | { t: number; sink: "azure"; subscriptionId: string; record: AzureRecord };

/** A label line for an injected attack event (labels.jsonl) or a benign oddity (benign-oddities.jsonl). */
export interface EventLabel {
  eventId: string;
  technique: string;
  tactic: string;
  /** The attack source file (or pattern name) the event came from. */
  file: string;
  /** Principal key of the victim whose timeline received the event. */
  victim: string;
  /** ISO time of the first event of this injection. */
  injectedAt: string;
  provider: "aws" | "azure";
  /** Where the event was written, relative to the output directory. */
  deliveryFile?: string;
}

export interface OddityLabel {
  eventId: string;
  kind: "benign-oddity";
  description: string;
  principal: string;
  at: string;
  provider: "aws" | "azure";
}
