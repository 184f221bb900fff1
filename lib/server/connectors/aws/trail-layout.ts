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
