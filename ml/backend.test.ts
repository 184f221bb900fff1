import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { currentBackend, initBackend } from "@/ml/backend";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { splitChronologically } from "@/ml/data/windows";
import { fitModel } from "@/ml/model/version";
import { loadModelVersion, saveModelVersion } from "@/ml/registry-io";
import { Scorer } from "@/ml/score";

describe("backends", () => {
  it("wasm and cpu give the same scores for the same saved model (float tolerance)", async () => {
    const logs: string[] = [];
    await initBackend({ prefer: "wasm", log: (m) => logs.push(m) });
    expect(currentBackend()).toBe("wasm");
    expect(logs[0]).toMatch(/backend: wasm/);
    const [train, test] = splitChronologically(generateSyntheticEvents({ principals: 8, eventsPerPrincipal: 150, actions: 60 }), 0.2);
    const version = await fitModel(train, { epochs: 2, config: { hidden: 32 } });
    const saved = await saveModelVersion(version);
    const scoreWith = async () => {
      const v = await loadModelVersion(saved);
      const s = new Scorer(v);
      s.observe(train);
      const r = await s.scoreBatch(test);
      v.model.dispose();
      return r;
    };
    const onWasm = await scoreWith();
    await initBackend({ prefer: "cpu", log: () => {} });
    expect(tf.getBackend()).toBe("cpu");
    const onCpu = await scoreWith();
    onCpu.forEach((s, i) => {
      expect(s.score).toBeCloseTo(onWasm[i].score, 3);
      expect(s.rank).toBe(onWasm[i].rank);
    });
  });
});
