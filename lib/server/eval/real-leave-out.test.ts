import { describe, expect, it } from "vitest";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { initBackend } from "@/ml/backend";
import type { AttackTemplate } from "@/ml/inject";
import type { MlEvent } from "@/ml/types";
import { planTrials, runRealLeaveOut } from "./real-leave-out";
import type { Session } from "./real-data";

describe("trial plan", () => {
  it("tests every technique at least the minimum number of times, consecutive trials differing", () => {
    for (const [sessions, templates, min] of [[21, 25, 2], [3, 2, 2], [7, 25, 3], [30, 4, 1]]) {
      const plan = planTrials(sessions, templates, min);
      const counts = new Array(templates).fill(0);
      for (let r = 0; r < plan.rounds; r++) for (let s = 0; s < sessions; s++) counts[plan.techniqueOf(r, s)]++;
      expect(Math.min(...counts)).toBeGreaterThanOrEqual(min);
      // No more rounds than needed.
      expect((plan.rounds - 1) * sessions).toBeLessThan(templates * min);
    }
  });
});

describe("real-session leave-out (tiny sessions)", () => {
  it("tests each session once, trains on the others, splices each technique and counts context-only reads apart", async () => {
    await initBackend();
    const raw = generateSyntheticEvents({ principals: 4, eventsPerPrincipal: 60, actions: 12, seed: 4 });
    const keys = [...new Set(raw.map((e) => e.principalKey))];
    // Every fifth event of a session is a console background read ("AWS Internal"): context only.
    const sessions: Session[] = keys.map((key) => {
      const events: MlEvent[] = raw.filter((e) => e.principalKey === key).map((e, i) => (i % 5 === 0 ? { ...e, readOnly: true, userAgent: "AWS Internal" } : e));
      return { id: key, events, firstMs: Math.min(...events.map((e) => Number(e.eventTime))) };
    });
    const base = raw[0];
    const templates: AttackTemplate[] = [
      { technique: "t.persistence", events: ["iam.amazonaws.com:CreateUser", "iam.amazonaws.com:CreateAccessKey"].map((action, i) => ({ ...base, eventId: `p${i}`, eventTime: 1_700_000_000_000 + i * 4_000, action })) },
      { technique: "t.evasion", events: [{ ...base, eventId: "e0", action: "cloudtrail.amazonaws.com:StopLogging" }] },
    ];
    const r = await runRealLeaveOut({ sessions, templates, folds: 2, minTrialsPerTechnique: 3, fit: { epochs: 1 } });
    expect(r.folds.map((f) => f.testSessions)).toEqual([2, 2]);
    for (const f of r.folds) expect(f.trainEvents).toBe(120);
    // Each session tested in exactly one fold, once per round.
    const foldOfSession = new Map<string, Set<number>>();
    for (const t of r.trials) foldOfSession.set(t.session, (foldOfSession.get(t.session) ?? new Set()).add(t.fold));
    expect([...foldOfSession.keys()].sort()).toEqual([...keys].sort());
    for (const folds of foldOfSession.values()) expect(folds.size).toBe(1);
    // 2 rounds over 4 sessions: 8 trials, alternating techniques.
    expect(r.perTechnique.map((p) => p.trials)).toEqual([4, 4]);
    for (const t of r.trials) {
      expect(t.injectedEvents).toBe(t.technique === "t.persistence" ? 2 : 1);
      expect(t.alertedInjected).toBeLessThanOrEqual(t.injectedEvents);
      expect(t.detected).toBe(t.alertedInjected > 0);
    }
    expect(r.contextOnlyEvents).toBe(4 * 12);
    expect(r.benignEvents).toBe(4 * 48);
    expect(r.falseAlertsInBursts).toBeLessThanOrEqual(r.falseAlerts);
    expect(r.topFalseAlertActions.reduce((a, x) => a + x.events, 0)).toBeLessThanOrEqual(r.falseAlerts);
    expect(r.falseAlertsPerThousand).toBeCloseTo((1000 * r.falseAlerts) / r.benignEvents, 9);
    expect(r.trialRecall).toBeCloseTo(r.trials.filter((t) => t.detected).length / r.trials.length, 9);
  }, 30_000);
});
