/**
 * Scores a test period the way the worker lives through it, with continuous learning: at each UTC
 * midnight the scheduled retrain job (jobs/handlers/retrain.ts) fine-tunes the active version on
 * the events since its training range, without the events of open alerts (scoring/training-data.ts
 * readUpdateEvents; the eval has no analyst, so every alert stays open) with each principal's
 * recent events before them as context (readContextEvents), and promotes the
 * candidate when `compare()` says so; the promoted version inherits the scorer state
 * (scoring/model-cache.ts inheritScoringPosition). Nothing here sees the attack labels.
 */
import type { MlEvent } from "@/ml/types";
import type { ModelVersion } from "@/ml/model/version";
import type { AttackTemplate } from "@/ml/inject";
import { markBurstMembers, Scorer, type ScoredEvent } from "@/ml/score";
import { updateModel, type Comparison, type UpdateOptions } from "@/ml/update";
import { isContextOnly } from "@/lib/server/alerting/on-behalf";
import { CALIBRATION_WINDOW_DAYS, CONTEXT_PER_PRINCIPAL, COVERAGE_LEAD, COVERAGE_PER_ACTION, MAX_CALIBRATION_SCORES, MAX_CONTEXT_EVENTS, MAX_TRAIN_EVENTS, MIN_UPDATE_EVENTS, mergeEvents, perPrincipalCap } from "@/lib/server/scoring/training-data";

const DAY_MS = 86_400_000;

export interface DailyUpdate {
  /** The UTC day the update ran at the start of (YYYY-MM-DD). */
  day: string;
  events: number;
  decision: Comparison["decision"] | "skipped";
  reason: string;
  /** The version, and its threshold, in force for the day after this update. */
  versionId: string;
  threshold: number | null;
}

export type Updater = (active: ModelVersion, events: MlEvent[], o: UpdateOptions) => Promise<{ version: ModelVersion; comparison: Comparison }>;

export interface DailyUpdateOptions {
  /** Default `updateModel`; tests pass a stand-in to see what it is given. */
  update?: Updater;
  onStep?: (line: string) => void;
  /**
   * Out-of-sample scores of the training events (the cross-fitted first model's, ml/cross-fit.ts)
   * with their times: with the test days' own they are the rolling window an update calibrates on,
   * as readRecentScores gives the worker.
   */
  trainScores?: { timeMs: number; score: number }[];
  /** Techniques each update's holdout is probed with, as the worker does (attack-templates.ts). */
  attackTemplates?: AttackTemplate[];
}

/**
 * readContextEvents on events in memory: each principal's latest at or before `before` outside
 * `excluded` (events of alerts), capped alike.
 */
export function contextBefore(seen: readonly MlEvent[], before: number, excluded: ReadonlySet<string> = new Set()): MlEvent[] {
  const byPrincipal = new Map<string, MlEvent[]>();
  for (const e of seen) {
    if (excluded.has(e.eventId)) continue;
    const list = byPrincipal.get(e.principalKey);
    if (list) list.push(e);
    else byPrincipal.set(e.principalKey, [e]);
  }
  const cap = Math.min(CONTEXT_PER_PRINCIPAL, perPrincipalCap([...byPrincipal.values()].map((l) => l.length), MAX_CONTEXT_EVENTS));
  const out: MlEvent[] = [];
  for (const list of byPrincipal.values()) {
    let end = list.length;
    while (end > 0 && Number(list[end - 1].eventTime) > before) end--;
    for (let i = Math.max(0, end - cap); i < end; i++) out.push(list[i]);
  }
  return out.sort((a, b) => Number(a.eventTime) - Number(b.eventTime));
}

/**
 * readCoverageEvents on events in memory: per action its latest COVERAGE_PER_ACTION events at or
 * before `before` outside `excluded` (events of alerts), each with the COVERAGE_LEAD events of its
 * stream before it. `seen` is sorted by time.
 */
