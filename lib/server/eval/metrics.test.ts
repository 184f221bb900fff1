import { describe, expect, it } from "vitest";
import type { MlEvent } from "@/ml/types";
import { computePrecision, countPrincipalDays, groupAlerts, median, minutesToDetect, type VerdictEvent } from "./metrics";
import { atAlertRate, contextCeiling, detectorColumn, type DetectorColumn } from "./detector-metrics";
import { checkTargets } from "./targets";
import { falseAlarmSummary } from "./format-report";
import { injectInto } from "./real-data";

const MIN = 60_000;
const T0 = Date.parse("2025-03-03T00:00:00Z");
const v = (principalKey: string, action: string, minutes: number, alert = true, technique?: string): VerdictEvent => ({ principalKey, action, time: T0 + minutes * MIN, alert, technique });

describe("groupAlerts", () => {
  it("joins the same principal+action within 24 h and the same principal within 30 min", () => {
    const events = [
      v("a", "X", 0),
      v("a", "Y", 20), // same principal within 30 min → group 0
      v("a", "X", 20 * 60), // same action 20 h after the previous X → group 0
      v("a", "Z", 23 * 60), // other action, 3 h later → new group
      v("b", "X", 0), // other principal → new group
      v("a", "X", 20 * 60 + 25 * 60), // 25 h after the previous X → new group
      v("a", "W", 5, false), // not alerted: in no group
    ];
    // in order of each group's first alert; indices within a group in time order
    expect(groupAlerts(events)).toEqual([[0, 1, 2], [4], [3], [5]]);
  });

  it("chains: each alert is compared with the previous one, not the group's first", () => {
    const events = [v("a", "X", 0), v("a", "Y", 25), v("a", "Z", 50), v("a", "Q", 75)];
    expect(groupAlerts(events)).toEqual([[0, 1, 2, 3]]);
    expect(groupAlerts([])).toEqual([]);
  });
});

describe("per principal-day, precision, time to detect", () => {
  it("counts distinct (principal, UTC day) pairs", () => {
    expect(countPrincipalDays([v("a", "X", 0), v("a", "Y", 60), v("a", "X", 24 * 60), v("b", "X", 0)])).toBe(3);
  });

  it("computes event and group precision", () => {
    const events = [v("a", "X", 0, true, "t1"), v("a", "Y", 10), v("b", "X", 0), v("c", "X", 0, false, "t2")];
    const groups = groupAlerts(events);
    expect(groups).toHaveLength(2);
    expect(computePrecision(events, groups)).toEqual({ events: 1 / 3, groups: 1 / 2 });
    expect(computePrecision([v("a", "X", 0, false)], [])).toEqual({ events: NaN, groups: NaN });
  });

  it("measures minutes from a technique's first event to its first alert", () => {
    const events = [v("a", "X", 100, false, "t1"), v("a", "Y", 130, true, "t1"), v("a", "Z", 170, true, "t1"), v("b", "X", 0, false, "t2"), v("n", "X", 0)];
    expect(minutesToDetect(events)).toEqual({ t1: 30, t2: null });
    expect(median([30, null, 10, 20])).toBe(20);
    expect(median([30, 10])).toBe(20);
    expect(median([null])).toBeNaN();
  });
});

function ev(id: string, principalKey: string, action: string, minutes: number): MlEvent {
  return { eventId: id, principalKey, accountId: "1", eventTime: T0 + minutes * MIN, action, service: "s", outcome: "success", errorCode: null, readOnly: true, region: null, userAgentFamily: "cli", sourceIp: null, userAgent: null };
}

