import { asObject, str } from "../values";
import type { TJsonObject } from "../values";

// The envelopes CloudTrail records travel in, besides the S3 object's {"Records":[…]}:
// - LookupEvents results (API, `aws cloudtrail lookup-events`, plaso's JSONL): `CloudTrailEvent` is the record as a JSON string;
// - EventBridge: `detail-type: "AWS API Call via CloudTrail"` with the record under `detail`;
// - CloudWatch Logs subscription payloads: `logEvents[].message` is the record as a JSON string;
// - SNS/SQS notifications of a delivery and S3 event notifications: pointers to objects, not events;
// - digest files: integrity hashes, not events.

export type TEnvelope =
  | { kind: "inner"; values: unknown[]; hint: "aws" }
  | { kind: "skip"; reason: string }
  | { kind: "reject"; reason: string };

function parseJsonString(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function isDigest(obj: TJsonObject): boolean {
  return "digestS3Object" in obj || ("digestStartTime" in obj && "digestEndTime" in obj);
}

export function isAwsRecord(obj: TJsonObject): boolean {
  return (
    "eventVersion" in obj ||
    obj.p_log_type === "AWS.CloudTrail" || // Panther's normalized copy, even with the CloudTrail fields stripped
    "userIdentity" in obj ||
    "insightDetails" in obj ||
    ("eventSource" in obj && "eventName" in obj) ||
    ("eventTime" in obj && ("eventName" in obj || "eventID" in obj))
  );
}

function snsNotification(obj: TJsonObject): TEnvelope {
  if (typeof obj.Message !== "string") return { kind: "reject", reason: "SNS notification without a Message field" };
  const message = asObject(parseJsonString(obj.Message));
  if (message && Array.isArray(message.s3ObjectKey)) {
    const bucket = str(message.s3Bucket) ?? "?";
    return { kind: "skip", reason: `CloudTrail delivery notification: points to ${message.s3ObjectKey.length} object(s) in s3://${bucket}, import those objects` };
  }
  if (message) return { kind: "inner", values: [message], hint: "aws" };
  return { kind: "reject", reason: "SNS notification whose Message is not JSON" };
}

/** Recognises an AWS envelope around records; null when the object is not one. */
export function awsEnvelope(obj: TJsonObject): TEnvelope | null {
  if (isDigest(obj)) return { kind: "skip", reason: "CloudTrail digest file (integrity hashes of log files, not events)" };
  if ("CloudTrailEvent" in obj) {
    const inner = typeof obj.CloudTrailEvent === "string" ? parseJsonString(obj.CloudTrailEvent) : obj.CloudTrailEvent;
    if (!asObject(inner)) return { kind: "reject", reason: "LookupEvents result whose CloudTrailEvent is not a JSON object" };
    return { kind: "inner", values: [inner], hint: "aws" };
  }
  const detailType = obj["detail-type"];
  if (typeof detailType === "string" && "detail" in obj) {
    // The detail decides: test fixtures put "..." in detail-type around real CloudTrail details.
    const detail = asObject(obj.detail);
    if (detail && (isAwsRecord(detail) || detailType.endsWith("via CloudTrail"))) return { kind: "inner", values: [detail], hint: "aws" };
    if (detailType.endsWith("via CloudTrail")) return { kind: "reject", reason: "EventBridge CloudTrail event without a detail object" };
    return { kind: "skip", reason: `EventBridge event "${detailType.slice(0, 80)}" is not a CloudTrail record` };
  }
  if (Array.isArray(obj.logEvents) && typeof obj.messageType === "string") {
    if (obj.messageType !== "DATA_MESSAGE") return { kind: "skip", reason: `CloudWatch Logs ${obj.messageType} (no events)` };
    const values = obj.logEvents.map((e) => {
      const message = asObject(e)?.message;
      return typeof message === "string" ? (parseJsonString(message) ?? message) : message;
    });
    return { kind: "inner", values, hint: "aws" };
  }
  if (obj.Type === "Notification" && ("TopicArn" in obj || "MessageId" in obj)) return snsNotification(obj);
  if (obj.eventSource === "aws:s3" && asObject(obj.s3)) {
    const s3 = asObject(obj.s3);
    const key = str(asObject(s3?.object)?.key) ?? "?";
    return { kind: "skip", reason: `S3 event notification for ${key.slice(0, 200)} (import the object itself)` };
  }
  return null;
}
