import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/ml/backend";
import { periodicEvents } from "@/ml/data/synthetic";
import { splitChronologically } from "@/ml/data/windows";
import { evaluate, summarize } from "@/ml/evaluate";
import type { MlEvent } from "@/ml/types";

/** Periodic principals, plus an "attack": principal 0 suddenly calls two IAM actions nobody used. */
function withAttack(test: MlEvent[]): MlEvent[] {
  const at = Number(test[Math.floor(test.length / 2)].eventTime);
  const base = test.find((e) => e.principalKey === "role/periodic-0")!;
  const attack = ["iam.amazonaws.com:CreateAccessKey", "iam.amazonaws.com:AttachUserPolicy"].map((action, i) => ({
    ...base, eventId: `attack-${i}`, eventTime: at + i * 1000 + 500, action, service: "iam.amazonaws.com", readOnly: false,
  }));
  return [...test, ...attack];
}

describe("evaluate", () => {
  beforeAll(() => initBackend({ log: () => {} }));

  it("scores the model and both baselines on the same test events, with recall per technique and per-group metrics", async () => {
    const [train, test] = splitChronologically(periodicEvents(4, 300), 0.2);
    const testEvents = withAttack(test);
    const labels = new Map([["attack-0", "persistence.create-access-key"], ["attack-1", "privilege-escalation.attach-policy"]]);
    const r = await evaluate({
      trainEvents: train, testEvents, fit: { epochs: 8, batchSize: 64, config: { hidden: 32 } }, deeplog: { epochs: 2 }, labels,
      groupOf: (k) => (k.endsWith("-0") ? "victim" : "automation"),
    });
    expect(r).toMatchObject({ backend: "wasm", trainEvents: train.length, testEvents: testEvents.length });
    expect(r.model.params).toBeGreaterThan(0);
    expect(r.scored).toHaveLength(testEvents.length);
    expect(r.nextEvent.top1).toBeGreaterThanOrEqual(0.95); // the attack disturbs the victim's next few contexts
    expect(r.nextEvent.top1).toBeGreaterThanOrEqual(r.baselines.newAction.nextEvent.top1);
    expect(r.attacks).toMatchObject({ techniques: 2, detected: 2, recall: 1, labelledEvents: 2 });
    expect(r.alerts).toBe(0);
    expect(r.baselines.newAction.attacks?.detected).toBe(2);
    expect(r.baselines.deeplog?.nextEvent.top5).toBeGreaterThan(0);
    expect(Object.keys(r.groups ?? {}).sort()).toEqual(["automation", "victim"]);
    expect(r.groups!.automation.top1).toBeGreaterThanOrEqual(0.99);
  });

  it("summarize counts alerts on normal events only and a technique once any of its events alerts", () => {
    const events = ["a", "b", "c", "d"].map((id) => ({ eventId: id, principalKey: id === "d" ? "human" : "bot" }) as MlEvent);
    const labels = new Map([["c", "t1"], ["d", "t1"]]);
    const m = summarize(events, [1, 3, 9, 1], [true, false, false, true], { labels, groupOf: (k) => k });
    expect(m.nextEvent).toEqual({ top1: 0.5, top5: 0.75 });
    expect(m.alerts).toBe(1);
    expect(m.alertsPerMillion).toBe(500_000);
    expect(m.attacks).toMatchObject({ techniques: 1, detected: 1, alertedEvents: 1, perTechnique: { t1: true } });
    expect(m.groups!.bot).toMatchObject({ events: 3, alerts: 1 });
  });
});
