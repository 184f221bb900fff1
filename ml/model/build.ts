/**
 * The next-event model: an encoder compresses a principal's context window into a latent vector,
 * a decoder predicts the next action and, given that action, its side features.
 *
 * Inputs (int32):  ctxAction [B, L] action ids · ctxSide [B, L·8] side ids (7 features + position,
 *                  offset into one shared table) · query [B, 2] gap and hour of the event to predict ·
 *                  targetAction [B, 1] the action whose side features the side heads predict.
 * Outputs (logits): action [B, actionClasses], then one [B, classes] per side head (SIDE_HEADS).
 */
import * as tf from "@tensorflow/tfjs";
import type { EncoderKind, ModelConfig } from "@/ml/types";

export interface ModelShape {
  window: number;
  actionClasses: number;
  sideRows: number;
  sideSlots: number;
  sideHeadClasses: number[];
}

type Sym = tf.SymbolicTensor;

function encode(kind: EncoderKind, shape: ModelShape, c: ModelConfig, a: Sym, side: Sym, seed: () => number): Sym {
  const L = shape.window;
  const glorot = () => tf.initializers.glorotUniform({ seed: seed() });
  if (kind === "mlp") {
    // Flatten keeps every position's own weights: order-aware like a 1-D conv spanning the window.
    return tf.layers.concatenate().apply([tf.layers.flatten().apply(a) as Sym, tf.layers.flatten().apply(side) as Sym]) as Sym;
  }
  const posWise = tf.layers.concatenate().apply([a, tf.layers.reshape({ targetShape: [L, shape.sideSlots * c.sideEmbedding] }).apply(side) as Sym]) as Sym;
  if (kind === "gru") {
    return tf.layers.gru({ units: c.hidden, kernelInitializer: glorot(), recurrentInitializer: tf.initializers.orthogonal({ seed: seed() }) }).apply(posWise) as Sym;
  }
  // Attention pooling from matrix products only: per-position dense, softmax scores over positions.
  const h = tf.layers.dense({ units: c.hidden, activation: "relu", kernelInitializer: glorot() }).apply(posWise) as Sym;
  const scores = tf.layers.flatten().apply(tf.layers.dense({ units: 1, kernelInitializer: glorot() }).apply(h)) as Sym;
  const weights = tf.layers.softmax().apply(scores) as Sym;
  return tf.layers.dot({ axes: [1, 1] }).apply([weights, h]) as Sym;
}

/** Pure: builds an untrained model with seeded initialisers (same config → same weights). */
export function buildModel(shape: ModelShape, config: ModelConfig): tf.LayersModel {
  let s = config.seed * 1000;
  const seed = () => ++s;
  const glorot = () => tf.initializers.glorotUniform({ seed: seed() });
  const uniform = () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed() });
  const L = shape.window;
  const ctxAction = tf.input({ shape: [L], dtype: "int32", name: "ctx_action" });
  const ctxSide = tf.input({ shape: [L * shape.sideSlots], dtype: "int32", name: "ctx_side" });
  const query = tf.input({ shape: [2], dtype: "int32", name: "query" });
  const targetAction = tf.input({ shape: [1], dtype: "int32", name: "target_action" });

  const actionEmb = tf.layers.embedding({ inputDim: shape.actionClasses, outputDim: config.actionEmbedding, embeddingsInitializer: uniform(), name: "action_embedding" });
  const sideEmb = tf.layers.embedding({ inputDim: shape.sideRows, outputDim: config.sideEmbedding, embeddingsInitializer: uniform(), name: "side_embedding" });
  const encoded = encode(config.encoder, shape, config, actionEmb.apply(ctxAction) as Sym, sideEmb.apply(ctxSide) as Sym, seed);
  const queryFlat = tf.layers.flatten().apply(sideEmb.apply(query)) as Sym;
  const latent = tf.layers.dense({ units: config.hidden, activation: "relu", kernelInitializer: glorot(), name: "latent" }).apply(tf.layers.concatenate().apply([encoded, queryFlat])) as Sym;

  const actionLogits = tf.layers.dense({ units: shape.actionClasses, kernelInitializer: glorot(), name: "action_logits" }).apply(latent) as Sym;
  const targetEmb = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: shape.actionClasses, outputDim: config.actionEmbedding, embeddingsInitializer: uniform(), name: "target_action_embedding" }).apply(targetAction)) as Sym;
  const sideHidden = tf.layers.dense({ units: config.sideHidden, activation: "relu", kernelInitializer: glorot() }).apply(tf.layers.concatenate().apply([latent, targetEmb])) as Sym;
  const sideLogits = shape.sideHeadClasses.map((n, i) => tf.layers.dense({ units: n, kernelInitializer: glorot(), name: `side_logits_${i}` }).apply(sideHidden) as Sym);
  return tf.model({ inputs: [ctxAction, ctxSide, query, targetAction], outputs: [actionLogits, ...sideLogits], name: `trailwatch_${config.encoder}` });
}
