import "server-only";
// Inbox filters and keyset conditions as a Prisma `where`. Kept apart from alerts.ts so the
// sort/cursor logic (the part that must stay fast at 100,000 alerts) reads on its own.
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TAlertFilters, TAlertSort } from "@/lib/shared/alerts";
import { decodeCursor, encodeCursor } from "@/lib/shared/cursor";

export function alertWhere(f: TAlertFilters, userId: string): Prisma.AlertWhereInput {
  const and: Prisma.AlertWhereInput[] = [];
  if (f.status === "active") and.push({ status: { in: ["open", "acknowledged"] } });
  else if (f.status !== "all") and.push({ status: f.status });
  if (f.severity?.length) and.push({ severity: { in: f.severity } });
  if (f.accountId) and.push({ accountId: f.accountId });
  if (f.principal) {
    and.push({ principal: { OR: [{ key: { contains: f.principal, mode: "insensitive" } }, { displayName: { contains: f.principal, mode: "insensitive" } }] } });
  }
  if (f.action) and.push({ action: { contains: f.action, mode: "insensitive" } });
  if (f.category) and.push({ category: f.category });
  if (f.assignee === "me") and.push({ assigneeId: userId });
  else if (f.assignee === "none") and.push({ assigneeId: null });
  else if (f.assignee) and.push({ assigneeId: f.assignee });
  if (f.from) and.push({ lastEventAt: { gte: f.from } });
  if (f.to) and.push({ firstEventAt: { lt: f.to } });
  return { AND: and };
}

type SortField = "createdAt" | "score" | "lastEventAt";
const SORT_FIELD: Record<TAlertSort, { field: SortField; dir: "asc" | "desc" }> = {
  newest: { field: "createdAt", dir: "desc" },
  oldest: { field: "createdAt", dir: "asc" },
  score: { field: "score", dir: "desc" },
  last_event: { field: "lastEventAt", dir: "desc" },
};

export function alertOrderBy(sort: TAlertSort): Prisma.AlertOrderByWithRelationInput[] {
  const { field, dir } = SORT_FIELD[sort];
  return [{ [field]: dir }, { id: dir }];
}

/** Rows strictly after the cursor in the sort order: (k, id) < (k0, id0) for descending sorts. */
export function alertKeyset(sort: TAlertSort, cursor: string | undefined): Prisma.AlertWhereInput | null {
  const values = decodeCursor(cursor);
  if (!values || values.length !== 2 || typeof values[1] !== "number") return null;
  const { field, dir } = SORT_FIELD[sort];
  const op = dir === "desc" ? "lt" : "gt";
  const key = field === "score" ? Number(values[0]) : new Date(String(values[0]));
  if (typeof key === "number" ? !Number.isFinite(key) : Number.isNaN(key.getTime())) return null;
  return { OR: [{ [field]: { [op]: key } }, { [field]: key, id: { [op]: values[1] } }] };
}

export function alertCursor(sort: TAlertSort, row: { id: number; createdAt: Date; score: number; lastEventAt: Date }): string {
  const { field } = SORT_FIELD[sort];
  const v = row[field];
  return encodeCursor([v instanceof Date ? v.toISOString() : v, row.id]);
}
