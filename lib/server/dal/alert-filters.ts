import "server-only";
// Inbox filters, sort and keyset as SQL for one joined query (alerts.ts listAlerts): the inbox is
// the analyst's most frequent request, and one statement instead of Prisma's four (alerts plus
// principal, account and assignee) halves its cost. Values always travel as bound parameters.
import type { TAlertFilters, TAlertSort } from "@/lib/shared/alerts";
import { ATTACK_TECHNIQUES } from "@/lib/shared/attack";
import { decodeKeysetCursor, encodeCursor } from "@/lib/shared/cursor";
import { escapeLike } from "./text-match";

/** Positional parameters of a statement being built: `add` returns the placeholder for a value. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `%text%` for ILIKE, the text matched literally (text-match.ts). */
function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

function techniqueAndSubs(id: string): string[] {
  return [id, ...ATTACK_TECHNIQUES.filter((t) => t.id.startsWith(`${id}.`)).map((t) => t.id)];
}

/** Conditions on alerts `a` joined with principals `p` (AND-ed; empty means every alert). */
export function alertConditions(f: TAlertFilters, userId: string, params: SqlParams): string[] {
  const and: string[] = [];
  if (f.status === "active") and.push(`a.status IN ('open', 'acknowledged')`);
  else if (f.status !== "all") and.push(`a.status = ${params.add(f.status)}::"AlertStatus"`);
  if (f.severity?.length) and.push(`a.severity = ANY(${params.add(f.severity)}::"Severity"[])`);
  if (f.accountId) and.push(`a.account_id = ${params.add(f.accountId)}::uuid`);
  if (f.principal) {
    const pattern = params.add(containsPattern(f.principal));
    and.push(`(p.key ILIKE ${pattern} OR p.display_name ILIKE ${pattern})`);
  }
  if (f.action) and.push(`a.action ILIKE ${params.add(containsPattern(f.action))}`);
  if (f.category) and.push(`a.category = ${params.add(f.category)}`);
  if (f.tactic) and.push(`a.attack_tactics @> ARRAY[${params.add(f.tactic)}::text]`);
  // A technique matches its sub-techniques too; overlap (&&) with the list uses the GIN index.
  if (f.technique) and.push(`a.attack_techniques && ${params.add(techniqueAndSubs(f.technique))}::text[]`);
  if (f.assignee === "me") and.push(`a.assignee_id = ${params.add(userId)}::uuid`);
  else if (f.assignee === "none") and.push(`a.assignee_id IS NULL`);
  else if (f.assignee) and.push(`a.assignee_id = ${params.add(f.assignee)}::uuid`);
  if (f.from) and.push(`a.last_event_at >= ${params.add(f.from)}::timestamptz`);
  if (f.to) and.push(`a.first_event_at < ${params.add(f.to)}::timestamptz`);
  return and;
}

type SortField = "createdAt" | "score" | "lastEventAt";
// Newest is by event time (issue 17): a backfill raises last week's alerts today, and by creation
// time they would interleave out of order (11-30, 12-02, 11-30, 12-03).
const SORT: Record<TAlertSort, { field: SortField; column: string; dir: "ASC" | "DESC" }> = {
  newest: { field: "lastEventAt", column: "a.last_event_at", dir: "DESC" },
  oldest: { field: "lastEventAt", column: "a.last_event_at", dir: "ASC" },
  score: { field: "score", column: "a.score", dir: "DESC" },
  raised: { field: "createdAt", column: "a.created_at", dir: "DESC" },
};

export function alertOrderSql(sort: TAlertSort): string {
  const { column, dir } = SORT[sort];
  return `${column} ${dir}, a.id ${dir}`;
}

/**
 * Rows strictly after the cursor in the sort order, as a row comparison the (key, id) index
 * serves: (k, id) < (k0, id0) for descending sorts. Null when the cursor is not one we issued.
 */
export function alertKeysetSql(sort: TAlertSort, cursor: string, params: SqlParams): string | null {
  const { field, column, dir } = SORT[sort];
  const op = dir === "DESC" ? "<" : ">";
  if (field === "score") {
    const c = decodeKeysetCursor(cursor, "number", "int4");
    return c ? `(${column}, a.id) ${op} (${params.add(c.key)}::float8, ${params.add(c.id)}::int)` : null;
  }
  const c = decodeKeysetCursor(cursor, "date", "int4");
  return c ? `(${column}, a.id) ${op} (${params.add(c.key)}::timestamptz, ${params.add(c.id)}::int)` : null;
}

export function alertCursor(sort: TAlertSort, row: { id: number; createdAt: Date; score: number; lastEventAt: Date }): string {
  const v = row[SORT[sort].field];
  return encodeCursor([v instanceof Date ? v.toISOString() : v, row.id]);
}
