import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "@/ml/backend";
import { periodicEvents } from "@/ml/data/synthetic";
import { buildFeatureSpec } from "@/ml/data/tokens";
import { windowChunks } from "@/ml/data/windows";
import { buildModel } from "@/ml/model/build";
import { modelShape } from "@/ml/model/version";
import { evaluateLoss, trainModel } from "@/ml/train";
import { DEFAULT_MODEL_CONFIG, type TrainProgress } from "@/ml/types";

const config = { ...DEFAULT_MODEL_CONFIG, hidden: 32 };

async function trainPeriodic(seed: number) {
  const events = periodicEvents(8, 300);
  const spec = await buildFeatureSpec(events);
  const model = buildModel(modelShape(spec), { ...config, seed });
  const source = () => windowChunks(events, spec, { chunkSize: 1000 });
  const before = await evaluateLoss(model, spec, source);
  const progress: TrainProgress[] = [];
  const r = await trainModel(model, spec, { train: source, epochs: 6, batchSize: 128, seed, onProgress: (p) => progress.push(p), progressEveryMs: 0 });
  const after = await evaluateLoss(model, spec, source);
  return { model, before, after, r, progress };
}

describe("trainModel", () => {
  beforeAll(() => initBackend({ log: () => {} }));

  it("lowers the loss and learns a periodic sequence to ≥ 99% top-1, reporting rate and ETA", async () => {
    const { model, before, after, progress } = await trainPeriodic(3);
    expect(after.loss).toBeLessThan(before.loss / 4);
    expect(after.top1).toBeGreaterThanOrEqual(0.99);
    expect(progress.at(-1)!.windowsPerSecond).toBeGreaterThan(0);
    expect(progress.some((p) => p.etaSeconds !== null && p.etaSeconds > 0)).toBe(true);
    model.dispose();
  });

  it("is deterministic with a seed", async () => {
    const a = await trainPeriodic(5);
    const b = await trainPeriodic(5);
    expect(b.r.history.map((h) => h.loss)).toEqual(a.r.history.map((h) => h.loss));
    const diff = tf.tidy(() => a.model.getWeights().map((w, i) => w.sub(b.model.getWeights()[i]).abs().max().dataSync()[0]));
    expect(Math.max(...diff)).toBe(0);
    a.model.dispose();
    b.model.dispose();
  });
});
