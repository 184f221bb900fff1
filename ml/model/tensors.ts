/**
 * Typed-array batches → tensors, and the joint loss of all heads in one graph (one backward pass
 * per step instead of one per head).
 */
import * as tf from "@tensorflow/tfjs";
import type { BatchArrays } from "@/ml/data/windows";
import { SIDE_SLOTS } from "@/ml/data/windows";

/** Model inputs in buildModel order. Caller disposes (or runs inside tf.tidy). */
export function inputTensors(b: BatchArrays, window: number): tf.Tensor[] {
  return [
    tf.tensor2d(b.ctxAction, [b.n, window], "int32"),
    tf.tensor2d(b.ctxSide, [b.n, window * SIDE_SLOTS], "int32"),
    tf.tensor2d(b.query, [b.n, 2], "int32"),
    tf.tensor2d(b.targetAction, [b.n, 1], "int32"),
  ];
}

/** Loss weight of each side head relative to the action head. */
export const SIDE_LOSS_WEIGHT = 0.5;

/**
 * Weighted mean cross-entropy (nats): action head + SIDE_LOSS_WEIGHT · Σ side heads.
 * logits: [action [B, A], ...side [B, C_h]]; labels: targetAction [B] then one [B] per side head.
 */
export function jointLoss(logits: tf.Tensor[], labels: tf.Tensor1D[], weight: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Tensor = tf.scalar(0);
    logits.forEach((l, h) => {
      const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels[h], l.shape[1] as number), l, weight);
      total = total.add(h === 0 ? ce : ce.mul(SIDE_LOSS_WEIGHT));
    });
    return total as tf.Scalar;
  });
}

/** Label tensors (targetAction first, then side heads) and the weight tensor of a batch. */
export function labelTensors(b: BatchArrays): { labels: tf.Tensor1D[]; weight: tf.Tensor1D } {
  return {
    labels: [tf.tensor1d(b.targetAction, "int32"), ...b.labels.map((l) => tf.tensor1d(l, "int32"))],
    weight: tf.tensor1d(b.weight, "float32"),
  };
}
