// When a person works: office hours in their timezone on workdays, none on weekends and company
// holidays, a day off now and then, and the odd on-call night or weekend session from home.
import { DAY_MS, HOUR_MS, isWorkday, localTimeOnDay, startOfUtcDay } from "../calendar";
import type { Rng } from "../rng";
import type { DemoPrincipal } from "../types";

export interface PlannedSession {
  start: number;
  fromOffice: boolean;
}

export interface PlanOptions {
  /** Sessions on a normal workday: [min, max]. */
  perDay: [number, number];
  startMs: number;
  endMs: number;
}

/** Sessions of one local day (UTC midnight `day`), sorted, at least 20 minutes apart. */
export function planDay(p: DemoPrincipal, day: number, rng: Rng, o: PlanOptions): PlannedSession[] {
  const tz = p.utcOffsetHours;
  const out: PlannedSession[] = [];
  if (isWorkday(day + 12 * HOUR_MS, tz) && !rng.chance(0.06)) {
    const n = rng.int(o.perDay[0], o.perDay[1]);
    for (let i = 0; i < n; i++) out.push({ start: localTimeOnDay(day, tz, 8.5 + rng.next() * 9), fromOffice: rng.chance(0.75) });
    if (p.isOnCall && rng.chance(0.05)) out.push({ start: localTimeOnDay(day, tz, 0.5 + rng.next() * 4), fromOffice: false });
  } else if (p.isOnCall && rng.chance(0.15)) {
    out.push({ start: localTimeOnDay(day, tz, 10 + rng.next() * 12), fromOffice: false });
  }
  out.sort((a, b) => a.start - b.start);
  const from = Math.max(o.startMs, p.activeFrom);
  return out.filter((s, i) => s.start >= from && s.start < o.endMs && (i === 0 || s.start - out[i - 1].start > 20 * 60_000));
}

/** UTC midnights covering the period (plus the day before, for people west of UTC). */
export function daysOf(startMs: number, endMs: number): number[] {
  const days: number[] = [];
  for (let d = startOfUtcDay(startMs) - DAY_MS; d < endMs; d += DAY_MS) days.push(d);
  return days;
}
