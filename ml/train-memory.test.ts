import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "@/ml/backend";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { buildFeatureSpec } from "@/ml/data/tokens";
import { windowChunks } from "@/ml/data/windows";
import { buildModel } from "@/ml/model/build";
import { modelShape } from "@/ml/model/version";
import { trainModel } from "@/ml/train";
import { DEFAULT_MODEL_CONFIG, type WindowChunk } from "@/ml/types";

describe("trainModel memory", () => {
  beforeAll(() => initBackend({ log: () => {} }));

  it("keeps tensors, tensor bytes and RSS flat however many chunks a generator yields", async () => {
    const base = generateSyntheticEvents({ principals: 20, eventsPerPrincipal: 100, actions: 80, seed: 2 });
    const spec = await buildFeatureSpec(base);
    const model = buildModel(modelShape(spec), { ...DEFAULT_MODEL_CONFIG, hidden: 32 });
    const samples: { tensors: number; bytes: number; rss: number }[] = [];
    const CHUNKS = 40;
    // A large stream from a generator: the same 2,000 events re-windowed CHUNKS times, never all in memory.
    async function* source(): AsyncGenerator<WindowChunk> {
      for (let i = 0; i < CHUNKS; i++) {
        for await (const chunk of windowChunks(base, spec, { chunkSize: 2000 })) {
          samples.push({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, rss: process.memoryUsage().rss });
          yield chunk;
        }
      }
    }
    await trainModel(model, spec, { train: source, epochs: 1, batchSize: 256 });
    expect(samples.length).toBeGreaterThanOrEqual(CHUNKS);
    // Loss scalars are read back every 20 steps (train.ts), 8 steps per chunk: chunks 5 and 35 are
    // at the same point of that cycle, and no later chunk holds more than the early ones.
    const [early, late] = [samples[5], samples[35]];
    expect(late.tensors).toBe(early.tensors);
    expect(late.bytes).toBe(early.bytes);
    const most = (xs: typeof samples) => Math.max(...xs.map((x) => x.tensors));
    expect(most(samples.slice(20))).toBeLessThanOrEqual(most(samples.slice(0, 20)));
    // 40 chunks × 2,000 windows held at once would be > 40 MB of windows alone plus their batches.
    expect(late.rss - early.rss).toBeLessThan(64 * 1024 * 1024);
    model.dispose();
  });
});
