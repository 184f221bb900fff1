/**
 * Custom training loop (no model.fit): windows stream in chunks from a re-iterable source, are
 * shuffled within a chunk with a seeded PRNG, and every step computes the loss of all heads in one
 * graph. Loss is read back every READ_EVERY steps only: each read stalls the pipeline.
 */
import * as tf from "@tensorflow/tfjs";
import type { LossHistory, TrainProgress, WindowChunk, WindowSource } from "@/ml/types";
import type { FeatureSpec } from "@/ml/data/tokens";
import { SIDE_HEADS, SIDE_HEAD_FEATURE } from "@/ml/data/tokens";
import { allocateChunk, batchArrays, type BatchArrays } from "@/ml/data/windows";
import { inputTensors, jointLoss, labelTensors } from "@/ml/model/tensors";

export interface TrainOptions {
  train: WindowSource;
  /** Chronologically later windows for early stopping; omit to train all epochs. */
  valid?: WindowSource;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Epochs without validation improvement before stopping. */
  patience?: number;
  seed?: number;
  /** Expected windows per epoch, for the ETA of the first epoch. */
  windowsPerEpoch?: number;
  onProgress?: (p: TrainProgress) => void;
  /** Milliseconds between progress callbacks. */
  progressEveryMs?: number;
}

const READ_EVERY = 20;
export const SIDE_FEATURES = SIDE_HEADS.map((h) => SIDE_HEAD_FEATURE[h]);

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleChunk(c: WindowChunk, window: number, rand: () => number): WindowChunk {
  const perm = Array.from({ length: c.n }, (_, i) => i);
  for (let i = c.n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const out = allocateChunk(c.n, window);
  const cw = c.context.length / Math.max(1, c.weight.length);
  const tw = c.target.length / Math.max(1, c.weight.length);
  perm.forEach((src, dst) => {
    out.context.set(c.context.subarray(src * cw, src * cw + cw), dst * cw);
    out.target.set(c.target.subarray(src * tw, src * tw + tw), dst * tw);
    out.weight[dst] = c.weight[src];
  });
  out.n = c.n;
  return out;
}

/** Mean joint loss and top-1 accuracy of the action head over a source (no gradient). */
export async function evaluateLoss(model: tf.LayersModel, spec: FeatureSpec, source: WindowSource, batchSize = 2048): Promise<{ loss: number; top1: number; n: number }> {
  let loss = 0;
  let hits = 0;
  let n = 0;
  for await (const chunk of source()) {
    for (let from = 0; from < chunk.n; from += batchSize) {
      const b = batchArrays(chunk, spec, from, Math.min(chunk.n, from + batchSize), SIDE_FEATURES);
      const [l, h] = tf.tidy(() => {
        const logits = model.predict(inputTensors(b, spec.window), { batchSize: b.n }) as tf.Tensor[];
        const { labels, weight } = labelTensors({ ...b, weight: new Float32Array(b.n).fill(1) });
        const hit = logits[0].argMax(1).equal(labels[0]).sum();
        return [jointLoss(logits, labels, weight).mul(b.n), hit];
      });
      loss += (await l.data())[0];
      hits += (await h.data())[0];
      n += b.n;
      tf.dispose([l, h]);
    }
  }
  return { loss: n ? loss / n : NaN, top1: n ? hits / n : NaN, n };
}

/** One optimizer step on a batch; returns the loss tensor (caller disposes). */
function step(model: tf.LayersModel, optimizer: tf.Optimizer, b: BatchArrays, window: number): tf.Scalar {
  return tf.tidy(() => {
    const inputs = inputTensors(b, window);
    const { labels, weight } = labelTensors(b);
    return optimizer.minimize(() => jointLoss(model.apply(inputs, { training: true }) as tf.Tensor[], labels, weight), true) as tf.Scalar;
  });
}

/**
 * Trains `model` in place. Keeps the weights of the epoch with the best validation loss.
 * Memory: one chunk of windows plus one batch of tensors, independent of the source's size.
 */
export async function trainModel(model: tf.LayersModel, spec: FeatureSpec, o: TrainOptions): Promise<{ history: LossHistory; trainSeconds: number; windowsSeen: number; bestEpoch: number }> {
  const epochs = o.epochs ?? 10;
  const batchSize = o.batchSize ?? 512;
  const optimizer = tf.train.adam(o.learningRate ?? 0.003);
  const rand = seededRandom(o.seed ?? 1);
  const start = performance.now();
  const history: LossHistory = [];
  let best = { valLoss: Infinity, epoch: -1, weights: null as tf.Tensor[] | null };
  let windowsSeen = 0;
  let perEpoch = o.windowsPerEpoch ?? null;
  let lastReport = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let sum = 0;
    let steps = 0;
    let pending: tf.Scalar[] = [];
    let epochWindows = 0;
    for await (const raw of o.train()) {
      const chunk = shuffleChunk(raw, spec.window, rand);
      for (let from = 0; from < chunk.n; from += batchSize) {
        const b = batchArrays(chunk, spec, from, Math.min(chunk.n, from + batchSize), SIDE_FEATURES);
        pending.push(step(model, optimizer, b, spec.window));
        windowsSeen += b.n;
        epochWindows += b.n;
        if (pending.length >= READ_EVERY) {
          for (const l of pending) sum += (await l.data())[0];
          steps += pending.length;
          tf.dispose(pending);
          pending = [];
        }
        const now = performance.now();
        if (o.onProgress && now - lastReport >= (o.progressEveryMs ?? 1000)) {
          lastReport = now;
          const rate = windowsSeen / ((now - start) / 1000);
          const left = perEpoch === null ? null : Math.max(0, perEpoch * epochs - windowsSeen) / rate;
          o.onProgress({ epoch, epochs, windowsDone: windowsSeen, windowsPerSecond: rate, etaSeconds: left, loss: steps ? sum / steps : NaN });
        }
      }
    }
    for (const l of pending) sum += (await l.data())[0];
    steps += pending.length;
    tf.dispose(pending);
    perEpoch = epochWindows;
    const trainLoss = steps ? sum / steps : NaN;
    const val = o.valid ? await evaluateLoss(model, spec, o.valid) : { loss: trainLoss, top1: NaN, n: 0 };
    history.push({ epoch, loss: trainLoss, valLoss: val.loss, valTop1: val.top1 });
    const rate = windowsSeen / ((performance.now() - start) / 1000);
    o.onProgress?.({ epoch, epochs, windowsDone: windowsSeen, windowsPerSecond: rate, etaSeconds: (perEpoch * (epochs - epoch)) / rate, loss: trainLoss, valLoss: val.loss });
    if (val.loss < best.valLoss - 1e-4) {
      tf.dispose(best.weights ?? []);
      best = { valLoss: val.loss, epoch, weights: model.getWeights().map((w) => w.clone()) };
    } else if (o.valid && epoch - best.epoch >= (o.patience ?? 2)) {
      break;
    }
  }
  if (best.weights) {
    model.setWeights(best.weights);
    tf.dispose(best.weights);
  }
  optimizer.dispose();
  return { history, trainSeconds: (performance.now() - start) / 1000, windowsSeen, bestEpoch: best.epoch };
}
