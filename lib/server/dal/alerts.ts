import "server-only";
// Alerts for the analyst's inbox and detail page (issue 7). Writes live in triage.ts.
import type { TPrisma } from "@/lib/server/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";
import type { TAlertListQuery } from "@/lib/shared/alerts";
import { parseExplanation } from "@/lib/shared/explanation";
import { labelHistory } from "./alert-history";
import { alertConditions, alertCursor, alertKeysetSql, alertOrderSql, SqlParams } from "./alert-filters";

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
  attackTactics: true,
  attackTechniques: true,
  principal: { select: { id: true, key: true, displayName: true } },
  account: { select: { id: true, displayName: true, provider: true } },
  assignee: { select: { id: true, email: true, name: true } },
} as const;

interface AlertListRow {
  id: number;
  title: string;
  action: string;
  category: string;
  status: string;
  severity: string;
  score: number;
  close_reason: string | null;
  event_count: number;
  first_event_at: Date;
  last_event_at: Date;
  created_at: Date;
  attack_tactics: string[] | null;
  attack_techniques: string[] | null;
  p_id: bigint;
  p_key: string;
  p_name: string;
  c_id: string;
  c_name: string;
  c_provider: string;
  u_id: string | null;
  u_email: string | null;
  u_name: string | null;
}

type TAlertListItem = Prisma.AlertGetPayload<{ select: typeof ALERT_LIST_SELECT }>;

/** One page of the inbox in one statement (alert-filters.ts), shaped like ALERT_LIST_SELECT. */
export async function listAlerts(db: TPrisma, q: TAlertListQuery, userId: string): Promise<{ items: TAlertListItem[]; nextCursor: string | null }> {
  const params = new SqlParams();
  const conditions = alertConditions(q, userId, params);
  if (q.cursor) {
    const keyset = alertKeysetSql(q.sort, q.cursor, params);
    if (!keyset) throw new AppError("bad_request", "Invalid query", [{ path: "cursor", message: "is not a cursor this server issued" }]);
    conditions.push(keyset);
  }
  const rows = await db.$queryRawUnsafe<AlertListRow[]>(
    `SELECT a.id, a.title, a.action, a.category, a.status::text AS status, a.severity::text AS severity, a.score,
            a.close_reason::text AS close_reason, a.event_count, a.first_event_at, a.last_event_at, a.created_at,
            a.attack_tactics, a.attack_techniques,
            p.id AS p_id, p.key AS p_key, p.display_name AS p_name,
            c.id::text AS c_id, c.display_name AS c_name, c.provider::text AS c_provider,
            u.id::text AS u_id, u.email AS u_email, u.name AS u_name
       FROM alerts a
       JOIN principals p ON p.id = a.principal_id
       JOIN cloud_accounts c ON c.id = a.account_id
       LEFT JOIN users u ON u.id = a.assignee_id
      ${conditions.length ? `WHERE ${conditions.join(" AND ")}` : ""}
      ORDER BY ${alertOrderSql(q.sort)}
      LIMIT ${params.add(q.limit + 1)}`,
    ...params.values,
  );
  const items = rows.slice(0, q.limit).map(
    (r): TAlertListItem => ({
      id: r.id,
      title: r.title,
      action: r.action,
      category: r.category,
      status: r.status as TAlertListItem["status"],
      severity: r.severity as TAlertListItem["severity"],
      score: r.score,
      closeReason: r.close_reason as TAlertListItem["closeReason"],
      eventCount: r.event_count,
      firstEventAt: r.first_event_at,
      lastEventAt: r.last_event_at,
      createdAt: r.created_at,
      attackTactics: r.attack_tactics ?? [],
      attackTechniques: r.attack_techniques ?? [],
      principal: { id: BigInt(r.p_id), key: r.p_key, displayName: r.p_name },
      account: { id: r.c_id, displayName: r.c_name, provider: r.c_provider as TAlertListItem["account"]["provider"] },
      assignee: r.u_id ? { id: r.u_id, email: r.u_email ?? "", name: r.u_name } : null,
    }),
  );
  return { items, nextCursor: rows.length > q.limit ? alertCursor(q.sort, items[items.length - 1]) : null };
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
  const { events, explanation, history, ...rest } = alert;
  return { ...rest, history: await labelHistory(db, history), explanation: parseExplanation(explanation), eventIds: events.map((e) => e.eventId.toString()) };
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
