/**
 * One detector's column of the evaluation report, from its per-event ranks and alert flags aligned
 * with the time-ordered test events. Attack (labelled) events are excluded from the alert rates;
 * benign oddities are unlabelled, so they are the false positives an analyst would see.
 */
import type { MlEvent } from "@/ml/types";
import { computePrecision, countPrincipalDays, groupAlerts, median, minutesToDetect, type Precision, type VerdictEvent } from "./metrics";
import { isContextOnly } from "@/lib/server/alerting/on-behalf";
import { hashString } from "@/lib/server/demo/rng";

export type PrincipalGroup = "automation" | "human";

export interface TopK {
  events: number;
  top1: number;
  top5: number;
}

export interface DetectorColumn {
  nextEvent: { overall: TopK; automation: TopK; human: TopK };
  normalEvents: number;
  normalAlerts: number;
  alertsPerMillion: number;
  /** Alert groups without any attack event (metrics.ts groupAlerts). */
  normalAlertGroups: number;
  principalDays: number;
  alertGroupsPerPrincipalDay: number;
  attacks: {
    techniques: number;
    detected: number;
    recall: number;
    labelledEvents: number;
    alertedEvents: number;
    eventRecall: number;
    perTechnique: Record<string, boolean>;
    minutesToDetect: Record<string, number | null>;
    medianMinutesToDetect: number;
  };
  precision: Precision;
  /** The normal events that alerted (the first FALSE_ALARMS_KEPT), for reading what the false positives are. */
  falseAlarms: Array<{ principalKey: string; action: string; time: string; isOddity: boolean }>;
  /** Normal test events that are benign oddities (rare legitimate admin tasks), and how many of them alerted. */
  oddities: { events: number; alerted: number };
  trainSeconds?: number;
}

export interface ColumnInput {
  test: readonly MlEvent[];
  ranks: ArrayLike<number>;
  alerts: ArrayLike<boolean>;
  labels: ReadonlyMap<string, string>;
  oddities?: ReadonlySet<string>;
  groupOf: (principalKey: string) => PrincipalGroup | undefined;
}

function topK(): TopK {
  return { events: 0, top1: 0, top5: 0 };
}

const FALSE_ALARMS_KEPT = 200;

export function detectorColumn({ test, ranks, alerts, labels, oddities, groupOf }: ColumnInput): DetectorColumn {
  const next = { overall: topK(), automation: topK(), human: topK() };
  const verdicts: VerdictEvent[] = new Array(test.length);
  let normal = 0;
  let normalAlerts = 0;
  const falseAlarms: DetectorColumn["falseAlarms"] = [];
  const odd = { events: 0, alerted: 0 };
  const normalTimes: Pick<VerdictEvent, "principalKey" | "time">[] = [];
  for (let i = 0; i < test.length; i++) {
    const e = test[i];
    const technique = labels.get(e.eventId);
    // The worker's own rule, for every detector alike: read-only calls made on a principal's behalf never alert.
    const alert = Boolean(alerts[i]) && !isContextOnly(e);
    verdicts[i] = { principalKey: e.principalKey, action: e.action, time: Number(e.eventTime), alert, technique };
    const group = groupOf(e.principalKey);
    for (const k of group ? [next.overall, next[group]] : [next.overall]) {
      k.events++;
      if (ranks[i] <= 1) k.top1++;
      if (ranks[i] <= 5) k.top5++;
    }
    if (technique === undefined) {
      normal++;
      const isOddity = oddities?.has(e.eventId) ?? false;
      if (isOddity) odd.events++;
      if (alert && isOddity) odd.alerted++;
      if (alert && normalAlerts++ < FALSE_ALARMS_KEPT) falseAlarms.push({ principalKey: e.principalKey, action: e.action, time: new Date(Number(e.eventTime)).toISOString(), isOddity });
      normalTimes.push(verdicts[i]);
    }
  }
  for (const k of Object.values(next)) {
    k.top1 = k.events ? k.top1 / k.events : NaN;
    k.top5 = k.events ? k.top5 / k.events : NaN;
  }
  const groups = groupAlerts(verdicts);
  const normalGroups = groups.filter((g) => g.every((i) => verdicts[i].technique === undefined)).length;
  const principalDays = countPrincipalDays(normalTimes);
  const labelled = verdicts.filter((v) => v.technique !== undefined);
  const perTechnique: Record<string, boolean> = {};
  for (const v of labelled) perTechnique[v.technique!] = (perTechnique[v.technique!] ?? false) || v.alert;
  const techniques = Object.keys(perTechnique).length;
  const detected = Object.values(perTechnique).filter(Boolean).length;
  const alertedLabelled = labelled.filter((v) => v.alert).length;
  const toDetect = minutesToDetect(labelled);
  return {
    nextEvent: next,
    normalEvents: normal,
    normalAlerts,
    alertsPerMillion: normal ? (normalAlerts / normal) * 1e6 : NaN,
    normalAlertGroups: normalGroups,
    principalDays,
    alertGroupsPerPrincipalDay: principalDays ? normalGroups / principalDays : NaN,
    attacks: {
      techniques,
      detected,
      recall: techniques ? detected / techniques : NaN,
      labelledEvents: labelled.length,
      alertedEvents: alertedLabelled,
      eventRecall: labelled.length ? alertedLabelled / labelled.length : NaN,
      perTechnique,
      minutesToDetect: toDetect,
      medianMinutesToDetect: median(Object.values(toDetect)),
    },
    precision: computePrecision(verdicts, groups),
    falseAlarms,
    oddities: odd,
  };
}

