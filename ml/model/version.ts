/**
 * A model version: the network plus everything needed to score with it (vocabularies, window,
 * thresholds, metrics, training range, backend). `fitModel` builds one from time-ordered events.
 */
import type * as tf from "@tensorflow/tfjs";
import { DEFAULT_MODEL_CONFIG, type MlEvent, type ModelConfig, type LossHistory, type TrainProgress } from "@/ml/types";
import type { FeatureSpec} from "@/ml/data/tokens";
import { buildFeatureSpec, SIDE_HEADS, SIDE_HEAD_FEATURE, timeMs } from "@/ml/data/tokens";
import { sideOffsets, SIDE_SLOTS, splitChronologically, windowChunks } from "@/ml/data/windows";
import { buildModel, type ModelShape } from "@/ml/model/build";
import { trainModel } from "@/ml/train";
import { calibratePooled, calibrateThreshold, MIN_POOLED_EVENTS, type Calibration } from "@/ml/calibrate";
import { currentBackend, initBackend } from "@/ml/backend";
import { Scorer } from "@/ml/score";
import type { History } from "@/ml/data/history";
import { PSEUDO_COUNT_GRID, pickPseudoCount, type PseudoCountTrial } from "@/ml/mixture";
import type { CrossFitSplit } from "@/ml/cross-fit-route";
import type { PopulationBaselines } from "@/ml/population";

export interface TrainingRange {
  from: string;
  to: string;
  events: number;
}

export interface ModelVersion {
  id: string;
  parentId: string | null;
  createdAt: string;
  model: tf.LayersModel;
  spec: FeatureSpec;
  config: ModelConfig;
  calibration: Calibration | null;
  metrics: Record<string, number>;
  history: LossHistory;
  trainingRange: TrainingRange | null;
  backend: string;
  /**
   * Set on a first version trained by cross-fitting (ml/cross-fit.ts): which of its training
   * events its fold model scores instead, and that fold model's model_versions id once stored.
   */
  crossFit?: CrossFitSplit & { siblingVersionId?: number };
  /** Per-population score baselines (ml/population.ts); set by cross-fitting, inherited by updates. */
  populations?: PopulationBaselines;
}

export interface FitOptions {
  config?: Partial<ModelConfig>;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  patience?: number;
  /** Chronologically last share of events held out for early stopping and calibration. */
  validFraction?: number;
  /** Alerts per million normal events (calibrate.ts). */
  budgetPerMillion?: number;
  /** Mix the network with per-principal action frequencies (ml/mixture.ts). Default true. */
  mixFrequencies?: boolean;
  onProgress?: (p: TrainProgress) => void;
  /** Vocabularies to use instead of building them from the training slice (cross-fitting shares one). */
  spec?: FeatureSpec;
  /** Sample weight of the window predicting an event (0 = context only: cross-fitting's trimmed fit). */
  weightOf?: (e: MlEvent) => number;
  /** Calibrate the threshold on the held-out slice (default true; cross-fitting calibrates on pooled scores). */
  calibrate?: boolean;
}

export function modelShape(spec: FeatureSpec): ModelShape {
  return {
    window: spec.window,
    actionClasses: spec.actions.capacity,
    sideRows: sideOffsets(spec).rows,
    sideSlots: SIDE_SLOTS,
    sideHeadClasses: SIDE_HEADS.map((h) => spec.sizes[SIDE_HEAD_FEATURE[h]]),
  };
}

