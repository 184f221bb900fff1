import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import type { Event as TLookupEvent, LookupEventsCommandInput, LookupEventsCommandOutput } from "@aws-sdk/client-cloudtrail";
import type { GetObjectCommandInput, ListObjectsV2CommandInput, ListObjectsV2CommandOutput } from "@aws-sdk/client-s3";
import { datasetPath } from "@/lib/server/datasets";

// Offline stand-ins for CloudTrail and S3 that behave like the services where the connector
// depends on it: LookupEvents filters by time, answers newest first, 50 per page with a token;
// ListObjectsV2 lists keys in order after StartAfter with continuation tokens. Records are the
// real Stratus Red Team detonations shipped in prisma/seed/datasets.

export type TRecord = Record<string, unknown> & { eventID: string; eventTime: string };

export function loadStratusRecords(): TRecord[] {
  const dir = datasetPath("aws/attacks/stratus-detonations");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as TRecord[]);
}

export function toLookupEvent(record: TRecord): TLookupEvent {
  return {
    EventId: record.eventID,
    EventName: String(record.eventName),
    EventSource: String(record.eventSource),
    EventTime: new Date(record.eventTime),
    CloudTrailEvent: JSON.stringify(record),
  };
}

/** A LookupEvents implementation over `events`; every request's NextToken is appended to `tokens` (the paginator reuses one input object). */
export function fakeLookupEvents(events: TLookupEvent[], tokens: Array<string | undefined> = []) {
  const sorted = [...events].sort((a, b) => b.EventTime!.getTime() - a.EventTime!.getTime());
  return (input: LookupEventsCommandInput): LookupEventsCommandOutput => {
    tokens.push(input.NextToken);
    const from = input.StartTime ? new Date(input.StartTime as Date).getTime() : -Infinity;
    const to = input.EndTime ? new Date(input.EndTime as Date).getTime() : Infinity;
    const inRange = sorted.filter((e) => e.EventTime!.getTime() >= from && e.EventTime!.getTime() <= to);
    const offset = input.NextToken ? Number(input.NextToken.split(":")[1]) : 0;
    const size = input.MaxResults ?? 50;
    const page = inRange.slice(offset, offset + size);
    const next = offset + size < inRange.length ? `tok:${offset + size}` : undefined;
    return { Events: page, NextToken: next, $metadata: {} };
  };
}

/** An in-memory bucket: ListObjectsV2 (Prefix, StartAfter, ContinuationToken, MaxKeys) and GetObject. */
export function fakeBucket(objects: Map<string, Buffer>, pageSize = 1000) {
  const keys = () => [...objects.keys()].sort();
  return {
    list(input: ListObjectsV2CommandInput): ListObjectsV2CommandOutput {
      const after = input.ContinuationToken ?? input.StartAfter ?? "";
      const matching = keys().filter((k) => k.startsWith(input.Prefix ?? "") && k > after);
      const size = Math.min(input.MaxKeys ?? 1000, pageSize);
      const page = matching.slice(0, size);
      const truncated = matching.length > size;
      return { Contents: page.map((Key) => ({ Key })), IsTruncated: truncated, NextContinuationToken: truncated ? page[page.length - 1] : undefined, $metadata: {} };
    },
    get(input: GetObjectCommandInput) {
      const body = objects.get(input.Key ?? "");
      if (!body) throw Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
      return { Body: Readable.from([body]), $metadata: {} } as never;
    },
  };
}

export function awsError(name: string, message = name, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}