describe("detectorColumn and targets", () => {
  const test = [ev("1", "bot", "A", 0), ev("2", "bot", "A", 1), ev("3", "alice", "B", 2), ev("4", "alice", "C", 3), ev("5", "alice", "D", 4)];
  const labels = new Map([["4", "t1"], ["5", "t1"]]);
  const groupOf = (k: string): "automation" | "human" => (k === "bot" ? "automation" : "human");

  it("splits top-k by group and keeps attack events out of the alert rate", () => {
    const c = detectorColumn({ test, ranks: [1, 1, 3, 9, 1], alerts: [false, false, true, true, false], labels, groupOf });
    expect(c.nextEvent.automation).toEqual({ events: 2, top1: 1, top5: 1 });
    expect(c.nextEvent.human).toEqual({ events: 3, top1: 1 / 3, top5: 2 / 3 });
    expect(c.nextEvent.overall.top1).toBe(3 / 5);
    expect(c).toMatchObject({ normalEvents: 3, normalAlerts: 1, alertsPerMillion: 1e6 / 3, principalDays: 2 });
    // events 3 and 4 are one group (same principal within 30 min) and it contains an attack event
    expect(c.normalAlertGroups).toBe(0);
    expect(c.attacks).toMatchObject({ techniques: 1, detected: 1, recall: 1, eventRecall: 0.5, medianMinutesToDetect: 0 });
    expect(c.precision).toEqual({ events: 0.5, groups: 1 });
    // Only the normal event that alerted is a false alarm; the attack event that alerted is not.
    expect(c.falseAlarms).toEqual([{ principalKey: "alice", action: "B", time: new Date(Number(test[2].eventTime)).toISOString(), isOddity: false }]);
    expect(c.oddities).toEqual({ events: 0, alerted: 0 });
    // Benign oddities are normal events counted apart: event 3 alerted and is one, event 2 is one and did not.
    const withOddities = detectorColumn({ test, ranks: [1, 1, 3, 9, 1], alerts: [false, false, true, true, false], labels, oddities: new Set(["2", "3"]), groupOf });
    expect(withOddities.oddities).toEqual({ events: 2, alerted: 1 });
    expect(withOddities.falseAlarms.map((f) => f.isOddity)).toEqual([true]);
    expect(withOddities.normalAlerts).toBe(1);
    expect(falseAlarmSummary(c)).toBe("1: alice ×1 (B ×1)");
    expect(falseAlarmSummary({ normalAlerts: 0, falseAlarms: [] })).toBe("none");
    const many = [
      ...Array.from({ length: 3 }, () => ({ principalKey: "arn:aws:iam::1:role/orders-api", action: "sns:Publish", time: "", isOddity: false })),
      { principalKey: "arn:aws:iam::1:role/orders-api", action: "kms:Decrypt", time: "", isOddity: false },
      { principalKey: "arn:aws:iam::1:user/bob", action: "iam:ListUsers", time: "", isOddity: true },
    ];
    expect(falseAlarmSummary({ normalAlerts: 5, falseAlarms: many })).toBe("5: orders-api ×4 (sns:Publish ×3, kms:Decrypt ×1); bob ×1, 1 benign oddity (iam:ListUsers ×1)");
  });

  it("the context ceiling is the in-sample majority next action per (principal, previous actions)", () => {
    // bot: after A comes B twice and C once (2 of 3 right at best), the first A has an empty context (right).
    // alice: after X, Y once (right); her first event (right).
    const seq = ["A", "B", "A", "B", "A", "C"].map((a, i) => ev(`b${i}`, "bot", a, i));
    const all = [...seq, ev("x", "alice", "X", 0), ev("y", "alice", "Y", 1)];
    // With 1 action of context: bot contexts "" → A (1/1), A → B,B,C (2/3), B → A,A (2/2): 5 of 6.
    expect(contextCeiling(all, groupOf, 1)).toEqual({ overall: 7 / 8, automation: 5 / 6, human: 1 });
    // With the whole history every context is distinct: nothing left to chance.
    expect(contextCeiling(all, groupOf, 10).automation).toBe(1);
  });

  it("passes a target only when it is met and beats every baseline", () => {
    const col = (top1: number, recall: number, perM: number) => ({ nextEvent: { automation: { top1 } }, attacks: { recall }, alertsPerMillion: perM }) as unknown as DetectorColumn;
    const checks = checkTargets(col(0.996, 0.92, 80), [{ own: col(0.997, 0.5, 500) }, null]);
    expect(checks.map((c) => [c.name, c.isMet, c.beatsBaselines, c.isPassed])).toEqual([
      ["automation top-1", true, false, false],
      ["technique recall", true, true, true],
      ["alerts per M normal", true, true, true],
    ]);
    expect(checkTargets(col(0.9, 0.8, 150), []).every((c) => !c.isMet && !c.isPassed)).toBe(true);
  });

  it("compares technique recall with a baseline that alerts more at the model's alert rate", () => {
    const col = (recall: number, perM: number) => ({ nextEvent: { automation: { top1: 0.5 } }, attacks: { recall }, alertsPerMillion: perM }) as unknown as DetectorColumn;
    const recall = (model: DetectorColumn, b: Parameters<typeof checkTargets>[1][number]) => checkTargets(model, [b]).find((c) => c.name === "technique recall")!.beatsBaselines;
    // Everything caught by alerting on 40% of events does not beat the model; the same detector at the model's rate does or does not.
    expect(recall(col(0.96, 45), { own: col(1, 400_000), atModelRate: col(0.6, 45) })).toBe(true);
    expect(recall(col(0.96, 45), { own: col(1, 400_000), atModelRate: col(0.97, 45) })).toBe(false);
    // Without a ranked version, or when it alerts less than the model, its own column counts.
    expect(recall(col(0.96, 45), { own: col(1, 400_000) })).toBe(false);
    expect(recall(col(0.96, 45), { own: col(0.97, 30), atModelRate: col(0.5, 45) })).toBe(false);
  });

  it("holds a ranked detector to an alert rate with a cut read off its normal events' ranks", () => {
    const test = Array.from({ length: 10 }, (_, i) => ev(`n${i}`, "p", "A", i));
    test.push(ev("atk", "p", "X", 20));
    const labels = new Map([["atk", "t1"]]);
    // normal ranks 1..10, the attack ranks 7: 200,000 per M of 10 normal events allows 2 (ranks 10 and 9 above the cut 8).
    const ranks = [...Array.from({ length: 10 }, (_, i) => i + 1), 7];
    const held = atAlertRate({ test, ranks, labels, groupOf: () => "human" }, 200_000);
    expect(held.rankCut).toBe(8);
    expect(held.column.normalAlerts).toBe(2);
    expect(held.column.attacks.detected).toBe(0);
    // A rate that allows 4: the cut drops to 6 and the attack (rank 7) alerts.
    expect(atAlertRate({ test, ranks, labels, groupOf: () => "human" }, 400_000).column.attacks.detected).toBe(1);
    // Ties at ∞ (actions the detector never saw) beyond the rate: a share of them alerts, the same share on every run.
    const many = Array.from({ length: 10_000 }, (_, i) => ev(`m${i}`, "p", "A", i));
    const tiedAll = atAlertRate({ test: many, ranks: many.map(() => Infinity), labels: new Map(), groupOf: () => "human" }, 100_000);
    expect(tiedAll.rankCut).toBe(Infinity);
    expect(tiedAll.tieShare).toBeCloseTo(0.1);
    expect(Math.abs(tiedAll.column.normalAlerts - 1_000)).toBeLessThan(100);
    expect(atAlertRate({ test: many, ranks: many.map(() => Infinity), labels: new Map(), groupOf: () => "human" }, 100_000).column.normalAlerts).toBe(tiedAll.column.normalAlerts);
  });
});

describe("injectInto", () => {
  it("re-homes a detonation into the middle of a session, keeping its spacing", () => {
    const session = { id: "s", firstMs: T0, events: [ev("a", "session:s", "A", 0), ev("b", "session:s", "B", 10), ev("c", "session:s", "C", 20)] };
    const det = [ev("x", "arn:attacker", "X", 1000), ev("y", "arn:attacker", "Y", 1003)].map((e) => ({ ...e, accountId: "999" }));
    const out = injectInto(session, det, "0");
    expect(out.map((e) => [e.eventId, e.principalKey, e.accountId, Number(e.eventTime) - T0])).toEqual([
      ["inject:0:0", "session:s", "1", 10 * MIN + 1000],
      ["inject:0:1", "session:s", "1", 13 * MIN + 1000],
    ]);
    expect(injectInto(session, [], "1")).toEqual([]);
  });
});
