import "server-only";
// Alerts for the analyst's inbox and detail page (issue 7). Writes live in triage.ts.
import type { TPrisma } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import type { TAlertListQuery } from "@/lib/shared/alerts";
import { parseExplanation } from "@/lib/shared/explanation";
import { alertCursor, alertKeyset, alertOrderBy, alertWhere } from "./alert-filters";

export const ALERT_LIST_SELECT = {
  id: true,
  title: true,
  action: true,
  category: true,
  status: true,
  severity: true,
  score: true,
  closeReason: true,
  eventCount: true,
  firstEventAt: true,
  lastEventAt: true,
  createdAt: true,
  principal: { select: { id: true, key: true, displayName: true } },
  account: { select: { id: true, displayName: true, provider: true } },
  assignee: { select: { id: true, email: true, name: true } },
} as const;

export async function listAlerts(db: TPrisma, q: TAlertListQuery, userId: string) {
  const keyset = alertKeyset(q.sort, q.cursor);
  if (q.cursor && !keyset) throw new AppError("bad_request", "Invalid cursor");
  const where = alertWhere(q, userId);
  const rows = await db.alert.findMany({
    where: keyset ? { AND: [where, keyset] } : where,
    orderBy: alertOrderBy(q.sort),
    take: q.limit + 1,
    select: ALERT_LIST_SELECT,
  });
  const hasMore = rows.length > q.limit;
  const items = hasMore ? rows.slice(0, q.limit) : rows;
  return { items, nextCursor: hasMore ? alertCursor(q.sort, items[items.length - 1]) : null };
}

export async function getAlert(db: TPrisma, id: number) {
  const alert = await db.alert.findUnique({
    where: { id },
    select: {
      ...ALERT_LIST_SELECT,
      groupingKey: true,
      firstEventId: true,
      modelVersionId: true,
      explanation: true,
      updatedAt: true,
      comments: { orderBy: { createdAt: "asc" }, take: 200, select: { id: true, body: true, createdAt: true, author: { select: { email: true } } } },
      history: { orderBy: { id: "asc" }, take: 500, select: { id: true, field: true, fromValue: true, toValue: true, createdAt: true, actor: { select: { email: true } } } },
      events: { take: 500, select: { eventId: true } },
    },
  });
  if (!alert) throw new AppError("not_found", "No such alert");
  const { events, explanation, ...rest } = alert;
  return { ...rest, explanation: parseExplanation(explanation), eventIds: events.map((e) => e.eventId.toString()) };
}

/** Other alerts of the same principal, and the same action raised by other principals. */
export async function listRelatedAlerts(db: TPrisma, id: number) {
  const alert = await db.alert.findUnique({ where: { id }, select: { principalId: true, action: true } });
  if (!alert) throw new AppError("not_found", "No such alert");
  const [samePrincipal, sameAction] = await Promise.all([
    db.alert.findMany({ where: { principalId: alert.principalId, id: { not: id } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 20, select: ALERT_LIST_SELECT }),
    db.alert.findMany({
      where: { action: alert.action, principalId: { not: alert.principalId } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
      select: ALERT_LIST_SELECT,
    }),
  ]);
  return { samePrincipal, sameAction };
}

/** Users an alert can be assigned to: enabled analysts and admins. */
export async function listAssignees(db: TPrisma) {
  return db.user.findMany({
    where: { disabled: false, role: { in: ["analyst", "admin"] } },
    orderBy: { email: "asc" },
    take: 500,
    select: { id: true, email: true, name: true },
  });
}

/** Distinct categories and accounts for the inbox's filter menus. */
export async function getAlertFacets(db: TPrisma) {
  const [categories, accounts] = await Promise.all([
    db.$queryRaw<Array<{ category: string }>>`SELECT DISTINCT category FROM alerts ORDER BY category LIMIT 100`,
    db.cloudAccount.findMany({ orderBy: { displayName: "asc" }, take: 500, select: { id: true, displayName: true, provider: true } }),
  ]);
  return { categories: categories.map((c) => c.category), accounts };
}

/** A route's [id] segment as an alert id; anything else is "no such alert", not a 500. */
export function parseAlertId(raw: string | undefined): number {
  const n = raw && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new AppError("not_found", "No such alert");
  return n;
}
