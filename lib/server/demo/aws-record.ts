// Builds complete CloudTrail records (DOMAIN.md §1) from a principal's session and one API call.
// The identity block is built once per session (and per invokedBy variant) and shared by reference:
// records are serialised immediately, so sharing is safe and saves most of the allocation.
import { hashString, type Rng } from "./rng";
import { isoSeconds } from "./calendar";
import type { AwsRecord, DemoPrincipal } from "./types";

export interface AwsSession {
  principal: DemoPrincipal;
  accountId: string;
  sessionName: string | null;
  accessKeyId: string;
  createdAt: number;
  sourceIp: string;
  userAgent: string;
  isConsole: boolean;
  identity: Record<string, unknown>;
  variants: Map<string, Record<string, unknown>>;
}

export interface AwsCall {
  source: string;
  name: string;
  region: string;
  rp?: unknown;
  re?: unknown;
  error?: { code: string; message: string };
  readOnly?: boolean;
  isData?: boolean;
  eventType?: string;
  invokedBy?: string;
  sourceIp?: string;
  userAgent?: string;
  additional?: Record<string, unknown>;
  resources?: Array<Record<string, unknown>>;
  recipientAccountId?: string;
}

const GLOBAL_SOURCES = new Set(["iam.amazonaws.com", "signin.amazonaws.com", "organizations.amazonaws.com", "cloudfront.amazonaws.com", "route53.amazonaws.com", "health.amazonaws.com", "support.amazonaws.com"]);
const READ_PREFIX = /^(Get|List|Describe|Head|Lookup|Search|Scan|Query|BatchGet|Select|View|Decrypt|GenerateDataKey|AssumeRole|ReceiveMessage|Check|Validate|Estimate|Preview|Simulate)/;
const VERSIONS = ["1.08", "1.09", "1.10", "1.11"];
const versionCache = new Map<string, string>();

export function isReadOnlyName(name: string): boolean {
  return READ_PREFIX.test(name);
}

/** Global services deliver in us-east-1 whatever the caller's region. */
export function regionFor(source: string, region: string): string {
  return GLOBAL_SOURCES.has(source) ? "us-east-1" : region;
}

function eventVersionFor(source: string): string {
  let v = versionCache.get(source);
  if (!v) versionCache.set(source, (v = VERSIONS[hashString(source) % VERSIONS.length]));
  return v;
}

function hostFor(source: string, region: string): string {
  const svc = source.replace(".amazonaws.com", "");
  return GLOBAL_SOURCES.has(source) ? source : `${svc}.${region}.amazonaws.com`;
}

export interface OpenSessionOptions {
  sessionName?: string | null;
  accessKeyId: string;
  createdAt: number;
  mfa?: boolean;
  sourceIp: string;
  userAgent: string;
  isConsole?: boolean;
  /** Extra sessionContext keys (ec2RoleDelivery for instance profiles). */
  contextExtra?: Record<string, unknown>;
}

export function openSession(p: DemoPrincipal, o: OpenSessionOptions): AwsSession {
  const accountId = p.account.id;
  const attributes = { creationDate: isoSeconds(o.createdAt), mfaAuthenticated: o.mfa ? "true" : "false" };
  let identity: Record<string, unknown>;
  if (p.identityType === "IAMUser") {
    identity = { type: "IAMUser", principalId: p.principalId, arn: p.arn, accountId, accessKeyId: o.accessKeyId, userName: p.name };
    if (o.isConsole) identity.sessionContext = { sessionIssuer: {}, webIdFederationData: {}, attributes };
  } else if (p.identityType === "AWSService") {
    identity = { type: "AWSService", invokedBy: p.name };
  } else {
    const session = o.sessionName ?? "session";
    identity = {
      type: "AssumedRole", principalId: `${p.principalId}:${session}`,
      arn: `arn:aws:sts::${accountId}:assumed-role/${p.arn.split("/").pop()}/${session}`, accountId, accessKeyId: o.accessKeyId,
      sessionContext: {
        sessionIssuer: { type: "Role", principalId: p.principalId, arn: p.arn, accountId, userName: p.arn.split("/").pop() },
        webIdFederationData: {}, attributes, ...o.contextExtra,
      },
    };
  }
  return {
    principal: p, accountId, sessionName: o.sessionName ?? null, accessKeyId: o.accessKeyId, createdAt: o.createdAt,
    sourceIp: o.sourceIp, userAgent: o.userAgent, isConsole: Boolean(o.isConsole), identity, variants: new Map(),
  };
}

function identityVariant(s: AwsSession, invokedBy: string | undefined): Record<string, unknown> {
  if (!invokedBy || s.principal.identityType === "AWSService") return s.identity;
  let v = s.variants.get(invokedBy);
  if (!v) s.variants.set(invokedBy, (v = { ...s.identity, invokedBy }));
  return v;
}

/** One complete CloudTrail record of `call` made at `t` in `session`. */
export function buildAwsRecord(rng: Rng, t: number, s: AwsSession, c: AwsCall): AwsRecord {
  const region = regionFor(c.source, c.region);
  const isService = Boolean(c.invokedBy) || s.principal.identityType === "AWSService";
  const rec: Record<string, unknown> = {
    eventVersion: eventVersionFor(c.source),
    userIdentity: identityVariant(s, c.invokedBy),
    eventTime: isoSeconds(t),
    eventSource: c.source,
    eventName: c.name,
    awsRegion: region,
    sourceIPAddress: c.sourceIp ?? (isService ? (c.invokedBy ?? s.principal.name) : s.sourceIp),
    userAgent: c.userAgent ?? (isService ? (c.invokedBy ?? s.principal.name) : s.userAgent),
  };
  if (c.error) {
    rec.errorCode = c.error.code;
    rec.errorMessage = c.error.message;
  }
  rec.requestParameters = c.rp ?? null;
  rec.responseElements = c.error ? null : (c.re ?? null);
  if (c.additional) rec.additionalEventData = c.additional;
  rec.requestID = rng.uuid();
  rec.eventID = rng.uuid();
  rec.readOnly = c.readOnly ?? isReadOnlyName(c.name);
  if (c.resources) rec.resources = c.resources;
  rec.eventType = c.eventType ?? "AwsApiCall";
  rec.managementEvent = !c.isData;
  rec.recipientAccountId = c.recipientAccountId ?? s.accountId;
  rec.eventCategory = c.isData ? "Data" : "Management";
  if (!isService && rec.sourceIPAddress !== "AWS Internal") {
    rec.tlsDetails = { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: hostFor(c.source, region) };
  }
  if (s.isConsole && !c.invokedBy) rec.sessionCredentialFromConsole = "true";
  return rec as AwsRecord;
}