export function coverageBefore(seen: readonly MlEvent[], before: number, excluded: ReadonlySet<string>): MlEvent[] {
  const streams = new Map<string, MlEvent[]>();
  const at = new Map<MlEvent, number>();
  let end = 0;
  for (; end < seen.length && Number(seen[end].eventTime) <= before; end++) {
    const e = seen[end];
    if (excluded.has(e.eventId)) continue;
    let list = streams.get(e.principalKey);
    if (!list) streams.set(e.principalKey, (list = []));
    at.set(e, list.length);
    list.push(e);
  }
  const taken = new Set<MlEvent>();
  const perAction = new Map<string, number>();
  for (let k = end - 1; k >= 0; k--) {
    const e = seen[k];
    const n = perAction.get(e.action) ?? 0;
    if (n >= COVERAGE_PER_ACTION || excluded.has(e.eventId)) continue;
    perAction.set(e.action, n + 1);
    const list = streams.get(e.principalKey)!;
    const i = at.get(e)!;
    for (let j = Math.max(0, i - COVERAGE_LEAD); j <= i; j++) taken.add(list[j]);
  }
  return [...taken].sort((a, b) => Number(a.eventTime) - Number(b.eventTime));
}

const dayOf = (t: number) => new Date(Math.floor(t / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

/**
 * `train` and `test` sorted by time, `test` after `train`. Returns the test scores in `test` order
 * and one entry per day boundary. `initial` stays the caller's to dispose; every version created
 * here is disposed before it returns.
 */
export async function scoreWithDailyUpdates(initial: ModelVersion, train: MlEvent[], test: MlEvent[], o: DailyUpdateOptions = {}): Promise<{ scored: ScoredEvent[]; updates: DailyUpdate[] }> {
  const update = o.update ?? updateModel;
  let active = initial;
  let scorer = new Scorer(active);
  scorer.observe(train);
  const seen: MlEvent[] = [...train];
  const alerted = new Set<string>();
  const recent: { timeMs: number; score: number }[] = [...(o.trainScores ?? [])];
  const scored: ScoredEvent[] = [];
  const updates: DailyUpdate[] = [];
  let from = 0;
  while (from < test.length) {
    const dayStart = Math.floor(Number(test[from].eventTime) / DAY_MS) * DAY_MS;
    let to = from;
    while (to < test.length && Number(test[to].eventTime) < dayStart + DAY_MS) to++;
    if (from > 0) {
      const since = active.trainingRange ? Date.parse(active.trainingRange.to) : -Infinity;
      const events = seen.filter((e) => Number(e.eventTime) > since && !alerted.has(e.eventId)).slice(-MAX_TRAIN_EVENTS);
      const day = dayOf(dayStart);
      if (events.length < MIN_UPDATE_EVENTS) {
        updates.push({ day, events: events.length, decision: "skipped", reason: `fewer than ${MIN_UPDATE_EVENTS} new events`, versionId: active.id, threshold: active.calibration?.threshold ?? null });
      } else {
        o.onStep?.(`continuous learning at ${day}: updating on ${events.length.toLocaleString("en-US")} events`);
        const windowStart = dayStart - CALIBRATION_WINDOW_DAYS * DAY_MS;
        // Scores older than the window never come back into it: drop them (sorted by time).
        let old = 0;
        while (old < recent.length && recent[old].timeMs <= windowStart) old++;
        recent.splice(0, old);
        const recentScores = recent.slice(-MAX_CALIBRATION_SCORES).map((r) => r.score);
        const { version, comparison } = await update(active, events, { context: mergeEvents(contextBefore(seen, since, alerted), coverageBefore(seen, since, alerted)), weight: 20, recentScores, attackTemplates: o.attackTemplates });
        if (comparison.decision === "promote") {
          if (active !== initial) active.model.dispose();
          active = version;
          scorer = new Scorer(active, scorer.toJSON());
        } else {
          version.model.dispose();
        }
        updates.push({ day, events: events.length, decision: comparison.decision, reason: comparison.reason, versionId: active.id, threshold: active.calibration?.threshold ?? null });
      }
    }
    const dayScores = await scorer.scoreBatch(test.slice(from, to));
    for (const [i, s] of dayScores.entries()) {
      scored.push(s);
      if (s.alert && !isContextOnly(test[from + i])) {
        alerted.add(s.eventId);
        for (const m of s.burst?.events ?? []) alerted.add(m.eventId);
      }
    }
    for (const [i, s] of dayScores.entries()) if (!alerted.has(s.eventId)) recent.push({ timeMs: Number(test[from + i].eventTime), score: s.score });
    for (let i = from; i < to; i++) seen.push(test[i]);
    from = to;
  }
  if (active !== initial) active.model.dispose();
  return { scored: markBurstMembers(scored), updates };
}
