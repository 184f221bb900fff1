import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "@/ml/backend";
import { periodicEvents } from "@/ml/data/synthetic";
import { fitModel, type ModelVersion } from "@/ml/model/version";
import { isOperationalFailure, Scorer } from "@/ml/score";
import { loadModelVersion, saveModelVersion, SchemaVersionError } from "@/ml/registry-io";
import { splitChronologically } from "@/ml/data/windows";
import type { MlEvent } from "@/ml/types";
import { encodeEvent, F, FeatureSpec, NO_MFA_SUCCESS } from "@/ml/data/tokens";
import { Vocab } from "@/ml/data/vocab";

let version: ModelVersion;
const [train, test] = splitChronologically(periodicEvents(6, 300), 0.1);
const last = test.at(-1)!;
const next = (over: Partial<MlEvent>): MlEvent => ({ ...last, eventId: `x-${Math.random()}`, eventTime: Number(last.eventTime) + 60_000, ...over });

describe("Scorer", () => {
  beforeAll(async () => {
    await initBackend({ log: () => {} });
    version = await fitModel(train, { epochs: 10, batchSize: 64, config: { hidden: 32 } });
  });

  it("returns evidence per event and leaves no tensors behind", async () => {
    const scorer = new Scorer(version);
    scorer.observe(train);
    const before = tf.memory().numTensors;
    const scored = await scorer.scoreBatch(test);
    expect(tf.memory().numTensors).toBe(before);
    expect(scored).toHaveLength(test.length);
    const s = scored[scored.length - 1];
    expect(s.rank).toBe(1);
    expect(s.expected).toHaveLength(5);
    expect(s.expected[0].action).toBe(last.action);
    expect(s.probability).toBeGreaterThan(0.9);
    expect(scored.filter((x) => x.alert)).toHaveLength(0);
  });

  it("scores an unknown action as surprising and alerts on it", async () => {
    const scorer = new Scorer(version);
    scorer.observe([...train, ...test]);
    const [s] = await scorer.scoreBatch([next({ action: "iam.amazonaws.com:CreateAccessKey", service: "iam.amazonaws.com" })]);
    expect(s.isUnknownAction).toBe(true);
    expect(s.rank).toBeGreaterThanOrEqual(version.spec.actions.size);
    expect(s.probability).toBeLessThan(0.01);
    expect(s.facts.isNewActionForPrincipal).toBe(true);
    expect(s.alert).toBe(true);
  });

  it("counts an unknown action as its service's token: a second unknown action of that service is less surprising, another service's is not", async () => {
    const scorer = new Scorer(version, undefined, { pseudoCount: 8 });
    scorer.observe([...train, ...test]);
    const at = Number(last.eventTime);
    const call = (i: number, action: string) => next({ eventTime: at + (i + 1) * 60_000, action, service: action.split(":")[0] });
    const [first, second, other] = await scorer.scoreBatch([
      call(0, "cloudshell.amazonaws.com:CreateSession"),
      call(1, "cloudshell.amazonaws.com:GetEnvironmentStatus"),
      call(2, "kms.amazonaws.com:CreateKey"),
    ]);
    expect([first, second, other].every((s) => s.isUnknownAction && s.principalCount === 0)).toBe(true);
    expect(second.score).toBeLessThan(first.score - 5);
    expect(other.score).toBeGreaterThan(second.score + 5);
  });

  it("scores a write against its population's own scale (ml/population.ts), and survives save and load", async () => {
    const write = next({ action: "iam.amazonaws.com:CreateAccessKey", service: "iam.amazonaws.com", readOnly: false });
    const plain = new Scorer(version);
    plain.observe([...train, ...test]);
    const [base] = await plain.scoreBatch([write]);
    const key = `${write.principalKey}|${write.userAgentFamily}`;
    const shifted = { ...version, populations: { quantile: 0.7, reference: 1, tailCut: 4, shifts: { [key]: { shift: 4, baseline: 5, events: 50, days: 7 } } } };
    const loaded = await loadModelVersion(await saveModelVersion(shifted));
    expect(loaded.populations).toEqual(shifted.populations);
    const scorer = new Scorer(loaded);
    scorer.observe([...train, ...test]);
    const [s] = await scorer.scoreBatch([write]);
    expect(s.populationShift).toBe(4);
    expect(s.score).toBeCloseTo(base.score - 4, 4);
    // Another client's write is a population of its own: not shifted.
    const other = new Scorer(loaded);
    other.observe([...train, ...test]);
    const [c] = await other.scoreBatch([{ ...write, userAgentFamily: "cli" }]);
    expect(c.populationShift).toBe(0);
  });

  it("mixes in the principal's own counts: a repeated unknown action becomes less surprising, the network alone does not learn it", async () => {
    const scorer = new Scorer(version, undefined, { pseudoCount: 1 });
    const alone = new Scorer(version, undefined, { pseudoCount: Infinity });
    scorer.observe([...train, ...test]);
    alone.observe([...train, ...test]);
    const repeated = Array.from({ length: 4 }, (_, i) => next({ action: "iam.amazonaws.com:ListUsers", service: "iam.amazonaws.com", eventTime: Number(last.eventTime) + (i + 1) * 60_000 }));
    const [mixed, net] = [await scorer.scoreBatch(repeated), await alone.scoreBatch(repeated)];
    expect(mixed[0].principalCount).toBe(0);
    expect(mixed[3].principalCount).toBe(3);
    expect(mixed[3].principalEvents).toBe(mixed[0].principalEvents + 3);
    expect(mixed[3].score).toBeLessThan(mixed[0].score);
    expect(mixed[3].probability).toBeGreaterThan(net[3].probability);
    expect(net[3].modelProbability).toBeCloseTo(net[3].probability, 9);
  });

  it("judges a principal new to a learned account from its first event", async () => {
    const scorer = new Scorer(version);
    scorer.observe([...train, ...test]);
    const [s] = await scorer.scoreBatch([next({ principalKey: "user/fresh", action: "iam.amazonaws.com:CreateUser", sourceIp: "203.0.113.9" })]);
    expect(s.facts.isNewPrincipal).toBe(true);
    expect(s.facts.isNewActionForAccount).toBe(true);
    expect(s.alert).toBe(true);
  });

  it("gives the same scores streamed one by one, batched, and after a state save/restore", async () => {
    const a = new Scorer(version);
    a.observe(train);
    const batched = await a.scoreBatch(test);
    const b = new Scorer(version);
    b.observe(train);
    const streamed = [];
    for (const [i, e] of test.entries()) {
      const s = i === 20 ? new Scorer(version, JSON.parse(JSON.stringify(b.toJSON()))) : b;
      streamed.push(await s.score(e));
      if (i === 20) Object.assign(b, { history: s.history });
    }
    streamed.forEach((s, i) => expect(s.score).toBeCloseTo(batched[i].score, 4));
  });

  it("save → load gives identical scores; another schema version fails clearly", async () => {
    const saved = await saveModelVersion(version);
    expect(saved.weights).toBeInstanceOf(Uint8Array);
    const json = JSON.parse(JSON.stringify(saved.metadata));
    const loaded = await loadModelVersion({ metadata: json, weights: saved.weights });
    const [x, y] = [new Scorer(version), new Scorer(loaded)];
    x.observe(train);
    y.observe(train);
    const [sx, sy] = [await x.scoreBatch(test), await y.scoreBatch(test)];
    expect(sy.map((s) => s.score)).toEqual(sx.map((s) => s.score));
    expect(loaded.calibration).toEqual(version.calibration);
    loaded.model.dispose();
    await expect(loadModelVersion({ metadata: { ...json, schemaVersion: 0 }, weights: saved.weights })).rejects.toThrow(SchemaVersionError);
    await expect(loadModelVersion({ metadata: { ...json, schemaVersion: 0 }, weights: saved.weights })).rejects.toThrow(/schema version 0.*reads schema version 1/);
  });

  it("keeps calls made on the principal's behalf (invokedBy) out of its burst from a new address: they neither join, start nor break it", async () => {
    const scorer = new Scorer(version, undefined, { threshold: 20 });
    scorer.observe(train);
    const t0 = Number(last.eventTime) + 60_000;
    const stolen = { sourceIp: "203.0.113.9", userAgent: "python-requests/2.31", userAgentFamily: "other" as const, readOnly: false };
    const [first, onBehalf, second] = await scorer.scoreBatch([
      next({ ...stolen, eventId: "a1", eventTime: t0, action: "iam:CreateUser", service: "iam" }),
      // The console's back end acting for the principal: an address it never used, a read.
      next({ eventId: "o1", eventTime: t0 + 5_000, sourceIp: "AWS Internal", userAgent: "AWS Internal", userAgentFamily: "console", invokedBy: "AWS Internal", readOnly: true }),
      next({ ...stolen, eventId: "a2", eventTime: t0 + 10_000, action: "iam:AttachUserPolicy", service: "iam" }),
    ]);
    expect(first.burst).toBeUndefined();
    expect(onBehalf.burst).toBeUndefined();
    expect(second.burst?.events.map((e) => e.eventId)).toEqual(["a1", "a2"]);
    expect(second.burst).toMatchObject({ sourceIp: "203.0.113.9", contributing: 2 });
  });
});

