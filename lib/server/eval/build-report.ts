/**
 * The evaluation report (issue 5): simulated org split chronologically, the model against the
 * new-action rule and DeepLog; then the real-session leave-out (console sessions in folds, each
 * tested once with Stratus techniques spliced in, real-leave-out.ts), the Azure case (azure-case.ts)
 * and, when given, end-to-end rows read from `trailwatch eval-e2e --json` files (e2e-rows.ts).
 * Nothing here is tuned to the injected files: the model's threshold comes from its own validation
 * slice of the training period (ml/calibrate.ts).
 */
import type { TrainProgress } from "@/ml/types";
import { findDatasetsDir } from "@/lib/server/demo/datasets-dir";
import { readAttackTemplates } from "@/lib/server/ml/attack-templates";
import { loadSimData } from "./sim-data";
import { loadSessions } from "./real-data";
import { runRealLeaveOut, type LeaveOutResult } from "./real-leave-out";
import { loadAzureBenign, runAzureCase, type AzureCaseResult } from "./azure-case";
import { endToEndSection, type EndToEndRow, type EndToEndSection } from "./e2e-rows";
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
  /** Each leave-out fold's model trains on the latest this many simulated train events plus the other folds' sessions. */
  realSimTrainEvents: number;
  /** Folds of the real-session leave-out. */
  leaveOutFolds: number;
  /** Measured end-to-end runs to include (read from eval-e2e --json files by the caller). */
  endToEnd?: EndToEndRow[];
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
  realLeaveOut: LeaveOutResult | null;
  azure: AzureCaseResult | null;
  endToEnd: EndToEndSection | null;
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

  say("real", "real-session leave-out: console sessions in folds, Stratus techniques spliced in as stolen-key use");
  const datasets = findDatasetsDir();
  // Sessions are 2023, the simulation 2025: time only orders events within a principal, so mixing is safe.
  const simTrain = sim.train.slice(Math.max(0, sim.train.length - o.realSimTrainEvents));
  const realLeaveOut = await runRealLeaveOut({
    sessions: await loadSessions(datasets),
    templates: await readAttackTemplates(datasets),
    folds: o.leaveOutFolds,
    extraTrain: simTrain,
    fit,
    onStep: (s) => say("real", s),
    onTrainProgress: (p) => onTrainProgress?.("train (real leave-out)", p),
  });
  say("azure", "Azure case: benign Activity Log + an injected mass deletion");
  const azure = await runAzureCase({ benign: await loadAzureBenign(datasets), fit, onTrainProgress: (p) => onTrainProgress?.("train (azure)", p) });
  return {
    generatedAt: new Date().toISOString(),
    options: { ...options, endToEnd: undefined },
    simulated,
    realLeaveOut,
    azure,
    endToEnd: o.endToEnd?.length ? endToEndSection(o.endToEnd) : null,
  };
}
