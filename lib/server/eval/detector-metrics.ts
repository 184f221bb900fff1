/**
 * One detector's column of the evaluation report, from its per-event ranks and alert flags aligned
 * with the time-ordered test events. Attack (labelled) events are excluded from the alert rates;
 * benign oddities are unlabelled, so they are the false positives an analyst would see.
 */
import type { MlEvent } from "@/ml/types";
import { computePrecision, countPrincipalDays, groupAlerts, median, minutesToDetect, type Precision, type VerdictEvent } from "./metrics";

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
  trainSeconds?: number;
}

export interface ColumnInput {
  test: readonly MlEvent[];
  ranks: ArrayLike<number>;
  alerts: ArrayLike<boolean>;
  labels: ReadonlyMap<string, string>;
  groupOf: (principalKey: string) => PrincipalGroup | undefined;
}

function topK(): TopK {
  return { events: 0, top1: 0, top5: 0 };
}

export function detectorColumn({ test, ranks, alerts, labels, groupOf }: ColumnInput): DetectorColumn {
  const next = { overall: topK(), automation: topK(), human: topK() };
  const verdicts: VerdictEvent[] = new Array(test.length);
  let normal = 0;
  let normalAlerts = 0;
  const normalTimes: Pick<VerdictEvent, "principalKey" | "time">[] = [];
  for (let i = 0; i < test.length; i++) {
    const e = test[i];
    const technique = labels.get(e.eventId);
    verdicts[i] = { principalKey: e.principalKey, action: e.action, time: Number(e.eventTime), alert: Boolean(alerts[i]), technique };
    const group = groupOf(e.principalKey);
    for (const k of group ? [next.overall, next[group]] : [next.overall]) {
      k.events++;
      if (ranks[i] <= 1) k.top1++;
      if (ranks[i] <= 5) k.top5++;
    }
    if (technique === undefined) {
      normal++;
      if (alerts[i]) normalAlerts++;
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
  };
}
