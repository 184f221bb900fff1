// Groups anomalous events into alerts (issue 6): repeats of the same principal and action within
// REPEAT_WINDOW, and any event of the same principal within BURST_WINDOW of an alert's last event
// (one attack burst), join one alert with a count and a time span instead of one alert each.
import { maxSeverity, type AlertCategory, type TSeverity } from "./sensitivity";

export const BURST_WINDOW_MS = 30 * 60_000;
export const REPEAT_WINDOW_MS = 24 * 3_600_000;

export interface AnomalousEvent {
  eventId: string;
  accountId: string;
  principalId: string;
  principalName: string;
  action: string;
  /** The event's outcome, error code and MFA flag: the alert title words a refused call or a sign-in without MFA. */
  outcome?: string;
  errorCode?: string | null;
  mfaUsed?: boolean | null;
  eventTime: Date;
  score: number;
  severity: TSeverity;
  category: AlertCategory;
  explanation: Record<string, unknown>;
  /** Earlier events of the burst this event completed (ml/burst.ts): they join its alert with it. */
  related?: { eventId: string; eventTime: Date }[];
}

/** A not-closed alert already in the database (or created earlier in the same batch). */
export interface OpenAlert {
  id: number | null;
  accountId: string;
  principalId: string;
  action: string;
  firstEventAt: Date;
  lastEventAt: Date;
  score: number;
  severity: TSeverity;
}

export interface AlertChange {
  alert: OpenAlert;
  /** Set for a new alert: what its title, category and explanation come from. */
  first: AnomalousEvent | null;
  /** The highest-scoring event added by this batch (its explanation replaces the alert's when higher). */
  top: AnomalousEvent;
  eventIds: string[];
  actions: Set<string>;
}

function isJoinable(a: OpenAlert, e: AnomalousEvent): boolean {
  if (a.principalId !== e.principalId) return false;
  const t = e.eventTime.getTime();
  const gap = Math.max(a.firstEventAt.getTime() - t, t - a.lastEventAt.getTime(), 0);
  return gap <= BURST_WINDOW_MS || (a.action === e.action && gap <= REPEAT_WINDOW_MS);
}

/** Pure: which alert each event joins; `open` must hold the principals' not-closed alerts. */
export function groupAnomalies(events: AnomalousEvent[], open: OpenAlert[]): AlertChange[] {
  const changes = new Map<OpenAlert, AlertChange>();
  const candidates = [...open];
  const sorted = [...events].sort((x, y) => x.eventTime.getTime() - y.eventTime.getTime() || (BigInt(x.eventId) < BigInt(y.eventId) ? -1 : 1));
  for (const e of sorted) {
    let alert = candidates.find((a) => isJoinable(a, e) && a.action === e.action) ?? candidates.find((a) => isJoinable(a, e));
    if (!alert) {
      alert = { id: null, accountId: e.accountId, principalId: e.principalId, action: e.action, firstEventAt: e.eventTime, lastEventAt: e.eventTime, score: e.score, severity: e.severity };
      candidates.push(alert);
      changes.set(alert, { alert, first: e, top: e, eventIds: [], actions: new Set() });
    }
    const change = changes.get(alert) ?? { alert, first: null, top: e, eventIds: [], actions: new Set<string>() };
    changes.set(alert, change);
    for (const m of [...(e.related ?? []), e]) {
      if (change.eventIds.includes(m.eventId)) continue;
      change.eventIds.push(m.eventId);
      if (m.eventTime < alert.firstEventAt) alert.firstEventAt = m.eventTime;
    }
    change.actions.add(e.action);
    if (e.score > change.top.score) change.top = e;
    if (e.eventTime > alert.lastEventAt) alert.lastEventAt = e.eventTime;
    alert.score = Math.max(alert.score, e.score);
    alert.severity = maxSeverity(alert.severity, e.severity);
  }
  return [...changes.values()];
}

export function groupingKeyOf(principalId: string, action: string): string {
  return `${principalId}:${action}`;
}
