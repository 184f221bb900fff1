/**
 * The evaluation report (issue 5): simulated org split chronologically, the model against the
 * new-action rule and DeepLog; then the real-data rows (console sessions with injected detonations).
 * Nothing here is tuned to the injected files: the model's threshold comes from its own validation
 * slice of the training period (ml/calibrate.ts).
 */
import type { TrainProgress } from "@/ml/types";
import { sortByTime } from "@/ml/data/windows";
import { loadSimData } from "./sim-data";
import { loadRealData, type Injection } from "./real-data";
import { runDetectors, type DetectorColumns } from "./run-detectors";
import { contextCeiling, type PrincipalGroup } from "./detector-metrics";
import { checkTargets, type TargetCheck } from "./targets";

export interface ReportOptions {
  days: number;
  seed: number;
  split: number;
  window?: number;
  epochs?: number;
  deeplog: boolean;
  /** The real-data model trains on the latest this many simulated train events plus the sessions. */
  realSimTrainEvents: number;
  trainSessions: number;
  onProgress?: (stage: string, line: string) => void;
  onTrainProgress?: (stage: string, p: TrainProgress) => void;
}

export interface EvalReport {
  generatedAt: string;
  options: Omit<ReportOptions, "onProgress" | "onTrainProgress">;
  simulated: DetectorColumns & {
    period: { start: string; end: string; splitAt: string };
    generated: { events: number; files: number; labels: number; principals: number; seconds: number };
    targets: TargetCheck[];
    /** Next-event top-1 no predictor of the previous 10 actions can beat on these test events (detector-metrics.ts). */
    contextCeiling: Record<"overall" | PrincipalGroup, number>;
  };
  real: (DetectorColumns & { trainSessions: string[]; testSessions: string[]; injections: Injection[]; simTrainEvents: number }) | null;
}

export const DEEPLOG_MAX_TRAIN_EVENTS = 100_000;

export async function buildReport(o: ReportOptions): Promise<EvalReport> {
  const { onProgress, onTrainProgress, ...options } = o;
  const say = (stage: string, line: string) => onProgress?.(stage, line);
  const sim = await loadSimData({ days: o.days, seed: o.seed, split: o.split, onProgress: say });
  if (sim.train.length < 100 || sim.test.length === 0) throw new Error(`split ${o.split} of ${o.days} days leaves ${sim.train.length} train / ${sim.test.length} test events: use more days or another --split`);
  say("data", `${sim.train.length.toLocaleString("en-US")} train / ${sim.test.length.toLocaleString("en-US")} test events (split at ${sim.period.splitAt}), ${sim.labels.size} labelled attack events, ${sim.parse.rejects} records rejected`);
  const fit = { epochs: o.epochs, config: o.window ? { window: o.window } : undefined };
  const groupOf = (k: string) => sim.kinds.get(k);
  const columns = await runDetectors({
    train: sim.train,
    test: sim.test,
    labels: sim.labels,
    oddities: sim.oddities,
    groupOf,
    fit,
    deeplog: o.deeplog ? { epochs: 1, maxTrainEvents: DEEPLOG_MAX_TRAIN_EVENTS } : false,
    dailyUpdates: true,
    onTrainProgress: (p) => onTrainProgress?.("train (simulated)", p),
    onStep: (s) => say("simulated", s),
  });
  const simulated = {
    ...columns,
    period: sim.period,
    generated: sim.generated,
    targets: checkTargets(columns.model, [columns.newAction, columns.deeplog]),
    contextCeiling: contextCeiling(sim.test, groupOf),
  };

  say("real", "loading console sessions and injecting detonations");
  const real = await loadRealData({ trainSessions: o.trainSessions, seed: o.seed });
  // Sessions are 2023, the simulation 2025: time only orders events within a principal, so mixing is safe.
  const simTrain = sim.train.slice(Math.max(0, sim.train.length - o.realSimTrainEvents));
  const sessionTrain = sortByTime(real.train.flatMap((s) => s.events));
  const realColumns = await runDetectors({
    train: [...simTrain, ...sessionTrain],
    deeplogTrain: [...sortByTime(simTrain), ...sessionTrain],
    test: real.testEvents,
    labels: real.labels,
    groupOf: (k) => (k.startsWith("session:") ? "human" : groupOf(k)),
    fit,
    deeplog: o.deeplog ? { epochs: 1, maxTrainEvents: DEEPLOG_MAX_TRAIN_EVENTS } : false,
    onTrainProgress: (p) => onTrainProgress?.("train (real)", p),
    onStep: (s) => say("real", s),
  });
  return {
    generatedAt: new Date().toISOString(),
    options,
    simulated,
    real: { ...realColumns, trainSessions: real.train.map((s) => s.id), testSessions: real.test.map((s) => s.id), injections: real.injections, simTrainEvents: simTrain.length },
  };
}
