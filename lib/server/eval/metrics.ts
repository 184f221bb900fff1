/**
 * Pure metrics of the evaluation report (issue 5) over one detector's per-event verdicts: alert
 * grouping (what an analyst would see as one alert), alerts per principal-day, precision at event
 * and group level, and time from a technique's first injected event to its first alert.
 */
import { groupAnomalies, type AnomalousEvent } from "@/lib/server/alerting/group";

/** One test event with a detector's verdict; `technique` is set for injected attack events. */
export interface VerdictEvent {
  principalKey: string;
  action: string;
  /** Epoch milliseconds. */
  time: number;
  alert: boolean;
  technique?: string;
}

const DAY_MS = 86_400_000;

/**
 * Groups the alerted events exactly as the worker groups anomalies into alerts
 * (alerting/group.ts): the same principal and action within 24 h, or the same principal within
 * 30 min of an alert's span. Returns groups of indices into `events`, in order of their first alert.
 */
export function groupAlerts(events: readonly VerdictEvent[]): number[][] {
  const anomalies: AnomalousEvent[] = [];
  events.forEach((e, i) => {
    if (!e.alert) return;
    // The index as the event id: groupAnomalies breaks time ties by id, so ties keep input order.
    anomalies.push({ eventId: String(i), accountId: "", principalId: e.principalKey, principalName: e.principalKey, action: e.action,
      eventTime: new Date(e.time), score: 0, severity: "low", category: "other", explanation: {} });
  });
  return groupAnomalies(anomalies, []).map((c) => c.eventIds.map(Number));
}

/** Distinct (principal, UTC day) pairs with at least one event: the denominator of alerts per principal-day. */
export function countPrincipalDays(events: readonly Pick<VerdictEvent, "principalKey" | "time">[]): number {
  const seen = new Set<string>();
  for (const e of events) seen.add(`${e.principalKey}\u0000${Math.floor(e.time / DAY_MS)}`);
  return seen.size;
}

export interface Precision {
  /** Alerted attack events / all alerted events (NaN without alerts). */
  events: number;
  /** Alert groups containing at least one attack event / all groups. */
  groups: number;
}

export function computePrecision(events: readonly VerdictEvent[], groups: readonly number[][]): Precision {
  let alerted = 0;
  let attack = 0;
  for (const e of events) {
    if (!e.alert) continue;
    alerted++;
    if (e.technique !== undefined) attack++;
  }
  const attackGroups = groups.filter((g) => g.some((i) => events[i].technique !== undefined)).length;
  return { events: alerted ? attack / alerted : NaN, groups: groups.length ? attackGroups / groups.length : NaN };
}

/** Per technique: minutes from its first injected event to its first alerted event (null = never alerted). */
export function minutesToDetect(events: readonly VerdictEvent[]): Record<string, number | null> {
  const first = new Map<string, number>();
  const firstAlert = new Map<string, number>();
  for (const e of events) {
    if (e.technique === undefined) continue;
    first.set(e.technique, Math.min(first.get(e.technique) ?? Infinity, e.time));
    if (e.alert) firstAlert.set(e.technique, Math.min(firstAlert.get(e.technique) ?? Infinity, e.time));
  }
  const out: Record<string, number | null> = {};
  for (const [t, start] of [...first].sort((a, b) => a[0].localeCompare(b[0]))) {
    const hit = firstAlert.get(t);
    out[t] = hit === undefined ? null : (hit - start) / 60_000;
  }
  return out;
}

/** Median of the non-null values (NaN when there are none). */
export function median(values: readonly (number | null)[]): number {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