/** A ranked detector's column at a given alert rate (atAlertRate). */
export interface HeldColumn {
  column: DetectorColumn;
  /** Alerts when the actual action ranks above this (1 = most expected). */
  rankCut: number;
  /** Share of the normal events tied at the cut that alert. */
  tieShare: number;
}

/**
 * A ranked detector held to another's alert rate: it alerts when the actual action ranks below a
 * cut, and the cut is the lowest that alerts on no more than `perMillion` of these test events'
 * normal events (those that can alert: read-only calls on a principal's behalf never do). The cut
 * is read off the test period itself, an oracle that favours the detector held to it. Events tied
 * at the cut (a rule's unknown actions all rank ∞) alert with the probability that fills the rate,
 * drawn from a hash of the event id, so the draw is the same on every run.
 */
export function atAlertRate(input: Omit<ColumnInput, "alerts">, perMillion: number): HeldColumn {
  const normalRanks: number[] = [];
  input.test.forEach((e, i) => {
    if (!input.labels.has(e.eventId) && !isContextOnly(e)) normalRanks.push(input.ranks[i]);
  });
  normalRanks.sort((a, b) => b - a);
  const allowed = Math.floor((Math.max(0, perMillion) * normalRanks.length) / 1e6);
  if (allowed >= normalRanks.length) return { column: detectorColumn({ ...input, alerts: Array.from(input.ranks, () => true) }), rankCut: -Infinity, tieShare: 1 };
  const rankCut = normalRanks[allowed];
  const above = normalRanks.filter((r) => r > rankCut).length;
  const tied = normalRanks.filter((r) => r === rankCut).length;
  const tieShare = tied ? (allowed - above) / tied : 0;
  const alerts = input.test.map((e, i) => input.ranks[i] > rankCut || (input.ranks[i] === rankCut && hashString(e.eventId) / 2 ** 32 < tieShare));
  return { column: detectorColumn({ ...input, alerts }), rankCut, tieShare };
}


/** Actions of context the ceiling conditions on: the model's default window. */
export const CEILING_CONTEXT = 10;

/**
 * The context ceiling of next-event top-1 on these test events: the share that the best possible
 * function of a principal's previous CEILING_CONTEXT actions could get right, i.e. for each
 * distinct (principal, previous actions) the count of its most frequent next action, summed and
 * divided by the events. Computed in-sample, so no predictor that sees only those actions can score
 * higher here; where the generated behaviour is random (a workload's optional calls), this is well
 * below 100%. The model also sees times, outcomes and longer counts, so it may exceed it slightly.
 */
export function contextCeiling(test: readonly MlEvent[], groupOf: ColumnInput["groupOf"], context = CEILING_CONTEXT): Record<"overall" | PrincipalGroup, number> {
  const recent = new Map<string, string[]>();
  const nextCounts = new Map<string, Map<string, number>>();
  const groupOfContext = new Map<string, PrincipalGroup | undefined>();
  for (const e of test) {
    const past = recent.get(e.principalKey) ?? [];
    const key = `${e.principalKey}\u0000${past.join("\u0001")}`;
    const counts = nextCounts.get(key) ?? new Map<string, number>();
    counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
    nextCounts.set(key, counts);
    groupOfContext.set(key, groupOf(e.principalKey));
    past.push(e.action);
    if (past.length > context) past.shift();
    recent.set(e.principalKey, past);
  }
  const best = { overall: 0, automation: 0, human: 0 };
  const events = { overall: 0, automation: 0, human: 0 };
  for (const [key, counts] of nextCounts) {
    const top = Math.max(...counts.values());
    const n = [...counts.values()].reduce((a, b) => a + b, 0);
    const group = groupOfContext.get(key);
    for (const g of group ? (["overall", group] as const) : (["overall"] as const)) {
      best[g] += top;
      events[g] += n;
    }
  }
  const share = (g: keyof typeof best) => (events[g] ? best[g] / events[g] : NaN);
  return { overall: share("overall"), automation: share("automation"), human: share("human") };
}
