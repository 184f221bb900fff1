import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/ml/backend";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { fitCrossFitted, principalSplits, TRIM_SHARE, type CrossFitResult } from "@/ml/cross-fit";
import { usesSibling } from "@/ml/cross-fit-route";
import { fitModel } from "@/ml/model/version";
import { Scorer } from "@/ml/score";
import { sortByTime } from "@/ml/data/windows";
import { loadModelVersion, saveModelVersion } from "@/ml/registry-io";
import { fitModelInThread } from "@/ml/fit-thread";
import type { MlEvent } from "@/ml/types";

// An organisation's backfill with an attack in the middle of it: one automation principal's key
// used from a new address for a few calls it never makes otherwise.
const normal = generateSyntheticEvents({ principals: 12, eventsPerPrincipal: 500, actions: 60, automationShare: 0.5, seed: 3 });
const victim = normal[0].principalKey;
const victimEvents = normal.filter((e) => e.principalKey === victim);
const at = Number(victimEvents[Math.floor(victimEvents.length * 0.7)].eventTime);
const attackActions = ["iam.amazonaws.com:CreateUser", "iam.amazonaws.com:AttachUserPolicy", "iam.amazonaws.com:CreateAccessKey", "cloudtrail.amazonaws.com:StopLogging"];
const attack: MlEvent[] = attackActions.map((action, i) => ({
  ...victimEvents[0], eventId: `attack-${i}`, eventTime: at + i * 1_000, action, service: action.split(":")[0],
  readOnly: false, sourceIp: "185.220.101.97", userAgent: "aws-cli/2.13.25", userAgentFamily: "cli" as const,
}));
const events = sortByTime([...normal, ...attack]);
const isAttack = (id: string) => id.startsWith("attack-");

let fitted: CrossFitResult;

describe("cross-fitting the first model (ml/cross-fit.ts)", () => {
  beforeAll(async () => {
    await initBackend({ log: () => {} });
    fitted = await fitCrossFitted(events, { epochs: 6, batchSize: 64, config: { hidden: 32 } });
  }, 240_000);

  it("splits every principal at its median event", () => {
    const splits = principalSplits(events);
    for (const [key, split] of Object.entries(splits)) {
      const times = events.filter((e) => e.principalKey === key).map((e) => Number(e.eventTime));
      const later = times.filter((t) => t >= split).length;
      expect(Math.abs(later - (times.length - later))).toBeLessThanOrEqual(1 + times.filter((t) => t === split).length);
    }
  });

  it("scores an attack inside the training range with the fold model that never saw it, and it alerts", async () => {
    const route = { ...fitted.version.crossFit!, version: fitted.sibling };
    expect(attack.every((e) => usesSibling(route, e))).toBe(true);
    const scored = await new Scorer(fitted.version, undefined, { crossFit: route }).scoreBatch(events);
    const attackScores = scored.filter((s) => isAttack(s.eventId));
    expect(attackScores.every((s) => s.isCrossFitted)).toBe(true);
    expect(attackScores.filter((s) => s.alert).length).toBeGreaterThan(0);
    const normalAlerts = scored.filter((s) => !isAttack(s.eventId) && s.alert).length;
    expect(normalAlerts / scored.length).toBeLessThan(0.01);
  });

  it("a model fitted on the whole backfill, scoring it in sample, finds the attack less surprising", async () => {
    const plain = await fitModel(events, { epochs: 6, batchSize: 64, config: { hidden: 32 }, spec: fitted.version.spec });
    const inSample = await new Scorer(plain, undefined, { threshold: Infinity }).scoreBatch(events);
    const outOfSample = await new Scorer(fitted.version, undefined, { threshold: Infinity, crossFit: { ...fitted.version.crossFit!, version: fitted.sibling } }).scoreBatch(events);
    const mean = (xs: { eventId: string; score: number }[]) => xs.filter((s) => isAttack(s.eventId)).reduce((a, s) => a + s.score, 0) / attackActions.length;
    expect(mean(outOfSample)).toBeGreaterThan(mean(inSample));
    plain.model.dispose();
  }, 240_000);

  it("trains the fold model on a thread beside the active version, and gets the same model as in this thread", async () => {
    expect(fitted.foldFit).toBe("thread");
    const here = await fitCrossFitted(events, { epochs: 6, batchSize: 64, config: { hidden: 32 }, parallel: false });
    expect(here.foldFit).toBe("sequential");
    // Same seed, same data, same backend: the thread's weights are the ones this thread would have trained.
    const weights = (r: CrossFitResult) => r.sibling.model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(here)).toEqual(weights(fitted));
    expect(Array.from(here.scores)).toEqual(Array.from(fitted.scores));
    here.version.model.dispose();
    here.sibling.model.dispose();
  }, 240_000);

  it("stops the training thread when told to (the fit beside it failed)", async () => {
    const abort = new AbortController();
    let reports = 0;
    const fit = fitModelInThread(events, fitted.version.spec, { epochs: 50, batchSize: 64, config: { hidden: 32 } }, () => {
      if (++reports === 1) abort.abort();
    }, abort.signal);
    await expect(fit).rejects.toThrow(/aborted/);
    // It stopped at its first progress report, not after its 50 epochs.
    expect(reports).toBeLessThan(5);
    await expect(fitModelInThread(events, fitted.version.spec, {}, undefined, abort.signal)).rejects.toThrow(/before it started/);
  }, 240_000);

  it("leaves what a one-epoch probe on the earlier halves finds most surprising out of the active version's targets", () => {
    const foldB = events.filter((e) => Number(e.eventTime) >= fitted.version.crossFit!.splits[e.principalKey]);
    expect(fitted.trimmed.size).toBe(Math.floor(foldB.length * TRIM_SHARE));
    // The attack lies in the victim's later half; its calls are new to a principal with hundreds of earlier events.
    expect(attack.every((e) => foldB.includes(e))).toBe(true);
    // A random 0.2% of fold B would hold none of the 4 (expected 0.008); the probe finds most of them.
    expect(attack.filter((e) => fitted.trimmed.has(e.eventId)).length).toBeGreaterThanOrEqual(3);
  });

  it("keeps the split and the calibration's basis through save and load", async () => {
    const loaded = await loadModelVersion(await saveModelVersion(fitted.version));
    expect(loaded.crossFit).toEqual(fitted.version.crossFit);
    expect(loaded.calibration?.method).toBe("pooled-tail");
    expect(loaded.calibration?.heldOutEvents).toBe(events.length);
    loaded.model.dispose();
  });
});
