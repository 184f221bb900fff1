import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "@/ml/backend";
import { buildModel } from "@/ml/model/build";
import { DEFAULT_MODEL_CONFIG, type EncoderKind } from "@/ml/types";

const shape = { window: 10, actionClasses: 64, sideRows: 120, sideSlots: 8, sideHeadClasses: [8, 16, 7, 6] };

describe("buildModel", () => {
  beforeAll(() => initBackend({ log: () => {} }));

  it.each<EncoderKind>(["mlp", "attention", "gru"])("%s: one action and four side-head outputs of the right shapes", (encoder) => {
    const model = buildModel(shape, { ...DEFAULT_MODEL_CONFIG, encoder, hidden: 16 });
    const outs = tf.tidy(() => {
      const inputs = [tf.zeros([3, 10], "int32"), tf.zeros([3, 80], "int32"), tf.zeros([3, 2], "int32"), tf.zeros([3, 1], "int32")];
      return (model.predict(inputs) as tf.Tensor[]).map((t) => t.shape);
    });
    expect(outs).toEqual([[3, 64], [3, 8], [3, 16], [3, 7], [3, 6]]);
    model.dispose();
  });

  it("is pure: the same config gives the same initial weights", () => {
    const a = buildModel(shape, DEFAULT_MODEL_CONFIG);
    const b = buildModel(shape, DEFAULT_MODEL_CONFIG);
    const diff = tf.tidy(() => a.getWeights().map((w, i) => w.sub(b.getWeights()[i]).abs().max().dataSync()[0]));
    expect(Math.max(...diff)).toBe(0);
    a.dispose();
    b.dispose();
  });
});
