/**
 * Tiny local adapter for the console sessions in prisma/seed/datasets (CloudTrail records with
 * userIdentity stripped): each file is treated as one principal, all in one account. The real
 * parser lives in lib/server/ingest; this only feeds the model evaluation.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { datasetPath } from "@/lib/server/datasets";
import type { MlEvent, UserAgentFamily } from "@/ml/types";

export const CONSOLE_SESSIONS_DIR = datasetPath("aws/benign/console-sessions");

interface RawRecord {
  eventTime: string;
  eventID: string;
  eventSource: string;
  eventName: string;
  errorCode: string | null;
  userAgent: string | null;
  awsRegion: string | null;
  sourceIPAddress?: string | null;
  readOnly?: boolean | null;
  additionalEventData?: { MFAUsed?: string } | null;
}

function uaFamily(ua: string | null): UserAgentFamily {
  if (!ua) return "other";
  if (/Mozilla|console\.amazonaws|AWS Internal/i.test(ua)) return "console";
  if (/aws-cli/i.test(ua)) return "cli";
  if (/terraform/i.test(ua)) return "terraform";
  if (/boto|aws-sdk|aws-java|aws-go/i.test(ua)) return "sdk";
  if (/\.amazonaws\.com$/i.test(ua)) return "service";
  return "other";
}

export function toMlEvent(r: RawRecord, principalKey: string): MlEvent {
  return {
    eventId: r.eventID,
    principalKey,
    accountId: "console-sessions",
    eventTime: Date.parse(r.eventTime),
    action: `${r.eventSource}:${r.eventName}`,
    service: r.eventSource,
    outcome: r.errorCode ? "failure" : "success",
    errorCode: r.errorCode ?? null,
    readOnly: r.readOnly ?? (/^(Describe|List|Get|Lookup|Search|Batch[GD]et)/.test(r.eventName) ? true : null),
    mfaUsed: r.eventName === "ConsoleLogin" && r.additionalEventData?.MFAUsed ? r.additionalEventData.MFAUsed === "Yes" : null,
    region: r.awsRegion ?? null,
    userAgentFamily: uaFamily(r.userAgent),
    sourceIp: r.sourceIPAddress ?? null,
    userAgent: r.userAgent ?? null,
  };
}

/** One event array per session, sessions ordered by their first event. */
export function loadConsoleSessions(dir = CONSOLE_SESSIONS_DIR): MlEvent[][] {
  const folders = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const sessions = folders.map((d) => {
    const records = JSON.parse(readFileSync(path.join(dir, d, "InputEvents.json"), "utf8")) as RawRecord[];
    return records.map((r) => toMlEvent(r, `session/${d.slice(0, 8)}`)).sort((a, b) => Number(a.eventTime) - Number(b.eventTime));
  });
  return sessions.filter((s) => s.length > 0).sort((a, b) => Number(a[0].eventTime) - Number(b[0].eventTime));
}
