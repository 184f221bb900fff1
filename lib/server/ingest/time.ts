// Timestamps as the sources write them. CloudTrail: "2013-11-01T00:00:00Z"; Panther's normalized
// copies: "2022-12-11 19:42:55" and "2025-01-20 16:52:14.000000000" (UTC, no zone); Azure: seven
// fractional digits; Log Analytics CSV exports: US locale "9/23/2021, 2:09:11.433 PM" (UTC per column name).

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s?(Z|z|[+-]\d{2}:?\d{2})?$/;
const US_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([AaPp][Mm])?$/;
const CLOUDTRAIL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  // Date.UTC rolls Feb 31 over into March; a date that does not round-trip was never valid.
  return date.getUTCDate() === d ? date : null;
}

function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + value.charCodeAt(at + 1) - 48;
}

function fractionMs(fraction: string | undefined): number {
  return fraction ? Number((fraction + "00").slice(0, 3)) : 0;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === "Z" || zone === "z") return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/** ISO 8601-like time (zone-less means UTC); null when it is not a time. */
export function parseIsoTime(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  // Fast path: the exact CloudTrail shape, read digit by digit (no regex, no Date.parse).
  if (value.length === 20 && CLOUDTRAIL_RE.test(value)) {
    return utc(twoDigits(value, 0) * 100 + twoDigits(value, 2), twoDigits(value, 5), twoDigits(value, 8), twoDigits(value, 11), twoDigits(value, 14), twoDigits(value, 17), 0);
  }
  const m = ISO_RE.exec(value.trim());
  if (!m) return null;
  const date = utc(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, fractionMs(m[7]));
  return date ? new Date(date.getTime() - zoneOffsetMs(m[8])) : null;
}

/** "9/23/2021, 2:09:11.433 PM" (month first, as Log Analytics exports in en-US), else ISO. */
export function parseExportTime(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const m = US_RE.exec(value.trim());
  if (!m) return parseIsoTime(value);
  let hour = +m[4];
  const half = m[8]?.toUpperCase();
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === "PM" ? 12 : 0);
  }
  return utc(+m[3], +m[1], +m[2], hour, +m[5], m[6] ? +m[6] : 0, fractionMs(m[7]));
}
