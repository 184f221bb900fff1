// The inbox's URL parameters: the filter keys the API accepts, read straight from the URL.
export const INBOX_KEYS = ["status", "severity", "accountId", "principal", "action", "category", "tactic", "technique", "assignee", "from", "to", "sort"] as const;
export type TInboxKey = (typeof INBOX_KEYS)[number];
export type TInboxParams = Partial<Record<TInboxKey, string>>;

/** datetime-local (no zone, read as UTC) ↔ the ISO string the API takes. */
export function toIsoUtc(local: string): string | null {
  if (!local) return null;
  const t = Date.parse(`${local}Z`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function toLocalInput(iso: string | undefined): string {
  return iso && !Number.isNaN(Date.parse(iso)) ? new Date(iso).toISOString().slice(0, 16) : "";
}
