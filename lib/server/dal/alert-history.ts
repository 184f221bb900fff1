import "server-only";
// The alert page's history in names (issue 17): alert_history stores what changed as the raw
// column values (a user's uuid, a rule's id, "false_positive"), which must stay exact for the
// record; the page reads "Assignee: — → ana@example.com", "Suppression rule: — → Production (AWS) · …".
import type { TPrisma } from "@/lib/server/db/client";
import { CLOSE_REASON_LABELS, type TCloseReason } from "@/lib/shared/alerts";
import { lookupNames, type Names } from "./names";

interface HistoryRow {
  field: string;
  fromValue: string | null;
  toValue: string | null;
}

export function labelOf(field: string, value: string | null, names: Names): string | null {
  if (value === null) return null;
  switch (field) {
    case "assignee":
      return names.users.get(value) ?? "a deleted user";
    case "suppression_rule":
      return names.rules.get(Number(value)) ?? "a rule since deleted";
    case "close_reason":
      return Object.hasOwn(CLOSE_REASON_LABELS, value) ? CLOSE_REASON_LABELS[value as TCloseReason] : value;
    default:
      return value;
  }
}

/** Each history row with `fromLabel` and `toLabel`: the values as the page shows them. */
export async function labelHistory<T extends HistoryRow>(db: TPrisma, rows: T[]): Promise<Array<T & { fromLabel: string | null; toLabel: string | null }>> {
  const values = (field: string) => rows.filter((h) => h.field === field).flatMap((h) => [h.fromValue, h.toValue]).filter((v): v is string => v !== null);
  const names = await lookupNames(db, { users: values("assignee"), rules: values("suppression_rule").map(Number) });
  return rows.map((h) => ({ ...h, fromLabel: labelOf(h.field, h.fromValue, names), toLabel: labelOf(h.field, h.toValue, names) }));
}