export function rangeOf(events: MlEvent[]): TrainingRange | null {
  if (events.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const e of events) {
    const t = timeMs(e.eventTime);
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  return { from: new Date(lo).toISOString(), to: new Date(hi).toISOString(), events: events.length };
}

/**
 * Scores held-out events after warming a scorer with `warm`, once per candidate κ of the frequency
 * mixture (only the network when `o.isMixed` is false), keeps the best κ and returns the threshold
 * for its scores; a threshold the tail fit extrapolates stays at or above `o.extrapolatedFloor`.
 */
export async function calibrateVersion(
  version: ModelVersion, warm: MlEvent[] | History, heldOut: MlEvent[], budgetPerMillion: number,
  o: { isMixed?: boolean; extrapolatedFloor?: number; pool?: ArrayLike<number>; pseudoCounts?: readonly number[] } = {},
): Promise<Calibration> {
  const isMixed = o.isMixed ?? true;
  let best: { trial: PseudoCountTrial; scores: number[] } | null = null;
  for (const pseudoCount of isMixed ? (o.pseudoCounts ?? PSEUDO_COUNT_GRID) : [Infinity]) {
    const scorer = new Scorer(version, Array.isArray(warm) ? undefined : warm.toJSON(), { threshold: Infinity, pseudoCount });
    if (Array.isArray(warm)) scorer.observe(warm);
    const scored = await scorer.scoreBatch(heldOut);
    const n = Math.max(1, scored.length);
    const trial = { pseudoCount, top1: scored.filter((s) => s.rank <= 1).length / n, logLikelihood: scored.reduce((a, s) => a + Math.log(Math.max(1e-30, s.probability)), 0) / n };
    if (!best || pickPseudoCount([best.trial, trial]) === trial) best = { trial, scores: scored.map((s) => s.score) };
  }
  // With a pool of recent out-of-sample scores (a rolling window of days), the held-out slice only
  // adds to it: calibratePooled's tail fit on hundreds of thousands of scores, not one day's slice.
  const own = best?.scores ?? [];
  let pooled: Float64Array | null = null;
  if (o.pool) {
    // One allocation: the pool can hold 400,000 scores (spreading it copied it twice).
    pooled = new Float64Array(o.pool.length + own.length);
    for (let i = 0; i < o.pool.length; i++) pooled[i] = o.pool[i];
    pooled.set(own, o.pool.length);
  }
  const calibration = pooled && pooled.length >= MIN_POOLED_EVENTS ? calibratePooled(pooled, budgetPerMillion) : calibrateThreshold(own, budgetPerMillion, o.extrapolatedFloor);
  const kappa = best?.trial.pseudoCount ?? Infinity;
  return Number.isFinite(kappa) ? { ...calibration, pseudoCount: kappa } : calibration;
}

/**
 * Trains a new version on time-ordered events: vocabularies from the training slice, early
 * stopping and alert threshold on the chronologically last `validFraction`.
 */
export async function fitModel(events: MlEvent[], o: FitOptions = {}): Promise<ModelVersion> {
  await initBackend();
  const config = { ...DEFAULT_MODEL_CONFIG, ...o.config };
  const [train, valid] = splitChronologically(events, o.validFraction ?? 0.15);
  const spec = o.spec ?? (await buildFeatureSpec(train, config.window));
  const model = buildModel(modelShape(spec), config);
  // Validation windows continue the training contexts: warm a history on the training slice first.
  const warm = new Scorer({ spec } as ModelVersion);
  warm.observe(train);
  const trained = await trainModel(model, spec, {
    train: () => windowChunks(train, spec, { weightOf: o.weightOf }),
    valid: valid.length ? () => windowChunks(valid, spec, { history: structuredCloneHistory(warm.history) }) : undefined,
    epochs: o.epochs ?? 8,
    // Small logs need more, smaller steps; large ones the throughput of batch 512.
    batchSize: o.batchSize ?? Math.min(512, Math.max(32, 2 ** Math.floor(Math.log2(train.length / 50)))),
    learningRate: o.learningRate,
    patience: o.patience,
    seed: config.seed,
    windowsPerEpoch: train.length,
    onProgress: o.onProgress,
  });
  const version: ModelVersion = {
    id: `v-${Date.now().toString(36)}`,
    parentId: null,
    createdAt: new Date().toISOString(),
    model,
    spec,
    config,
    calibration: null,
    metrics: {},
    history: trained.history,
    trainingRange: rangeOf(train),
    backend: currentBackend(),
  };
  const last = trained.history.find((h) => h.epoch === trained.bestEpoch) ?? trained.history.at(-1);
  version.calibration = valid.length && o.calibrate !== false ? await calibrateVersion(version, warm.history, valid, o.budgetPerMillion ?? 100, { isMixed: o.mixFrequencies ?? true }) : null;
  version.metrics = {
    valLoss: last?.valLoss ?? NaN,
    valTop1: last?.valTop1 ?? NaN,
    trainSeconds: trained.trainSeconds,
    windowsPerSecond: trained.windowsSeen / trained.trainSeconds,
    epochs: trained.history.length,
  };
  return version;
}

function structuredCloneHistory(h: History): History {
  return (h.constructor as typeof History).fromJSON(h.toJSON());
}
