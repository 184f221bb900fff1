/**
 * Surprise measured against the principal's own kind of write (issue 14, item 2: per-population
 * normalisation). Some principals' writes are unpredictable by nature: a Terraform deploy role
 * changes whichever of its resources a merge touched, so a typical write of its scores 10–25 nats,
 * where a person's or an application's typical write scores under 1. Judged on one scale, that
 * role raised most of the false alerts on every simulated organisation (eval-e2e, seeds 1–5).
 *
 * A population is one principal's writes made with one client family (principal|uaFamily). Its
 * baseline is the QUANTILE of the out-of-sample scores of its writes in the training data; the
 * reference is the same quantile over every write. An event of the population is scored
 *
 *   score − max(0, baseline − reference) · n / (n + SHRINK_EVENTS)
 *
 * so a population with few writes keeps nearly the common scale. A population counts only when its
 * baseline is among the rarest TAIL_SHARE of all scores, with MIN_EVENTS writes on MIN_DAYS days: a burst of one afternoon (an attack among them)
 * cannot make itself usual. The quantile is robust: the few attack writes of a stolen key inside a
 * population of hundreds do not move it. A stolen key used with another client (the usual case:
 * the CLI from a new address) is a population of its own, with no baseline, judged on the common
 * scale. Reads are left alone: what makes a population noisy here is what it changes.
 *
 * The baselines are fitted where the first model's threshold is (ml/cross-fit.ts), the threshold is
 * calibrated on the shifted scores, and updates inherit both.
 */
import type { MlEvent } from "@/ml/types";
import { timeMs } from "@/ml/data/tokens";

export const POPULATION_QUANTILE = 0.7;
export const MIN_EVENTS = 10;
export const MIN_DAYS = 3;
export const SHRINK_EVENTS = 10;
/**
 * Only a population whose typical write is already among the rarest TAIL_SHARE of all scores is
 * put on its own scale. A person's console writes typically score a few nats more than the common
 * write (sign-ins, the odd change); shifting them would only blunt a hijacked session.
 */
export const TAIL_SHARE = 0.01;
/** Shifts below this are not kept (noise, and a smaller version record). */
const MIN_SHIFT = 0.5;
const DAY_MS = 86_400_000;

export interface PopulationShift {
  /** Nats subtracted from the population's scores. */
  shift: number;
  /** The population's typical write score (its QUANTILE), before shrinkage. */
  baseline: number;
  events: number;
  days: number;
}

export interface PopulationBaselines {
  quantile: number;
  /** The same quantile over every write of the training data. */
  reference: number;
  /** The score above which the rarest TAIL_SHARE of all training scores lie: a baseline must reach it. */
  tailCut: number;
  /** Population key (populationKey) → its shift; only populations shifted by at least MIN_SHIFT. */
  shifts: Record<string, PopulationShift>;
}

/** The population of a write made with the principal's own credentials; null for everything else. */
export function populationKey(e: Pick<MlEvent, "principalKey" | "userAgentFamily" | "readOnly" | "invokedBy">): string | null {
  if (e.readOnly !== false || e.invokedBy) return null;
  return `${e.principalKey}|${e.userAgentFamily}`;
}

/**
 * Nearest-rank quantile (not calibrate.ts's interpolated one): the population figures in docs/eval
 * were measured with it, and an interpolated baseline moves populations near TAIL_SHARE's cut.
 */
function quantileOf(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
}

/** Baselines from out-of-sample `scores` of `events` (same order). */
export function fitPopulations(events: readonly MlEvent[], scores: ArrayLike<number>, quantile = POPULATION_QUANTILE): PopulationBaselines {
  const groups = new Map<string, { scores: number[]; days: Set<number> }>();
  const all: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const key = populationKey(events[i]);
    if (key === null) continue;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { scores: [], days: new Set() }));
    g.scores.push(scores[i]);
    g.days.add(Math.floor(timeMs(events[i].eventTime) / DAY_MS));
    all.push(scores[i]);
  }
  const reference = quantileOf(all, quantile);
  const tailCut = quantileOf(scores, 1 - TAIL_SHARE);
  const shifts: Record<string, PopulationShift> = {};
  for (const [key, g] of groups) {
    if (g.scores.length < MIN_EVENTS || g.days.size < MIN_DAYS) continue;
    const baseline = quantileOf(g.scores, quantile);
    if (baseline < tailCut) continue;
    const shift = Math.max(0, baseline - reference) * (g.scores.length / (g.scores.length + SHRINK_EVENTS));
    if (shift >= MIN_SHIFT) shifts[key] = { shift, baseline, events: g.scores.length, days: g.days.size };
  }
  return { quantile, reference, tailCut, shifts };
}

/** Nats to subtract from `e`'s score (0 outside a shifted population). */
export function populationShift(b: PopulationBaselines | undefined, e: Pick<MlEvent, "principalKey" | "userAgentFamily" | "readOnly" | "invokedBy">): number {
  if (!b) return 0;
  const key = populationKey(e);
  return key === null ? 0 : (b.shifts[key]?.shift ?? 0);
}
