/**
 * Offline evaluation (the CLI's `trailwatch eval`): train on `trainEvents`, then score `testEvents`
 * in time order; test events of principals/accounts seen in training continue their history.
 * Side by side with the new-action rule and DeepLog (DOMAIN.md §5).
 */
import type { MlEvent } from "@/ml/types";
import { fitModel, type FitOptions, type ModelVersion } from "@/ml/model/version";
import { Scorer } from "@/ml/score";
import { sortByTime, windowChunks } from "@/ml/data/windows";
import { NewActionBaseline } from "@/ml/baselines/new-action";
import { DEEPLOG_G, scoreDeepLog, trainDeepLog } from "@/ml/baselines/deeplog";
import { History } from "@/ml/data/history";
import { currentBackend, initBackend } from "@/ml/backend";

export interface DetectorMetrics {
  nextEvent: { top1: number; top5: number };
  alerts: number;
  alertsPerMillion: number;
  trainSeconds?: number;
}

export interface EvaluationReport extends DetectorMetrics {
  backend: string;
  model: { params: number; trainSeconds: number; encoder: string; threshold: number | null };
  trainEvents: number;
  testEvents: number;
  baselines: { newAction: DetectorMetrics; deeplog: DetectorMetrics | null };
  perEvent: { eventId: string; principal: string; action: string; score: number; rank: number; probability: number; alert: boolean; expected: { action: string; p: number }[] }[];
}

export interface EvaluateOptions {
  trainEvents: MlEvent[];
  testEvents: MlEvent[];
  fit?: FitOptions;
  /** Use an already trained version instead of fitting one. */
  version?: ModelVersion;
  deeplog?: { epochs?: number } | false;
  newActionLookbackDays?: number;
}

function metrics(ranks: ArrayLike<number>, alerts: number): DetectorMetrics {
  let top1 = 0;
  let top5 = 0;
  for (let i = 0; i < ranks.length; i++) {
    if (ranks[i] <= 1) top1++;
    if (ranks[i] <= 5) top5++;
  }
  const n = Math.max(1, ranks.length);
  return { nextEvent: { top1: top1 / n, top5: top5 / n }, alerts, alertsPerMillion: (alerts / n) * 1e6 };
}

export async function evaluate(o: EvaluateOptions): Promise<EvaluationReport> {
  await initBackend();
  const train = sortByTime(o.trainEvents);
  const test = sortByTime(o.testEvents);
  const version = o.version ?? (await fitModel(train, o.fit));
  const scorer = new Scorer(version);
  scorer.observe(train);
  const scored = await scorer.scoreBatch(test);

  const rule = new NewActionBaseline(o.newActionLookbackDays ?? 90);
  train.forEach((e) => rule.observe(e));
  const ruleRanks: number[] = [];
  let ruleAlerts = 0;
  for (const e of test) {
    const r = rule.score(e);
    ruleRanks.push(r.rank);
    if (r.alert) ruleAlerts++;
    rule.observe(e);
  }

  let deeplog: DetectorMetrics | null = null;
  if (o.deeplog !== false) {
    const dl = await trainDeepLog(version.spec, () => windowChunks(train, version.spec), { epochs: o.deeplog?.epochs ?? 3, seed: version.config.seed });
    const history = new History(version.spec.window);
    for await (const _ of windowChunks(train, version.spec, { history })) void _;
    const ranks: number[] = [];
    for await (const chunk of windowChunks(test, version.spec, { history })) ranks.push(...scoreDeepLog(dl.model, version.spec, chunk).rank);
    dl.model.dispose();
    deeplog = { ...metrics(ranks, ranks.filter((r) => r > DEEPLOG_G).length), trainSeconds: dl.trainSeconds };
  }

  const alerts = scored.filter((s) => s.alert).length;
  return {
    backend: currentBackend(),
    model: { params: version.model.countParams(), trainSeconds: version.metrics.trainSeconds ?? NaN, encoder: version.config.encoder, threshold: version.calibration?.threshold ?? null },
    trainEvents: train.length,
    testEvents: test.length,
    ...metrics(scored.map((s) => s.rank), alerts),
    baselines: { newAction: metrics(ruleRanks, ruleAlerts), deeplog },
    perEvent: scored.map((s) => ({ eventId: s.eventId, principal: s.principalKey, action: s.action, score: s.score, rank: s.rank, probability: s.probability, alert: s.alert, expected: s.expected })),
  };
}
