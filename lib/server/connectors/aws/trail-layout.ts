import type { TAwsAccountConfig } from "../config";

// Key layout of CloudTrail's S3 delivery (DOMAIN.md §2):
//   [<prefix>/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<time>_<id>.json.gz
// and for an organization trail AWSLogs/<o-id>/<account>/CloudTrail/…. Digests live under
// CloudTrail-Digest/ and Insights under CloudTrail-Insight/, so a CloudTrail/ day prefix lists events only.

type TTrail = NonNullable<TAwsAccountConfig["trail"]>;

/** "YYYY/MM/DD" of a UTC date: the day segment of the key, which also sorts as text. */
export function dayOf(date: Date): string {
  const y = date.getUTCFullYear();
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  const d = String(date.getUTCDate()).padStart(2, "0");
  return `${y}/${m}/${d}`;
}

export function dayStart(day: string): Date {
  const [y, m, d] = day.split("/").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function nextDay(day: string): string {
  return dayOf(new Date(dayStart(day).getTime() + 86_400_000));
}

/** The account's region folder, with a trailing slash. */
export function regionPrefix(trail: Pick<TTrail, "prefix" | "organizationId">, accountId: string, region: string): string {
  const base = trail.prefix.replace(/^\/+|\/+$/g, "");
  const org = trail.organizationId ? `${trail.organizationId}/` : "";
  return `${base ? `${base}/` : ""}AWSLogs/${org}${accountId}/CloudTrail/${region}/`;
}

export function dayPrefix(trail: Pick<TTrail, "prefix" | "organizationId">, accountId: string, region: string, day: string): string {
  return `${regionPrefix(trail, accountId, region)}${day}/`;
}

/** Delivered log objects only; anything else in the folder (manifests, stray uploads) is not read. */
export function isLogObjectKey(key: string): boolean {
  return /\.json(\.gz)?$/i.test(key);
}

const KEY_TIME = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;

/** The delivery time in a log object's name (`…_20240803T0315Z_<id>.json.gz`), or null off the layout. */
export function keyTime(key: string): number | null {
  const m = KEY_TIME.exec(key);
  return m ? timeOf(m) : null;
}

function timeOf(m: RegExpExecArray): number | null {
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isNaN(t) ? null : t;
}

/**
 * A ListObjectsV2 StartAfter that lists `key`'s folder from `lookbackMs` before its delivery time:
 * every key delivered since then sorts after it (`…_20240803T0300Z` < `…_20240803T0300Z_<id>`).
 * Null when the key does not carry a delivery time.
 */
export function lookbackStartAfter(key: string, lookbackMs: number): string | null {
  const m = KEY_TIME.exec(key);
  const t = m ? timeOf(m) : null;
  if (!m || t === null) return null;
  const stamp = new Date(t - lookbackMs).toISOString().replace(/[-:]/g, "").slice(0, 13); // YYYYMMDDTHHmm
  return `${key.slice(0, m.index + 1)}${stamp}Z`;
}
