/**
 * Trains the model on `train`, scores `test` (time-ordered, continuing each principal's history),
 * runs the new-action rule and optionally DeepLog on the same events, and returns one report column
 * per detector.
 */
import type { MlEvent, TrainProgress } from "@/ml/types";
import type { FitOptions } from "@/ml/model/version";
import { fitCrossFitted } from "@/ml/cross-fit";
import { markBurstMembers, Scorer } from "@/ml/score";
import { sortByTime } from "@/ml/data/windows";
import { deepLogRun, newActionRun } from "@/ml/evaluate-baselines";
import { atAlertRate, detectorColumn, type DetectorColumn, type HeldColumn, type PrincipalGroup } from "./detector-metrics";
import { attackTemplates } from "@/lib/server/ml/attack-templates";
import { scoreWithDailyUpdates, type DailyUpdate } from "./continuous";

export interface DetectorColumns {
  /** The model as the worker runs it: with daily continuous learning when `dailyUpdates`, else as trained. */
  model: DetectorColumn;
  /** With `dailyUpdates`: the first version alone, never updated (what the updates are worth). */
  frozen: DetectorColumn | null;
  updates: DailyUpdate[];
  newAction: DetectorColumn;
  deeplog: DetectorColumn | null;
  /** Each baseline held to the model's alert rate by a cut on its ranks (detector-metrics.ts atAlertRate). */
  atModelRate: { newAction: HeldColumn; deeplog: HeldColumn | null };
  modelInfo: { params: number; window: number; epochs: number; threshold: number | null; trainSeconds: number };
  trainEvents: number;
  testEvents: number;
}

export interface RunDetectorsOptions {
  train: MlEvent[];
  test: MlEvent[];
  labels: ReadonlyMap<string, string>;
  /** Normal events that are rare on purpose (the generator's benign oddities): counted apart among false alarms. */
  oddities?: ReadonlySet<string>;
  groupOf: (principalKey: string) => PrincipalGroup | undefined;
  fit: Omit<FitOptions, "onProgress">;
  /** false: skip DeepLog (slow); else its epochs and train-set cap. */
  deeplog: { epochs: number; maxTrainEvents: number } | false;
  /**
   * DeepLog's training events when the latest-by-time ones are not the right ones (real-data rows:
   * the 2023 sessions would sort before the 2025 simulation and fall outside its cap). Per-principal
   * order must be chronological; default: `train` sorted by time.
   */
  deeplogTrain?: MlEvent[];
  /** Emulate the worker's daily retrain over the test days (continuous.ts). */
  dailyUpdates?: boolean;
  onTrainProgress?: (p: TrainProgress) => void;
  onStep?: (step: string) => void;
}

export async function runDetectors(o: RunDetectorsOptions): Promise<DetectorColumns> {
  const train = sortByTime(o.train);
  const test = sortByTime(o.test);
  const column = (ranks: ArrayLike<number>, alerts: ArrayLike<boolean>) => detectorColumn({ test, ranks, alerts, labels: o.labels, oddities: o.oddities, groupOf: o.groupOf });

  // As the worker trains its first model: cross-fitted, its threshold from the pooled scores.
  const fitted = await fitCrossFitted(train, { ...o.fit, onProgress: o.onTrainProgress });
  const version = fitted.version;
  fitted.sibling.model.dispose();
  o.onStep?.(`scoring ${test.length.toLocaleString("en-US")} test events with the model`);
  const scorer = new Scorer(version);
  scorer.observe(train);
  const scored = markBurstMembers(await scorer.scoreBatch(test));
  let model = column(scored.map((s) => s.rank), scored.map((s) => s.alert));
  let frozen: DetectorColumn | null = null;
  let updates: DailyUpdate[] = [];
  if (o.dailyUpdates) {
    frozen = model;
    const trainScores = train.map((e, i) => ({ timeMs: Number(e.eventTime), score: fitted.scores[i] }));
    const run = await scoreWithDailyUpdates(version, train, test, { onStep: o.onStep, trainScores, attackTemplates: await attackTemplates() });
    model = column(run.scored.map((s) => s.rank), run.scored.map((s) => s.alert));
    updates = run.updates;
  }

  o.onStep?.("new-action baseline");
  const rule = newActionRun(train, test);
  const newAction = column(rule.ranks, rule.alerts);
  const held = (ranks: ArrayLike<number>) => atAlertRate({ test, ranks, labels: o.labels, oddities: o.oddities, groupOf: o.groupOf }, model.alertsPerMillion);
  const atModelRate: DetectorColumns["atModelRate"] = { newAction: held(rule.ranks), deeplog: null };

  let deeplog: DetectorColumn | null = null;
  if (o.deeplog) {
    const dlTrain = o.deeplogTrain ?? train;
    o.onStep?.(`DeepLog: ${o.deeplog.epochs} epoch(s) on the last ${Math.min(dlTrain.length, o.deeplog.maxTrainEvents).toLocaleString("en-US")} train events`);
    const dl = await deepLogRun(version.spec, dlTrain, test, { ...o.deeplog, seed: version.config.seed });
    deeplog = { ...column(dl.ranks, dl.alerts), trainSeconds: dl.trainSeconds };
    atModelRate.deeplog = held(dl.ranks);
  }
  const modelInfo = {
    params: version.model.countParams(),
    window: version.config.window,
    epochs: version.metrics.epochs ?? NaN,
    threshold: version.calibration?.threshold ?? null,
    trainSeconds: version.metrics.trainSeconds ?? NaN,
  };
  version.model.dispose();
  return { model: { ...model, trainSeconds: modelInfo.trainSeconds }, frozen, updates, newAction, deeplog, atModelRate, modelInfo, trainEvents: train.length, testEvents: test.length };
}
