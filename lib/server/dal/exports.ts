import "server-only";
// Exports of the inbox and the event explorer (issue 17): the same filters and queries as their
// screens, paged with their keyset cursors, as rows for lib/server/export/stream.ts. Each export
// is audit-logged with its filters by the route before the first byte is sent.
import type { TPrisma } from "@/lib/server/db/client";
import type { ExportColumn } from "@/lib/server/export/stream";
import type { TAlertFilters } from "@/lib/shared/alerts";
import { attackTacticName, sortTactics } from "@/lib/shared/attack";
import type { TEventFilters } from "@/lib/shared/events";
import { listAlerts } from "./alerts";
import { searchEvents } from "./events";

// The list functions' own page-size cap is for screens; exports read bigger pages.
const ALERT_PAGE = 500;
const EVENT_PAGE = 1000;

type TAlertRow = Awaited<ReturnType<typeof listAlerts>>["items"][number];
type TEventRow = Awaited<ReturnType<typeof searchEvents>>["items"][number];

export async function* alertExportPages(db: TPrisma, filters: TAlertFilters, userId: string): AsyncGenerator<TAlertRow[]> {
  let cursor: string | undefined;
  do {
    const page = await listAlerts(db, { ...filters, limit: ALERT_PAGE, cursor }, userId);
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export async function* eventExportPages(db: TPrisma, filters: TEventFilters): AsyncGenerator<TEventRow[]> {
  let cursor: string | undefined;
  do {
    const page = await searchEvents(db, { ...filters, limit: EVENT_PAGE, cursor });
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export const ALERT_EXPORT_COLUMNS: ExportColumn<TAlertRow>[] = [
  { header: "id", value: (a) => a.id },
  { header: "title", value: (a) => a.title },
  { header: "severity", value: (a) => a.severity },
  { header: "status", value: (a) => a.status },
  { header: "close_reason", value: (a) => a.closeReason },
  { header: "score", value: (a) => Math.round(a.score * 100) / 100 },
  { header: "action", value: (a) => a.action },
  { header: "category", value: (a) => a.category },
  { header: "attack_tactics", value: (a) => sortTactics(a.attackTactics).map(attackTacticName).join("; ") },
  { header: "attack_techniques", value: (a) => a.attackTechniques.join("; ") },
  { header: "principal", value: (a) => a.principal.displayName },
  { header: "principal_key", value: (a) => a.principal.key },
  { header: "account", value: (a) => a.account.displayName },
  { header: "provider", value: (a) => a.account.provider },
  { header: "assignee", value: (a) => a.assignee?.email ?? null },
  { header: "event_count", value: (a) => a.eventCount },
  { header: "first_event_at", value: (a) => iso(a.firstEventAt) },
  { header: "last_event_at", value: (a) => iso(a.lastEventAt) },
  { header: "created_at", value: (a) => iso(a.createdAt) },
];

export const EVENT_EXPORT_COLUMNS: ExportColumn<TEventRow>[] = [
  { header: "id", value: (e) => e.id.toString() },
  { header: "event_time", value: (e) => iso(e.eventTime) },
  { header: "provider", value: (e) => e.provider },
  { header: "account", value: (e) => e.account.displayName },
  { header: "principal", value: (e) => e.principal.displayName },
  { header: "action", value: (e) => e.action },
  { header: "outcome", value: (e) => e.outcome },
  { header: "error_code", value: (e) => e.errorCode },
  { header: "region", value: (e) => e.region },
  { header: "source_ip", value: (e) => e.sourceIp },
  { header: "user_agent", value: (e) => e.userAgent },
  { header: "score", value: (e) => (e.score === null ? null : Math.round(e.score * 100) / 100) },
];
