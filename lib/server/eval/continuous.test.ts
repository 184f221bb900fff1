import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/ml/backend";
import { periodicEvents } from "@/ml/data/synthetic";
import { fitModel } from "@/ml/model/version";
import { updateModel } from "@/ml/update";
import type { MlEvent } from "@/ml/types";
import { CONTEXT_PER_PRINCIPAL, COVERAGE_LEAD, COVERAGE_PER_ACTION } from "@/lib/server/scoring/training-data";
import { contextBefore, coverageBefore, scoreWithDailyUpdates, type Updater } from "./continuous";
import { Scorer } from "@/ml/score";
import { mergeEvents } from "@/lib/server/scoring/training-data";

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

describe("coverageBefore", () => {
  it("gives every action's latest occurrences before the cut with the events of their stream before them, skipping excluded ones", () => {
    // Two principals, a 5-step cycle each, one event a minute; principal 0 made a rare call 5 times early on.
    const events = periodicEvents(2, 2_000);
    const rare = [100, 200, 300, 400, 500].map((i) => ({ ...events.find((e) => e.eventId === `per-0-${i}`)!, eventId: `rare-${i}`, eventTime: T0 + i * 60_000 + 500, action: "iam.amazonaws.com:CreateUser" }));
    const all = [...events, ...rare].sort((a, b) => Number(a.eventTime) - Number(b.eventTime));
    const cut = T0 + 1_500 * 60_000;
    const excluded = new Set(["rare-500"]);
    const coverage = coverageBefore(all, cut, excluded);
    const ids = new Set(coverage.map((e) => e.eventId));
    // The latest COVERAGE_PER_ACTION rare calls not excluded: 400, 300, 200 (500 is in an alert).
    expect(COVERAGE_PER_ACTION).toBe(3);
    expect(coverage.filter((e) => e.action === "iam.amazonaws.com:CreateUser").map((e) => e.eventId)).toEqual(["rare-200", "rare-300", "rare-400"]);
    // Each with the COVERAGE_LEAD events of principal 0 before it: a window the model trains on in context.
    for (const i of [200, 300, 400]) for (let j = i - COVERAGE_LEAD + 1; j <= i; j++) expect(ids.has(`per-0-${j}`)).toBe(true);
    expect(ids.has(`per-1-${300}`)).toBe(false);
    // Every cycle action is there too, from its latest occurrences; nothing after the cut, nothing excluded.
    expect(new Set(coverage.map((e) => e.action)).size).toBe(11);
    expect(coverage.every((e) => Number(e.eventTime) <= cut && !excluded.has(e.eventId))).toBe(true);
    expect(coverage.every((e, i) => i === 0 || Number(e.eventTime) >= Number(coverage[i - 1].eventTime))).toBe(true);
    // The per-principal context alone holds none of the rare calls: they are older than its cap.
    expect(contextBefore(all, cut).some((e) => e.action === "iam.amazonaws.com:CreateUser")).toBe(false);
    expect(coverageBefore(all, -Infinity, excluded)).toEqual([]);
  });
});

describe("an update rehearsing every action", () => {
  beforeAll(() => initBackend({ log: () => {} }));

  it("keeps an action its new day lacks as likely as the version before it did; rehearsing recent events alone pushes it down", async () => {
    // Day 1: three principals' cycles, and principal 0 creates a user now and then. Day 2: no users created.
    const RARE = "iam.amazonaws.com:CreateUser";
    const all = periodicEvents(3, 2 * 1440);
    const rare = (i: number) => ({ ...all.find((e) => e.eventId === `per-0-${i}`)!, eventId: `rare-${i}`, eventTime: T0 + i * 60_000 + 30_000, action: RARE, service: "iam.amazonaws.com", readOnly: false });
    const events = [...all, ...[60, 180, 300, 420, 540, 660, 780, 900].map(rare)].sort((a, b) => Number(a.eventTime) - Number(b.eventTime));
    const day1 = events.filter((e) => Number(e.eventTime) < T0 + DAY_MS);
    const day2 = events.filter((e) => Number(e.eventTime) >= T0 + DAY_MS);
    const initial = await fitModel(day1, { epochs: 8, batchSize: 64, config: { hidden: 32 } });
    const since = Date.parse(initial.trainingRange!.to);
    const recentOnly = await updateModel(initial, day2, { context: contextBefore(events, since), epochs: 6 });
    const covered = await updateModel(initial, day2, { context: mergeEvents(contextBefore(events, since), coverageBefore(events, since, new Set())), epochs: 6 });
    // Principal 0 creates a user at the start of day 3, after its usual step.
    const probe = { ...rare(0), eventId: "probe", eventTime: T0 + 2 * DAY_MS + 30_000 };
    const scoreOf = async (v: typeof initial) => {
      const scorer = new Scorer(v, undefined, { threshold: Infinity, pseudoCount: Infinity, bursts: false });
      scorer.observe(events);
      return (await scorer.scoreBatch([probe]))[0].score;
    };
    const [before, withRecent, withCoverage] = [await scoreOf(initial), await scoreOf(recentOnly.version), await scoreOf(covered.version)];
    expect(withRecent).toBeGreaterThan(before + 2);
    expect(withCoverage).toBeLessThan(before + 1);
    for (const v of [initial, recentOnly.version, covered.version]) v.model.dispose();
  }, 120_000);
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
      expect(c.context.some((e) => alerted.has(e.eventId))).toBe(false);
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
