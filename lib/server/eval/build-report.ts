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
import { contextCeiling, type DetectorColumn, type HeldColumn, type PrincipalGroup } from "./detector-metrics";
import { checkTargets, type Baseline, type TargetCheck } from "./targets";

export interface ReportOptions {
  days: number;
  /** The split evaluation's organisations: the first in detail, every one in the per-seed table. */
  seeds: number[];
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
  /** One row per seed of the split evaluation (the first is `simulated`, in detail). */
  simulatedSeeds: SeedRow[];
  realLeaveOut: LeaveOutResult | null;
  azure: AzureCaseResult | null;
  endToEnd: EndToEndSection | null;
}

/** One detector on one seed: what the per-seed table shows. */
export interface SeedCell {
  detected: number;
  techniques: number;
  recall: number;
  alertsPerMillion: number;
  missed: string[];
  /** A baseline held to the model's alert rate (run-detectors.ts atModelRate). */
  atModelRate?: { detected: number; recall: number; alertsPerMillion: number; rankCut: number };
}

export interface SeedRow {
  seed: number;
  trainEvents: number;
  testEvents: number;
  threshold: number | null;
  model: SeedCell;
  newAction: SeedCell;
  deeplog: SeedCell | null;
  targets: TargetCheck[];
}

function cell(c: DetectorColumn, held?: HeldColumn | null): SeedCell {
  return {
    detected: c.attacks.detected,
    techniques: c.attacks.techniques,
    recall: c.attacks.recall,
    alertsPerMillion: c.alertsPerMillion,
    missed: Object.entries(c.attacks.perTechnique).filter(([, hit]) => !hit).map(([t]) => t),
    ...(held ? { atModelRate: { detected: held.column.attacks.detected, recall: held.column.attacks.recall, alertsPerMillion: held.column.alertsPerMillion, rankCut: held.rankCut } } : {}),
  };
}

function baselinesOf(d: DetectorColumns): [Baseline, Baseline | null] {
  return [
    { own: d.newAction, atModelRate: d.atModelRate.newAction.column },
    d.deeplog ? { own: d.deeplog, atModelRate: d.atModelRate.deeplog?.column } : null,
  ];
}

function seedRow(seed: number, d: DetectorColumns, targets: TargetCheck[]): SeedRow {
  return {
    seed,
    trainEvents: d.trainEvents,
    testEvents: d.testEvents,
    threshold: d.modelInfo.threshold,
    model: cell(d.model),
    newAction: cell(d.newAction, d.atModelRate.newAction),
    deeplog: d.deeplog ? cell(d.deeplog, d.atModelRate.deeplog) : null,
    targets,
  };
}

export const DEEPLOG_MAX_TRAIN_EVENTS = 100_000;

async function runSeed(o: ReportOptions, seed: number, say: (stage: string, line: string) => void) {
  const sim = await loadSimData({ days: o.days, seed, split: o.split, onProgress: say });
  if (sim.train.length < 100 || sim.test.length === 0) throw new Error(`split ${o.split} of ${o.days} days leaves ${sim.train.length} train / ${sim.test.length} test events: use more days or another --split`);
  say("data", `seed ${seed}: ${sim.train.length.toLocaleString("en-US")} train / ${sim.test.length.toLocaleString("en-US")} test events (split at ${sim.period.splitAt}), ${sim.labels.size} labelled attack events, ${sim.parse.rejects} records rejected`);
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
    onTrainProgress: (p) => o.onTrainProgress?.(`train (simulated, seed ${seed})`, p),
    onStep: (s) => say("simulated", `seed ${seed}: ${s}`),
  });
  return { sim, columns, targets: checkTargets(columns.model, baselinesOf(columns)), groupOf };
}

export async function buildReport(o: ReportOptions): Promise<EvalReport> {
  const { onProgress, onTrainProgress, ...options } = o;
  const fit = { epochs: o.epochs, config: o.window ? { window: o.window } : undefined };
  const say = (stage: string, line: string) => onProgress?.(stage, line);
  if (o.seeds.length === 0) throw new Error("the split evaluation needs at least one seed");
  const first = await runSeed(o, o.seeds[0], say);
  const { sim, columns } = first;
  const simulated = {
    ...columns,
    period: sim.period,
    generated: sim.generated,
    targets: first.targets,
    contextCeiling: contextCeiling(sim.test, first.groupOf),
  };
  const simulatedSeeds = [seedRow(o.seeds[0], columns, first.targets)];
  for (const seed of o.seeds.slice(1)) {
    const next = await runSeed(o, seed, say);
    simulatedSeeds.push(seedRow(seed, next.columns, next.targets));
  }

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
    simulatedSeeds,
    realLeaveOut,
    azure,
    endToEnd: o.endToEnd?.length ? endToEndSection(o.endToEnd) : null,
  };
}
