/**
 * Shared types of the ml/ library. `MlEvent` mirrors the normalized event subset structurally so the
 * worker can pass its rows unchanged (ml/ imports nothing from lib/, STYLE.md).
 */
import type * as tf from "@tensorflow/tfjs";

export type UserAgentFamily = "console" | "cli" | "sdk" | "terraform" | "service" | "other";

/**
 * The account id of a record that names none (no recipientAccountId nor userIdentity.accountId,
 * no subscription): records from any number of accounts share it, so nothing is "new to the account".
 */
export const UNKNOWN_ACCOUNT = "unknown";

export interface MlEvent {
  eventId: string;
  principalKey: string;
  /** The account or subscription id; UNKNOWN_ACCOUNT when the record names none. */
  accountId: string;
  /** Date or epoch milliseconds. */
  eventTime: Date | number;
  /** e.g. "iam.amazonaws.com:CreateUser" or "MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE" */
  action: string;
  service: string;
  outcome: "success" | "failure";
  errorCode: string | null;
  readOnly: boolean | null;
  /** Console sign-ins: whether MFA was used; null or absent for other events. */
  mfaUsed?: boolean | null;
  region: string | null;
  userAgentFamily: UserAgentFamily;
  sourceIp: string | null;
  userAgent: string | null;
  /** The service that made the call on the principal's behalf (invokedBy, an Azure platform category); null or absent otherwise. */
  invokedBy?: string | null;
}

/** Encoder architectures compared in ml/MODEL-CHOICE.md; `mlp` is the measured winner. */
export type EncoderKind = "mlp" | "attention" | "gru";

/** Model shape; every field is JSON and stored in the version metadata. */
export interface ModelConfig {
  encoder: EncoderKind;
  /** Context length: previous events of the same principal (DeepLog h = 10). */
  window: number;
  actionEmbedding: number;
  sideEmbedding: number;
  hidden: number;
  sideHidden: number;
  seed: number;
}

export const DEFAULT_MODEL_CONFIG: ModelConfig = {
  encoder: "mlp",
  window: 10,
  actionEmbedding: 16,
  sideEmbedding: 4,
  hidden: 96,
  sideHidden: 32,
  seed: 1,
};

/**
 * Windows in typed arrays, n rows. F = number of per-event features (FEATURES in data/tokens.ts).
 * context: [n, window, F] feature ids of the previous events (0 = padding, oldest first);
 * target: [n, F] feature ids of the event to predict; weight: [n] sample weight (1 = normal).
 */
export interface WindowChunk {
  n: number;
  context: Int32Array;
  target: Int32Array;
  weight: Float32Array;
}

/** Re-iterable source of window chunks (called once per epoch) so training never holds all windows. */
export type WindowSource = () => AsyncIterable<WindowChunk> | Iterable<WindowChunk>;

export interface TrainProgress {
  epoch: number;
  epochs: number;
  windowsDone: number;
  /** Training throughput in windows per second over the run so far. */
  windowsPerSecond: number;
  /** Seconds left at the current rate; null until the epoch size is known. */
  etaSeconds: number | null;
  loss: number;
  valLoss?: number;
}

export type LossHistory = { epoch: number; loss: number; valLoss: number; valTop1: number }[];

export interface TrainedModel {
  model: tf.LayersModel;
  history: LossHistory;
  trainSeconds: number;
  windowsSeen: number;
  bestEpoch: number;
}
