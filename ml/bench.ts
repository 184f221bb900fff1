/**
 * Benchmarks behind `trailwatch bench train|score --json`: synthetic data at the default model
 * size (vocabulary ~400 actions, window 10). Throughput excludes model construction and warm-up.
 */
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_MODEL_CONFIG, type ModelConfig } from "@/ml/types";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { buildFeatureSpec } from "@/ml/data/tokens";
import { windowChunks } from "@/ml/data/windows";
import { buildModel } from "@/ml/model/build";
import { trainModel } from "@/ml/train";
import { modelShape, fitModel } from "@/ml/model/version";
import { Scorer } from "@/ml/score";
import { currentBackend, initBackend, type BackendName } from "@/ml/backend";

export interface BenchOptions {
  backend?: BackendName;
  /** Synthetic events (one window each). */
  events?: number;
  epochs?: number;
  batchSize?: number;
  config?: Partial<ModelConfig>;
}

export interface BenchTrainResult {
  windowsPerSecond: number;
  peakRssMb: number;
  backend: string;
  windows: number;
  params: number;
}

export interface BenchScoreResult {
  /** Median of the passes' rates: the host's other tenants come in bursts, so one pass can land in one. */
  eventsPerSecond: number;
  /** Rate of each pass over the same events, each with a fresh scorer. */
  passesEventsPerSecond: number[];
  peakRssMb: number;
  backend: string;
  events: number;
}

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function syntheticFor(events: number) {
  return generateSyntheticEvents({ actions: 400, principals: 100, eventsPerPrincipal: Math.ceil(events / 100), seed: 11 });
}

/** Training throughput in windows/s (all heads, Adam, batch 512 by default). */
export async function benchTrain(o: BenchOptions = {}): Promise<BenchTrainResult> {
  await initBackend({ prefer: o.backend });
  const events = syntheticFor(o.events ?? 40_000);
  const config = { ...DEFAULT_MODEL_CONFIG, ...o.config };
  const spec = await buildFeatureSpec(events, config.window);
  const model = buildModel(modelShape(spec), config);
  // Warm-up: kernels compile / allocate on first use.
  await trainModel(model, spec, { train: () => windowChunks(events.slice(0, 4096), spec), epochs: 1, batchSize: o.batchSize });
  const r = await trainModel(model, spec, { train: () => windowChunks(events, spec), epochs: o.epochs ?? 2, batchSize: o.batchSize });
  const result = { windowsPerSecond: Math.round(r.windowsSeen / r.trainSeconds), peakRssMb: peakRssMb(), backend: currentBackend(), windows: r.windowsSeen, params: model.countParams() };
  model.dispose();
  return result;
}

const SCORE_PASSES = 5;

/** Scoring throughput in events/s through the streaming Scorer (tokenising, history, model, evidence). */
export async function benchScore(o: BenchOptions = {}): Promise<BenchScoreResult> {
  await initBackend({ prefer: o.backend });
  const events = syntheticFor(o.events ?? 100_000);
  const version = await fitModel(events.slice(0, 8192), { epochs: 1, config: o.config });
  const rates: number[] = [];
  for (let pass = 0; pass < SCORE_PASSES; pass++) {
    const scorer = new Scorer(version);
    await scorer.scoreBatch(events.slice(0, 4096));
    const before = tf.memory().numTensors;
    const start = performance.now();
    for (let i = 0; i < events.length; i += 16384) await scorer.scoreBatch(events.slice(i, i + 16384));
    rates.push(Math.round(events.length / ((performance.now() - start) / 1000)));
    if (tf.memory().numTensors !== before) throw new Error("scoring leaked tensors");
  }
  version.model.dispose();
  const sorted = [...rates].sort((x, y) => x - y);
  return { eventsPerSecond: sorted[Math.floor(sorted.length / 2)], passesEventsPerSecond: rates, peakRssMb: peakRssMb(), backend: currentBackend(), events: events.length };
}
