import { describe, expect, it } from "vitest";
import { createRowResult, logProbAt, mixRow, mixtureWeights, pickPseudoCount, updateAdvantage, CLAMP_NATS, type RowInput } from "@/ml/mixture";
import { seededRandom } from "@/ml/train";

/** Brute force: the dense mixture row, then rank and top-k by sorting. */
function reference(x: RowInput, extra: number[]) {
  const A = x.logits.length;
  const max = Math.max(...x.logits);
  const exps = Array.from(x.logits, (v) => Math.exp(v - max));
  const z = exps.reduce((a, b) => a + b, 0);
  const { netWeight, countWeight } = mixtureWeights(x.kappa, x.total, x.advantage);
  const p = Array.from({ length: A }, (_, j) => (netWeight * exps[j]) / z);
  for (let i = 0; i < x.idCount; i++) p[x.ids[i]] += x.counts[i] * countWeight;
  const actual = netWeight * Math.min(exps[x.actual] / z, x.isUnknown ? 1 / x.unseenFloor : 1) + x.actualCount * countWeight;
  // An unseen action's own `<unk>` slot ties with it when uncapped: a tie never outranks.
  const above = (v: number) => v > actual * (1 + 1e-9);
  const rank = 1 + p.filter((v, j) => above(v) && (x.isUnknown || j !== x.actual)).length + extra.filter((c) => above(c * countWeight)).length;
  const top = p.map((v, j) => [v, j] as const).sort((a, b) => b[0] - a[0]).slice(0, 5);
  return { p: actual, rank, top };
}

describe("mixRow", () => {
  it("matches a brute-force dense computation (rank, probability, top-5) on random rows", () => {
    const rand = seededRandom(5);
    const scratch = new Uint8Array(64);
    const out = createRowResult(5);
    for (let trial = 0; trial < 200; trial++) {
      // Every 4th row spans ~100 nats: the online normaliser restarts when the maximum jumps past SKIP_NATS.
      const spread = trial % 4 === 0 ? 100 : 12;
      const logits = Float32Array.from({ length: 64 }, () => (rand() - 0.5) * spread);
      const ids = [...new Set(Array.from({ length: Math.floor(rand() * 10) }, () => Math.floor(rand() * 64)))];
      const counts = ids.map(() => 1 + Math.floor(rand() * 20));
      const extra = Array.from({ length: Math.floor(rand() * 3) }, () => 1 + Math.floor(rand() * 5));
      const actual = Math.floor(rand() * 64);
      const at = ids.indexOf(actual);
      const total = counts.reduce((a, b) => a + b, 0) + extra.reduce((a, b) => a + b, 0);
      const x: RowInput = { logits, actual, isUnknown: trial % 7 === 0 && at === -1, unseenFloor: 1000, kappa: [1, 8, Infinity][trial % 3], advantage: (rand() - 0.5) * 6, ids, counts, idCount: ids.length, extraCounts: extra, extraCount: extra.length, actualCount: at === -1 ? 0 : counts[at], total };
      const ref = reference(x, extra);
      mixRow(x, scratch, out);
      expect(out.p).toBeCloseTo(ref.p, 8); // the normaliser uses a 1e-9-accurate exp
      expect(out.rank).toBe(ref.rank);
      expect(Array.from(out.topP.slice(0, out.topCount))).toEqual(ref.top.map((t) => expect.closeTo(t[0], 6)));
      expect(scratch.every((v) => v === 0)).toBe(true);
    }
  });

  it("logProbAt is log softmax at one class, also for rows spanning more than SKIP_NATS", () => {
    const rand = seededRandom(9);
    for (let trial = 0; trial < 100; trial++) {
      const row = Float32Array.from({ length: 3 + (trial % 40) }, () => (rand() - 0.5) * (trial % 3 === 0 ? 80 : 8));
      const max = Math.max(...row);
      const lse = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
      const at = trial % row.length;
      expect(logProbAt(row, at)).toBeCloseTo(row[at] - lse, 8);
    }
  });

  it("is the network alone for a new principal or κ = ∞, counts-dominated after a long history", () => {
    expect(mixtureWeights(8, 0, 0)).toEqual({ netWeight: 1, countWeight: 0 });
    expect(mixtureWeights(Infinity, 100, 0)).toEqual({ netWeight: 1, countWeight: 0 });
    const w = mixtureWeights(1, 1000, CLAMP_NATS);
    expect(w.countWeight * 1000).toBeGreaterThan(0.99);
  });

  it("moves the per-principal weight towards the expert that predicted better, clamped", () => {
    expect(updateAdvantage(0, 0.1, 0.5)).toBeCloseTo(Math.log(5), 9);
    expect(updateAdvantage(0, 0.5, 0.1)).toBeLessThan(0);
    expect(updateAdvantage(CLAMP_NATS, 1e-9, 1)).toBe(CLAMP_NATS);
  });

  it("picks κ by validation top-1, ties broken by likelihood", () => {
    const pick = pickPseudoCount([
      { pseudoCount: 1, top1: 0.5, logLikelihood: -3 },
      { pseudoCount: 8, top1: 0.499, logLikelihood: -2 },
      { pseudoCount: Infinity, top1: 0.4, logLikelihood: -1 },
    ]);
    expect(pick.pseudoCount).toBe(8);
  });
});
