import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/ml/backend";
import { periodicEvents } from "@/ml/data/synthetic";
import { fitModel } from "@/ml/model/version";
import { Scorer } from "@/ml/score";
import { updateModel } from "@/ml/update";
import type { MlEvent } from "@/ml/types";

const FP_ACTION = "sts.amazonaws.com:GetCallerIdentity";

/** After the first 250 minutes, principal 0 adds GetCallerIdentity to its cycle (a new automation step). */
function withNewStep(events: MlEvent[]): MlEvent[] {
  const out: MlEvent[] = [];
  for (const e of events) {
    out.push(e);
    const t = Number(e.eventTime);
    if (e.principalKey === "role/periodic-0" && t % 300_000 < 60_000) {
      out.push({ ...e, eventId: `${e.eventId}-gci`, eventTime: t + 1_000, action: FP_ACTION, service: "sts.amazonaws.com" });
    }
  }
  return out;
}

describe("updateModel", () => {
  beforeAll(() => initBackend({ log: () => {} }));

  it("stops alerting on a pattern marked false positive, grows the vocabulary and compares versions", async () => {
    const all = periodicEvents(4, 500);
    const cut = Number(all[Math.floor(all.length / 2)].eventTime);
    const before = all.filter((e) => Number(e.eventTime) < cut);
    const after = withNewStep(all.filter((e) => Number(e.eventTime) >= cut));
    const active = await fitModel(before, { epochs: 8, batchSize: 64, config: { hidden: 32 } });

    const probe = after.filter((e) => e.action === FP_ACTION);
    const s0 = new Scorer(active);
    s0.observe(before);
    const firstAlerts = (await s0.scoreBatch(after)).filter((s) => s.alert && s.action === FP_ACTION);
    expect(firstAlerts.length).toBeGreaterThan(0);

    const { version, comparison } = await updateModel(active, after, { falsePositives: [{ action: FP_ACTION, principalKey: "role/periodic-0" }], epochs: 6 });
    expect(version.spec.actions.has(FP_ACTION)).toBe(true);
    expect(version.parentId).toBe(active.id);
    const s1 = new Scorer(version);
    s1.observe([...before, ...after.slice(0, Math.floor(after.length * 0.8))]);
    const late = after.slice(Math.floor(after.length * 0.8));
    const scored = await s1.scoreBatch(late);
    const fp = scored.filter((s) => s.action === FP_ACTION);
    expect(fp.length).toBeGreaterThan(0);
    expect(fp.filter((s) => s.alert)).toHaveLength(0);
    expect(probe.length).toBeGreaterThan(fp.length);
    expect(["promote", "shadow"]).toContain(comparison.decision);
    expect(comparison.candidate.top1).toBeGreaterThan(comparison.active.top1);
  });

  it("the false-positive weight matters: weight 20 makes the marked pattern less surprising to the network than weight 1", async () => {
    const all = periodicEvents(4, 500);
    const cut = Number(all[Math.floor(all.length / 2)].eventTime);
    const before = all.filter((e) => Number(e.eventTime) < cut);
    const after = withNewStep(all.filter((e) => Number(e.eventTime) >= cut));
    const active = await fitModel(before, { epochs: 8, batchSize: 64, config: { hidden: 32 } });
    const warm = [...before, ...after.slice(0, Math.floor(after.length * 0.8))];
    const late = after.slice(Math.floor(after.length * 0.8));
    const meanFpScore = async (weight: number) => {
      const { version } = await updateModel(active, after, { falsePositives: [{ action: FP_ACTION, principalKey: "role/periodic-0" }], weight, epochs: 2 });
      // The network alone (κ = ∞): the frequency mixture would forgive a repeated pattern by itself.
      const s = new Scorer(version, undefined, { pseudoCount: Infinity });
      s.observe(warm);
      const fp = (await s.scoreBatch(late)).filter((x) => x.action === FP_ACTION);
      version.model.dispose();
      return fp.reduce((a, x) => a + x.score, 0) / fp.length;
    };
    const [light, heavy] = [await meanFpScore(1), await meanFpScore(20)];
    expect(heavy).toBeLessThan(light);
  });
});
