// Display formatting shared by the dashboard pages. Times are shown in UTC, as audit logs are.
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export function formatRelative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export function formatCount(n: number | string): string {
  return Number(n).toLocaleString("en-US");
}

export function formatScore(s: number | null | undefined): string {
  return s === null || s === undefined ? "—" : s.toFixed(1);
}
