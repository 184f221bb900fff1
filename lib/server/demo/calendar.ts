// Time helpers. All simulation times are epoch milliseconds in UTC; people carry a UTC offset
// (whole or half hours) so "office hours" and weekends are judged in their own timezone.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Fixed-date public holidays (month-day) observed by the simulated company everywhere. */
const HOLIDAYS = new Set(["01-01", "05-01", "07-04", "12-24", "12-25", "12-26", "12-31"]);

/** Midnight UTC of the day containing `ms`. */
export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Local calendar facts for a UTC instant seen from a timezone offset in hours. */
export function localDay(ms: number, utcOffsetHours: number): { weekday: number; monthDay: string; hour: number } {
  const d = new Date(ms + utcOffsetHours * HOUR_MS);
  const monthDay = `${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
  return { weekday: d.getUTCDay(), monthDay, hour: d.getUTCHours() + d.getUTCMinutes() / 60 };
}

/** Monday–Friday and not a company holiday, in the person's timezone. */
export function isWorkday(ms: number, utcOffsetHours: number): boolean {
  const { weekday, monthDay } = localDay(ms, utcOffsetHours);
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(monthDay);
}

/** UTC instant of `hour` local time on the local day that contains UTC midnight `dayStartUtc`+12h. */
export function localTimeOnDay(dayStartUtc: number, utcOffsetHours: number, hour: number): number {
  return dayStartUtc + (hour - utcOffsetHours) * HOUR_MS;
}

/** CloudTrail's eventTime form: second precision, `Z`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

/** `YYYYMMDDTHHmmZ` as in CloudTrail object names. */
export function compactMinute(ms: number): string {
  const s = new Date(ms).toISOString();
  return `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}T${s.slice(11, 13)}${s.slice(14, 16)}Z`;
}

/** [YYYY, MM, DD, HH] as zero-padded strings. */
export function dateParts(ms: number): [string, string, string, string] {
  const s = new Date(ms).toISOString();
  return [s.slice(0, 4), s.slice(5, 7), s.slice(8, 10), s.slice(11, 13)];
}
