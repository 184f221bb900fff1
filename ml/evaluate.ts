/**
 * Offline evaluation (the CLI's `trailwatch eval`): train on `trainEvents`, then score `testEvents`
 * in time order; test events of principals/accounts seen in training continue their history.
 * Side by side with the new-action rule and DeepLog (DOMAIN.md §5), all on the same test events.
 * With attack labels, alert rates count normal events only and recall is per technique (a technique
 * is detected when at least one of its events alerts).
 */
import type { MlEvent } from "@/ml/types";
import { fitModel, type FitOptions, type ModelVersion } from "@/ml/model/version";
import { markBurstMembers, Scorer, type ScoredEvent } from "@/ml/score";
import { sortByTime } from "@/ml/data/windows";
import { newActionRun, deepLogRun } from "@/ml/evaluate-baselines";
import { currentBackend, initBackend } from "@/ml/backend";

export interface GroupMetrics {
  events: number;
  top1: number;
  top5: number;
  alerts: number;
  alertsPerMillion: number;
}

export interface DetectorMetrics {
  nextEvent: { top1: number; top5: number };
  /** Alerts on normal (unlabelled) test events. */
  alerts: number;
  alertsPerMillion: number;
  trainSeconds?: number;
  attacks?: { techniques: number; detected: number; recall: number; labelledEvents: number; alertedEvents: number; perTechnique: Record<string, boolean> };
  groups?: Record<string, GroupMetrics>;
}

export interface EvaluationReport extends DetectorMetrics {
  backend: string;
  model: { params: number; trainSeconds: number; encoder: string; window: number; threshold: number | null; pseudoCount: number | null };
  trainEvents: number;
  testEvents: number;
  baselines: { newAction: DetectorMetrics; deeplog: DetectorMetrics | null };
  /** Test events in scoring order with the model's verdict. */
  scored: ScoredEvent[];
}

export interface EvaluateOptions {
  trainEvents: MlEvent[];
  testEvents: MlEvent[];
  fit?: FitOptions;
  /** Use an already trained version instead of fitting one. */
  version?: ModelVersion;
  /** DeepLog trains on at most `maxTrainEvents` of the latest training events (it is ~6× slower). */
  deeplog?: { epochs?: number; maxTrainEvents?: number } | false;
  newActionLookbackDays?: number;
  /** eventId → attack technique; labelled events are excluded from alert rates. */
  labels?: ReadonlyMap<string, string>;
  /** principalKey → group name (e.g. automation / human) for per-group metrics. */
  groupOf?: (principalKey: string) => string | undefined;
}

/** Metrics of one detector from per-event ranks and alert flags aligned with `test`. */
export function summarize(test: MlEvent[], ranks: ArrayLike<number>, alerts: ArrayLike<boolean>, o: Pick<EvaluateOptions, "labels" | "groupOf"> = {}): DetectorMetrics {
  let top1 = 0;
  let top5 = 0;
  let normal = 0;
  let normalAlerts = 0;
  const groups: Record<string, GroupMetrics> = {};
  const perTechnique: Record<string, boolean> = {};
  let labelled = 0;
  let alerted = 0;
  for (let i = 0; i < test.length; i++) {
    const r = ranks[i];
    if (r <= 1) top1++;
    if (r <= 5) top5++;
    const technique = o.labels?.get(test[i].eventId);
    if (technique !== undefined) {
      labelled++;
      if (alerts[i]) alerted++;
      perTechnique[technique] = (perTechnique[technique] ?? false) || alerts[i];
    } else {
      normal++;
      if (alerts[i]) normalAlerts++;
    }
    const group = o.groupOf?.(test[i].principalKey);
    if (group !== undefined) {
      const g = (groups[group] ??= { events: 0, top1: 0, top5: 0, alerts: 0, alertsPerMillion: 0 });
      g.events++;
      if (r <= 1) g.top1++;
      if (r <= 5) g.top5++;
      if (alerts[i] && technique === undefined) g.alerts++;
    }
  }
  for (const g of Object.values(groups)) {
    g.alertsPerMillion = (g.alerts / g.events) * 1e6;
    g.top1 /= g.events;
    g.top5 /= g.events;
  }
  const n = Math.max(1, test.length);
  const techniques = Object.keys(perTechnique).length;
  const detected = Object.values(perTechnique).filter(Boolean).length;
  return {
    nextEvent: { top1: top1 / n, top5: top5 / n },
    alerts: normalAlerts,
    alertsPerMillion: (normalAlerts / Math.max(1, normal)) * 1e6,
    ...(o.labels ? { attacks: { techniques, detected, recall: techniques ? detected / techniques : NaN, labelledEvents: labelled, alertedEvents: alerted, perTechnique } } : {}),
    ...(o.groupOf ? { groups } : {}),
  };
}

export async function evaluate(o: EvaluateOptions): Promise<EvaluationReport> {
  await initBackend();
  const train = sortByTime(o.trainEvents);
  const test = sortByTime(o.testEvents);
  const version = o.version ?? (await fitModel(train, o.fit));
  const scorer = new Scorer(version);
  scorer.observe(train);
  const scored = markBurstMembers(await scorer.scoreBatch(test));

  const rule = newActionRun(train, test, o.newActionLookbackDays ?? 90);
  const dl = o.deeplog === false ? null : await deepLogRun(version.spec, train, test, { seed: version.config.seed, ...o.deeplog });

  return {
    backend: currentBackend(),
    model: {
      params: version.model.countParams(),
      trainSeconds: version.metrics.trainSeconds ?? NaN,
      encoder: version.config.encoder,
      window: version.config.window,
      threshold: version.calibration?.threshold ?? null,
      pseudoCount: version.calibration?.pseudoCount ?? null,
    },
    trainEvents: train.length,
    testEvents: test.length,
    ...summarize(test, scored.map((s) => s.rank), scored.map((s) => s.alert), o),
    baselines: {
      newAction: summarize(test, rule.ranks, rule.alerts, o),
      deeplog: dl ? { ...summarize(test, dl.ranks, dl.alerts, o), trainSeconds: dl.trainSeconds } : null,
    },
    scored,
  };
}
