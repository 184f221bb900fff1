import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/ml/backend";
import { periodicEvents } from "@/ml/data/synthetic";
import { fitModel } from "@/ml/model/version";
import { updateModel } from "@/ml/update";
import type { MlEvent } from "@/ml/types";
import { CONTEXT_PER_PRINCIPAL } from "@/lib/server/scoring/training-data";
import { contextBefore, scoreWithDailyUpdates, type Updater } from "./continuous";

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const NEW_STEP = "sts.amazonaws.com:GetCallerIdentity";

/** From `fromMs` on, principal 0 adds GetCallerIdentity to its cycle every 5 minutes (a benign new step). */
function withNewStep(events: MlEvent[], fromMs: number): MlEvent[] {
  const out: MlEvent[] = [];
  for (const e of events) {
    out.push(e);
    const t = Number(e.eventTime);
    if (t >= fromMs && e.principalKey === "role/periodic-0" && (t - T0) % 300_000 === 0) {
      out.push({ ...e, eventId: `${e.eventId}-gci`, eventTime: t + 1_000, action: NEW_STEP, service: "sts.amazonaws.com" });
    }
  }
  return out;
}

describe("contextBefore", () => {
  it("keeps each principal's latest events at or before the cut, chronological", () => {
    const events = periodicEvents(2, CONTEXT_PER_PRINCIPAL + 100);
    const cut = T0 + (CONTEXT_PER_PRINCIPAL + 50) * 60_000;
    const context = contextBefore(events, cut);
    expect(context).toHaveLength(2 * CONTEXT_PER_PRINCIPAL);
    expect(context.every((e) => Number(e.eventTime) <= cut)).toBe(true);
    expect(context.every((e, i) => i === 0 || Number(e.eventTime) >= Number(context[i - 1].eventTime))).toBe(true);
    // principal 1's events are 1 ms after principal 0's: its 350th lies just past the cut.
    expect(context.at(-1)!.eventId).toBe("per-0-350");
    expect(context.at(-2)!.eventId).toBe("per-1-349");
    expect(contextBefore(events, -Infinity)).toEqual([]);
  });
});

describe("scoreWithDailyUpdates", () => {
  beforeAll(() => initBackend({ log: () => {} }));

  it("updates at each UTC midnight on the events since the active version, without alerted ones, with context before them", async () => {
    const all = withNewStep(periodicEvents(3, 4 * 1440), T0 + DAY_MS + 12 * 3_600_000);
    const train = all.filter((e) => Number(e.eventTime) < T0 + DAY_MS);
    const test = all.filter((e) => Number(e.eventTime) >= T0 + DAY_MS);
    const initial = await fitModel(train, { epochs: 8, batchSize: 64, config: { hidden: 32 } });

    const calls: { events: MlEvent[]; context: MlEvent[]; since: number }[] = [];
    const recording: Updater = (active, events, o) => {
      calls.push({ events, context: o.context ?? [], since: Date.parse(active.trainingRange!.to) });
      return updateModel(active, events, { ...o, epochs: 6 });
    };
    const run = await scoreWithDailyUpdates(initial, train, test, { update: recording });

    expect(run.scored.map((s) => s.eventId)).toEqual(test.map((e) => e.eventId));
    expect(run.updates.map((u) => u.day)).toEqual(["2025-01-03", "2025-01-04"]);
    const alerted = new Set(run.scored.filter((s) => s.alert).map((s) => s.eventId));
    expect(alerted.size).toBeGreaterThan(0);
    for (const [i, c] of calls.entries()) {
      const dayStart = T0 + (i + 2) * DAY_MS;
      expect(c.events.length).toBeGreaterThan(0);
      expect(c.events.every((e) => Number(e.eventTime) > c.since && Number(e.eventTime) < dayStart)).toBe(true);
      expect(c.events.some((e) => alerted.has(e.eventId))).toBe(false);
      expect(c.context.length).toBeGreaterThan(0);
      expect(c.context.every((e) => Number(e.eventTime) <= c.since)).toBe(true);
    }

    // A promoted version scores the following days; a shadow leaves the active one in place.
    let activeId = initial.id;
    for (const u of run.updates) {
      if (u.decision === "promote") expect(u.versionId).not.toBe(activeId);
      else expect(u.versionId).toBe(activeId);
      activeId = u.versionId;
    }
    initial.model.dispose();
  }, 120_000);
});
