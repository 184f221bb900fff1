import "server-only";
import type { MonitorClient } from "@azure/arm-monitor";
import { collapseOperations } from "@/lib/server/ingest/azure/collapse";
import type { TAzureParsedRecord } from "@/lib/server/ingest/azure/collapse";
import { normalizeRecord } from "@/lib/server/ingest/normalize-record";
import type { IngestReject, NormalizedEvent } from "@/lib/server/ingest/types";
import type { TAzureClients } from "./clients";

// One Activity Log page: fetched through the SDK (first page of a window, or the page a saved
// nextLink names), normalized, and collapsed Begin/End → one event per operation.

export interface TActivityPage {
  records: unknown[];
  nextLink: string | undefined;
}

/** The `$filter` the Activity Log requires: a time range, ISO with milliseconds, both ends inclusive. */
export function activityFilter(start: Date, end: Date): string {
  return `eventTimestamp ge '${start.toISOString()}' and eventTimestamp le '${end.toISOString()}'`;
}

/** Fetches exactly one page; the nextLink comes from the raw response (the SDK keeps it internal). */
export async function fetchActivityPage(clients: TAzureClients, filter: string, nextLink: string | undefined, signal?: AbortSignal): Promise<TActivityPage> {
  let link: string | undefined;
  clients.redirectNext(nextLink);
  const monitor: MonitorClient = clients.monitor;
  const pages = monitor.activityLogs
    .list(filter, {
      abortSignal: signal,
      onResponse: (_raw, flat) => {
        link = (flat as { nextLink?: string } | undefined)?.nextLink ?? undefined;
      },
    })
    .byPage();
  try {
    const first = await pages.next();
    // The SDK deserializes timestamps to Date; the JSON round trip gives the REST spelling back (ISO strings).
    const records = first.done ? [] : (JSON.parse(JSON.stringify(first.value)) as unknown[]);
    return { records, nextLink: link };
  } finally {
    clients.redirectNext(undefined);
    await pages.return?.(undefined);
  }
}

export function normalizeActivityPage(records: unknown[], file: string): { events: NormalizedEvent[]; rejects: IngestReject[] } {
  const parsed: TAzureParsedRecord[] = [];
  const rejects: IngestReject[] = [];
  records.forEach((record, i) => {
    const position = `record ${i}`;
    const out = normalizeRecord(record, { fileKey: file }, "azure");
    if (out.ok) parsed.push({ event: out.event, operationId: out.operationId, status: out.status, position });
    else rejects.push({ file, position, reason: out.reason, raw: JSON.stringify(record) ?? null });
  });
  return { events: collapseOperations(parsed).map((r) => r.event), rejects };
}