describe("side surprises that say nothing about misuse", () => {
  it("scores neither an operational failure nor an address or region used before, and still scores a denial and new ones", async () => {
    // Two rare failure codes in training, so both have their own outcome token.
    const events = periodicEvents(4, 300).map((e, i) =>
      i % 97 === 5 ? { ...e, outcome: "failure" as const, errorCode: "ThrottlingException" } : i % 97 === 50 ? { ...e, outcome: "failure" as const, errorCode: "AccessDenied" } : e,
    );
    const [fitOn, rest] = splitChronologically(events, 0.1);
    const v = await fitModel(fitOn, { epochs: 3, batchSize: 64, config: { hidden: 16 } });
    expect(v.spec.outcomes.has("failure:ThrottlingException") && v.spec.outcomes.has("failure:AccessDenied")).toBe(true);
    const end = rest.at(-1)!;
    const at = (over: Partial<MlEvent>): MlEvent => ({ ...end, eventId: `y-${Math.random()}`, eventTime: Number(end.eventTime) + 60_000, ...over });
    const scoreOne = async (e: MlEvent) => {
      const scorer = new Scorer(v);
      scorer.observe([...fitOn, ...rest]);
      return (await scorer.scoreBatch([e]))[0];
    };
    const ok = await scoreOne(at({}));
    const throttled = await scoreOne(at({ outcome: "failure", errorCode: "ThrottlingException" }));
    const denied = await scoreOne(at({ outcome: "failure", errorCode: "AccessDenied" }));
    expect(throttled.score).toBeCloseTo(ok.score, 2);
    expect(throttled.surprising.map((x) => x.feature)).not.toContain("outcome");
    expect(denied.surprising.map((x) => x.feature)).toContain("outcome");
    expect(denied.score).toBeGreaterThan(ok.score + 1);
    // A new address counts; going back to the usual one afterwards ("seen": used before, not last) does not.
    const scorer = new Scorer(v);
    scorer.observe([...fitOn, ...rest]);
    const [away, back] = await scorer.scoreBatch([at({ sourceIp: "192.0.2.77" }), at({ eventTime: Number(end.eventTime) + 120_000 })]);
    expect(away.surprising.map((x) => x.feature)).toContain("ipNovelty");
    expect(away.score).toBeGreaterThan(ok.score);
    expect(back.facts.isNewIp).toBe(false);
    expect(back.surprising.map((x) => x.feature)).not.toContain("ipNovelty");
    // The same for regions: the first call in a new region counts, the second one there does not.
    const regional = new Scorer(v);
    regional.observe([...fitOn, ...rest]);
    const [firstThere, again] = await regional.scoreBatch([at({ region: "ap-southeast-2" }), at({ region: "ap-southeast-2", eventTime: Number(end.eventTime) + 120_000 })]);
    expect(firstThere.surprising.map((x) => x.feature)).toContain("region");
    expect(again.facts.isNewRegion).toBe(false);
    expect(again.surprising.map((x) => x.feature)).not.toContain("region");
    expect(["ThrottlingException", "ObjectLockConfigurationNotFoundError", "NoSuchKey", "ValidationException", "BadRequestException", "InvalidInputException", "InvalidRequestException", "ConditionalCheckFailedException", "ResourceNotFound"].every((c) => isOperationalFailure(`failure:${c}`))).toBe(true);
    expect(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationFailed", "InvalidClientTokenId"].some((c) => isOperationalFailure(`failure:${c}`))).toBe(false);
    expect(isOperationalFailure("failure")).toBe(false);
  });

  it("scores a sign-in without MFA as its own outcome, rare for a principal whose sign-ins used MFA", async () => {
    // The same periodic principals; one action of each cycle stands for a console sign-in with MFA.
    const events = periodicEvents(4, 300).map((e) => (Number(e.eventId.split("-")[2]) % 5 === 0 ? { ...e, mfaUsed: true } : e));
    const [fitOn, rest] = splitChronologically(events, 0.1);
    const v = await fitModel(fitOn, { epochs: 3, batchSize: 64, config: { hidden: 16 } });
    // In the vocabulary although training never saw one.
    expect(v.spec.outcomes.has(NO_MFA_SUCCESS)).toBe(true);
    const scoreNext = async (mfaUsed: boolean) => {
      const scorer = new Scorer(v);
      scorer.observe([...fitOn, ...rest]);
      const end = rest.at(-1)!;
      const usual = rest.filter((e) => e.principalKey === end.principalKey).at(-5)!; // the same step of the cycle
      return (await scorer.scoreBatch([{ ...usual, eventId: `z-${mfaUsed}`, eventTime: Number(end.eventTime) + 60_000, mfaUsed }]))[0];
    };
    const [withMfa, withoutMfa] = [await scoreNext(true), await scoreNext(false)];
    expect(withMfa.surprising.map((x) => x.feature)).not.toContain("outcome");
    expect(withoutMfa.surprising).toContainEqual(expect.objectContaining({ feature: "outcome", value: NO_MFA_SUCCESS }));
    expect(withoutMfa.score).toBeGreaterThan(withMfa.score + 3);
    // A model saved before the token existed reads such a sign-in as a plain success.
    const old = new FeatureSpec({ ...v.spec.toJSON(), outcomes: Vocab.create(["success", "failure"], 8).toJSON() });
    const [a, b] = [new Int32Array(F), new Int32Array(F)];
    const facts = { previousTimeMs: null, ipNovelty: 1 };
    encodeEvent(old, { ...rest[0], mfaUsed: false }, facts, a);
    encodeEvent(old, { ...rest[0], mfaUsed: true }, facts, b);
    expect(a[1]).toBe(old.outcomes.get("success"));
    expect([...a]).toEqual([...b]);
  });
});
