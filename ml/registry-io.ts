/**
 * Model version ↔ `{ metadata, weights }`: JSON metadata (topology, weight specs, vocabularies,
 * config, thresholds, metrics, training range, backend, schema version) and the raw weight bytes,
 * which the database stores. No filesystem: tf.io.withSaveHandler / tf.io.fromMemory.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelConfig, LossHistory } from "@/ml/types";
import { FeatureSpec, type FeatureSpecJson } from "@/ml/data/tokens";
import type { Calibration } from "@/ml/calibrate";
import type { ModelVersion, TrainingRange } from "@/ml/model/version";

/** Bump on any change to features, model inputs or metadata layout. */
export const SCHEMA_VERSION = 1;

export interface ModelMetadata {
  schemaVersion: number;
  id: string;
  parentId: string | null;
  createdAt: string;
  backend: string;
  config: ModelConfig;
  spec: FeatureSpecJson;
  calibration: Calibration | null;
  metrics: Record<string, number>;
  history: LossHistory;
  trainingRange: TrainingRange | null;
  /** Absent on versions not trained by cross-fitting (and on those saved before it existed). */
  crossFit?: ModelVersion["crossFit"];
  /** Absent on versions saved before per-population baselines (ml/population.ts). */
  populations?: ModelVersion["populations"];
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
}

export interface SavedModelVersion {
  metadata: ModelMetadata;
  weights: Uint8Array;
}

export class SchemaVersionError extends Error {
  constructor(found: unknown) {
    super(`model version was saved with schema version ${String(found)}, this build reads schema version ${SCHEMA_VERSION}: retrain the model (trailwatch train) instead of loading it`);
    this.name = "SchemaVersionError";
  }
}

function concatWeights(data: tf.io.WeightData | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

export async function saveModelVersion(v: ModelVersion): Promise<SavedModelVersion> {
  let artifacts: tf.io.ModelArtifacts | null = null;
  await v.model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
  const a = artifacts as tf.io.ModelArtifacts | null;
  if (!a) throw new Error("model.save produced no artifacts");
  return {
    metadata: {
      schemaVersion: SCHEMA_VERSION,
      id: v.id,
      parentId: v.parentId,
      createdAt: v.createdAt,
      backend: v.backend,
      config: v.config,
      spec: v.spec.toJSON(),
      calibration: v.calibration,
      metrics: v.metrics,
      history: v.history,
      trainingRange: v.trainingRange,
      ...(v.crossFit ? { crossFit: v.crossFit } : {}),
      ...(v.populations ? { populations: v.populations } : {}),
      modelTopology: a.modelTopology as object,
      weightSpecs: a.weightSpecs ?? [],
    },
    weights: concatWeights(a.weightData),
  };
}

export async function loadModelVersion(saved: SavedModelVersion): Promise<ModelVersion> {
  const m = saved.metadata;
  if (m?.schemaVersion !== SCHEMA_VERSION) throw new SchemaVersionError(m?.schemaVersion);
  const bytes = saved.weights;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: m.modelTopology, weightSpecs: m.weightSpecs, weightData: buffer }));
  return {
    id: m.id,
    parentId: m.parentId,
    createdAt: m.createdAt,
    model,
    spec: new FeatureSpec(m.spec),
    config: m.config,
    calibration: m.calibration,
    metrics: m.metrics,
    history: m.history,
    trainingRange: m.trainingRange,
    backend: m.backend,
    ...(m.crossFit ? { crossFit: m.crossFit } : {}),
    ...(m.populations ? { populations: m.populations } : {}),
  };
}
