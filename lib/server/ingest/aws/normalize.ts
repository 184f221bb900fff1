import { UNKNOWN_ACCOUNT } from "@/ml/types";
import { deriveEventId, isGuid } from "../event-id";
import { parseIsoTime } from "../time";
import type { NormalizedEvent, TEventCategory, TNormalizeContext } from "../types";
import { userAgentFamily } from "../user-agent";
import { asObject, bool, str } from "../values";
import type { TJsonObject } from "../values";
import { awsPrincipal } from "./principal";

export type TNormalizeOutcome = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

const READ_PREFIXES = ["Get", "List", "Describe", "Lookup", "Head"];
const AMAZONAWS = ".amazonaws.com";

/** readOnly is a boolean, a string ("true"), or missing (older records, console exports): then the verb decides. */
export function inferReadOnly(eventName: string): boolean {
  for (const prefix of READ_PREFIXES) {
    if (eventName.startsWith(prefix)) {
      const next = eventName.charCodeAt(prefix.length);
      if (Number.isNaN(next) || (next >= 65 && next <= 90)) return true;
    }
  }
  return false;
}

/** "iam.amazonaws.com" → "iam"; anything else is kept whole. */
export function serviceOf(eventSource: string): string {
  return eventSource.endsWith(AMAZONAWS) ? eventSource.slice(0, eventSource.indexOf(".")) : eventSource;
}

function categoryOf(record: TJsonObject, eventSource: string, isInsight: boolean): TEventCategory {
  if (isInsight) return "insight";
  const eventType = record.eventType;
  if (eventType === "AwsConsoleSignIn") return "signin";
  if (eventType === "AwsServiceEvent") return "service";
  if (typeof eventType !== "string" && eventSource === "signin.amazonaws.com") return "signin";
  return "api";
}

function describeBad(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function resourcesOf(value: unknown): NormalizedEvent["resources"] {
  if (!Array.isArray(value)) return [];
  const out: NormalizedEvent["resources"] = [];
  for (const item of value) {
    const r = asObject(item);
    if (!r) continue;
    const type = str(r.type);
    const arn = str(r.ARN) ?? str(r.arn);
    if (type || arn) out.push(type && arn ? { type, arn } : type ? { type } : { arn: arn as string });
  }
  return out;
}

/** A console sign-in's "MFAUsed": "Yes" / "No"; null when the record does not say (other events, other shapes). */
function mfaUsedOf(record: TJsonObject, category: TEventCategory): boolean | null {
  if (category !== "signin") return null;
  const used = asObject(record.additionalEventData)?.MFAUsed;
  return used === "Yes" ? true : used === "No" ? false : null;
}

/** One CloudTrail record → NormalizedEvent, or the reason it cannot be one. Never throws on bad values. */
export function normalizeAws(record: TJsonObject, ctx: TNormalizeContext): TNormalizeOutcome {
  const insight = asObject(record.insightDetails);
  const isInsight = record.eventCategory === "Insight" || record.eventType === "AwsCloudTrailInsight" || insight !== null;
  const source = isInsight && insight ? insight : record;

  if (record.eventTime === undefined || record.eventTime === null) return { ok: false, reason: "missing eventTime" };
  const eventTime = parseIsoTime(record.eventTime);
  if (!eventTime) return { ok: false, reason: `unparseable eventTime: ${describeBad(record.eventTime)}` };
  const eventSource = str(source.eventSource);
  if (!eventSource) return { ok: false, reason: source.eventSource == null ? "missing eventSource" : `unusable eventSource: ${describeBad(source.eventSource)}` };
  const eventName = str(source.eventName);
  if (!eventName) return { ok: false, reason: source.eventName == null ? "missing eventName" : `unusable eventName: ${describeBad(source.eventName)}` };

  const ui = asObject(record.userIdentity);
  const account = str(record.recipientAccountId) ?? (ui ? str(ui.accountId) : null) ?? UNKNOWN_ACCOUNT;
  const principal = isInsight
    ? { key: "aws-service:cloudtrail-insights", type: "AWSService", name: "CloudTrail Insights", sessionName: null }
    : awsPrincipal(record, account, ctx.fileKey, ctx.defaultPrincipal);

  let errorCode = str(record.errorCode);
  if (!errorCode && asObject(record.responseElements)?.ConsoleLogin === "Failure") errorCode = "ConsoleLoginFailure";
  const userAgent = str(record.userAgent);
  const category = categoryOf(record, eventSource, isInsight);

  return {
    ok: true,
    event: {
      provider: "aws",
      providerEventId: isGuid(record.eventID) ? record.eventID : deriveEventId(record),
      accountExternalId: account,
      region: str(record.awsRegion),
      eventTime,
      action: `${eventSource}:${eventName}`,
      service: serviceOf(eventSource),
      category,
      outcome: errorCode ? "failure" : "success",
      errorCode,
      readOnly: isInsight ? null : (bool(record.readOnly) ?? inferReadOnly(eventName)),
      mfaUsed: mfaUsedOf(record, category),
      principalKey: principal.key,
      principalType: principal.type,
      principalName: principal.name,
      sessionName: principal.sessionName,
      invokedBy: ui ? str(ui.invokedBy) : null,
      sourceIp: str(record.sourceIPAddress),
      userAgent,
      userAgentFamily: userAgentFamily(userAgent),
      resources: resourcesOf(record.resources),
      raw: record,
    },
  };
}
