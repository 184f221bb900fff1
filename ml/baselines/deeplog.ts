/**
 * Baseline 2: DeepLog (Du et al., CCS 2017) — a 2-layer LSTM(64) over the last h = 10 action keys;
 * an event is anomalous when its action is not among the top g = 9 predictions. Uses the same
 * vocabulary and windows as the main model but only the action ids.
 */
import * as tf from "@tensorflow/tfjs";
import type { WindowChunk, WindowSource } from "@/ml/types";
import type { FeatureSpec } from "@/ml/data/tokens";
import { batchArrays } from "@/ml/data/windows";
import { seededRandom } from "@/ml/train";

export const DEEPLOG_G = 9;

/** Pure: [B, L] action ids → [B, actionClasses] logits. */
export function buildDeepLog(window: number, actionClasses: number, units = 64, seed = 1): tf.LayersModel {
  const glorot = (s: number) => tf.initializers.glorotUniform({ seed: seed * 100 + s });
  return tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: actionClasses, outputDim: 16, inputLength: window, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }) }),
      tf.layers.lstm({ units, returnSequences: true, kernelInitializer: glorot(1), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 2 }) }),
      tf.layers.lstm({ units, kernelInitializer: glorot(3), recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 4 }) }),
      tf.layers.dense({ units: actionClasses, kernelInitializer: glorot(5) }),
    ],
  });
}

export async function trainDeepLog(spec: FeatureSpec, source: WindowSource, o: { epochs?: number; batchSize?: number; seed?: number } = {}): Promise<{ model: tf.LayersModel; windowsPerSecond: number; trainSeconds: number }> {
  const model = buildDeepLog(spec.window, spec.actions.capacity, 64, o.seed ?? 1);
  const optimizer = tf.train.adam(0.003);
  const rand = seededRandom(o.seed ?? 1);
  const batchSize = o.batchSize ?? 256;
  const start = performance.now();
  let seen = 0;
  for (let epoch = 0; epoch < (o.epochs ?? 3); epoch++) {
    for await (const chunk of source()) {
      const order = Array.from({ length: Math.ceil(chunk.n / batchSize) }, (_, i) => i).sort(() => rand() - 0.5);
      for (const bi of order) {
        const b = batchArrays(chunk, spec, bi * batchSize, Math.min(chunk.n, (bi + 1) * batchSize), []);
        tf.tidy(() => {
          const x = tf.tensor2d(b.ctxAction, [b.n, spec.window], "int32");
          const y = tf.oneHot(tf.tensor1d(b.targetAction, "int32"), spec.actions.capacity);
          optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
        });
        seen += b.n;
      }
    }
  }
  optimizer.dispose();
  const trainSeconds = (performance.now() - start) / 1000;
  return { model, windowsPerSecond: seen / trainSeconds, trainSeconds };
}

/** Rank (1 = most expected) and probability of the actual action for each row of a chunk. */
export function scoreDeepLog(model: tf.LayersModel, spec: FeatureSpec, chunk: WindowChunk): { rank: Float32Array; probability: Float32Array } {
  const b = batchArrays(chunk, spec, 0, chunk.n, []);
  const packed = tf.tidy(() => {
    const lp = tf.logSoftmax(model.predict(tf.tensor2d(b.ctxAction, [b.n, spec.window], "int32"), { batchSize: b.n }) as tf.Tensor2D);
    const actual = lp.mul(tf.oneHot(tf.tensor1d(b.targetAction, "int32"), spec.actions.capacity)).sum(1, true);
    return tf.concat([actual.exp(), lp.greater(actual).cast("float32").sum(1, true).add(1)], 1);
  });
  const d = packed.dataSync() as Float32Array;
  packed.dispose();
  const probability = new Float32Array(b.n);
  const rank = new Float32Array(b.n);
  for (let i = 0; i < b.n; i++) {
    probability[i] = d[2 * i];
    const token = spec.actions.tokens[b.targetAction[i]];
    // Unknown actions (<unk>, <unk:service>) are never a DeepLog prediction: always outside top-g.
    rank[i] = !token || token.startsWith("<") ? Infinity : d[2 * i + 1];
  }
  return { rank, probability };
}
