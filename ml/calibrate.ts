/**
 * Alert threshold from held-out normal scores so that the expected alert volume stays under a
 * budget per million normal events. A budget of 100/M is the 99.99th percentile: held-out slices
 * rarely have enough events to see it, so the tail above the 95th percentile is fitted with an
 * exponential (peaks over threshold, GPD with shape 0) and extrapolated (see the cap below).
 */

export interface Calibration {
  threshold: number;
  budgetPerMillion: number;
  heldOutEvents: number;
  /** Alerts per million on the held-out scores at this threshold (observed, not extrapolated). */
  heldOutAlertsPerMillion: number;
  /** True when the quantile lies beyond the held-out data and came from the tail fit. */
  isExtrapolated: boolean;
  /** κ of the per-principal frequency mixture (ml/mixture.ts); absent = the network alone. */
  pseudoCount?: number;
  /**
   * How the threshold was found: "quantile" (observed in the held-out scores), "tail-fit" (a
   * validation slice's tail extrapolated), "pooled-tail" (calibratePooled). Absent on older versions.
   */
  method?: "quantile" | "tail-fit" | "pooled-tail";
  /** The fitted exponential tail: P(score > u + x) = share · exp(−x / scale). */
  tail?: { u: number; scale: number; share: number };
  /**
   * The threshold of events in familiar sessions (ml/burst.ts trackSession), from familiarThreshold
   * below; the scorer takes the larger of it and `threshold`; absent = `threshold`. Updates inherit it
   * (ml/update.ts): their own slices are too small to read it.
   */
  familiarThreshold?: number;
  /** Familiar-session events behind familiarThreshold. */
  familiarEvents?: number;
  /** The familiar sessions' share of the budget it aims at, and whether it was extrapolated (familiarThreshold). */
  familiarBudgetPerMillion?: number;
  familiarIsExtrapolated?: boolean;
}

/**
 * Floor of any threshold: an event at least 1% likely (score ≤ ln 100) never alerts. Near-periodic
 * automation otherwise calibrates to thresholds of hundredths of a nat, where any wobble alerts.
 */
export const MIN_THRESHOLD_NATS = Math.log(100);

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * scores: anomaly scores (nats) of held-out normal events; budget: alerts per million events.
 * extrapolatedFloor: the lowest threshold a tail fit may give (a model update passes its
 * predecessor's threshold: ml/update.ts); a quantile the data shows is taken as it is.
 */
export function calibrateThreshold(scores: ArrayLike<number>, budgetPerMillion = 100, extrapolatedFloor = MIN_THRESHOLD_NATS): Calibration {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  const rate = budgetPerMillion / 1e6;
  if (n === 0) return { threshold: Infinity, budgetPerMillion, heldOutEvents: 0, heldOutAlertsPerMillion: 0, isExtrapolated: true };
  let threshold: number;
  let isExtrapolated = false;
  if (n * rate >= MIN_OBSERVED) {
    threshold = quantile(sorted, 1 - rate);
  } else {
    const tailShare = 0.05;
    const u = quantile(sorted, 1 - tailShare);
    let sum = 0;
    let count = 0;
    for (let i = n - 1; i >= 0 && sorted[i] > u; i--) {
      sum += sorted[i] - u;
      count++;
    }
    const beta = count ? sum / count : 1;
    // Never below the score that keeps the held-out alert count within the budget (the largest
    // score when the budget allows none there): one odd held-out event must not lift the threshold
    // past every attack. The fitted tail is capped one mean excess above the largest score,
    // because a few hundred held-out events cannot support a longer extrapolation.
    const allowed = Math.floor(n * rate);
    const floor = sorted[Math.max(0, n - 1 - allowed)] + 1e-6;
    threshold = Math.max(floor, Math.min(u + beta * Math.log(tailShare / rate), sorted[n - 1] + beta), extrapolatedFloor);
    isExtrapolated = true;
  }
  threshold = Math.max(threshold, MIN_THRESHOLD_NATS);
  return { threshold, budgetPerMillion, heldOutEvents: n, heldOutAlertsPerMillion: alertsPerMillion(sorted, threshold), isExtrapolated, method: isExtrapolated ? "tail-fit" : "quantile" };
}

function alertsPerMillion(sorted: Float64Array, threshold: number): number {
  let above = 0;
  for (let i = sorted.length - 1; i >= 0 && sorted[i] >= threshold; i--) above++;
  return (above / Math.max(1, sorted.length)) * 1e6;
}

/** Below this many pooled scores the quantiles behind the robust fit are too noisy: calibrateThreshold. */
export const MIN_POOLED_EVENTS = 5_000;
/** The fit's quantiles: the tail starts at the top 1 %; its scale comes from the top 1 % to the top 0.2 %. */
const TAIL_SHARE = 0.01;
const SCALE_SHARE = 0.002;

/**
 * Threshold from a large pool of out-of-sample scores that may hold attacks (cross-fitting scores
 * a whole backfill, attacks included, ml/cross-fit.ts). The budget's own quantile (100 per million)
 * lies among the top few dozen scores, where the backfill's attacks are: taken as it is, it would
 * set the threshold in the middle of them. So the tail is fitted where attacks are too few to move
 * it: an exponential above u = the top 1 %, its scale from the top 1 % and top 0.2 % quantiles
 * (ln 5 apart for an exponential), and extrapolated to the budget. The extreme scores (the
 * rarest 0.2 %) do not enter the fit at all, so neither a handful of attacks nor one odd day moves it.
 */
export function calibratePooled(scores: ArrayLike<number>, budgetPerMillion = 100): Calibration {
  if (scores.length < MIN_POOLED_EVENTS) return calibrateThreshold(scores, budgetPerMillion);
  const sorted = Float64Array.from(scores).sort();
  const rate = budgetPerMillion / 1e6;
  const u = quantile(sorted, 1 - TAIL_SHARE);
  const v = quantile(sorted, 1 - SCALE_SHARE);
  const scale = Math.max(0.05, (v - u) / Math.log(TAIL_SHARE / SCALE_SHARE));
  const threshold = Math.max(MIN_THRESHOLD_NATS, u + scale * Math.log(TAIL_SHARE / rate));
  return {
    threshold, budgetPerMillion, heldOutEvents: sorted.length, heldOutAlertsPerMillion: alertsPerMillion(sorted, threshold),
    isExtrapolated: sorted.length * rate < 10, method: "pooled-tail", tail: { u, scale, share: TAIL_SHARE },
  };
}

/**
 * Share of the alert budget that events of familiar sessions may spend. The budget counts alerted
 * events of every path: familiar sessions, unfamiliar sessions (held to the lower `threshold`) and
 * bursts. Read at the whole budget, the familiar sessions spent it alone: daily eval-e2e, seeds 5
 * and 2, 23 and 26 of 41 alerted normal events (100–115 per million by themselves) were held to the
 * familiar threshold, and no injected technique was caught by one (every one came from an
 * unfamiliar session or burst). ml/MODEL-CHOICE.md has the runs before and after.
 */
export const FAMILIAR_BUDGET_SHARE = 0.5;

export interface FamiliarThreshold {
  threshold: number;
  /** Familiar-session events behind it. */
  events: number;
  /** Alerted familiar events per million it aims at (FAMILIAR_BUDGET_SHARE of the budget). */
  budgetPerMillion: number;
  /** True when the share's quantile lay beyond the observed exceedances and came from the local tail. */
  isExtrapolated: boolean;
}

/**
 * The threshold at which events of familiar sessions (the principal at addresses it knows,
 * ml/burst.ts trackSession) stay within their share of the budget (FAMILIAR_BUDGET_SHARE), read
 * off their own out-of-sample scores.
 * Why there, and why observed: the pooled tail fit (calibratePooled) must skip the top of the pool,
 * where a backfill's attacks are, and its exponential is lighter than the real tail (eval-e2e's
 * first 7 days, no attacks: the fitted 13.7 nats let 407 normal events per million through where
 * the budget allows 100). Stolen keys and intruders call from addresses their principal never used,
 * so they fall in the unfamiliar sessions, and the familiar sessions' top is the principals' own
 * rare work: there the quantile can be read as it is. It needs MIN_OBSERVED events above the whole
 * budget's quantile (else it stays at `threshold`); where the share's quantile has fewer above it
 * (a week's backfill of 100,000 familiar events has 5 above 50 per million), the exponential through
 * the top MIN_OBSERVED and 5 · MIN_OBSERVED scores carries it at most ln 2 further. Never below
 * `threshold` (which stays the threshold of unfamiliar sessions).
 */
export function familiarThreshold(scores: ArrayLike<number>, isFamiliar: ArrayLike<boolean>, threshold: number, budgetPerMillion = 100): FamiliarThreshold {
  const own: number[] = [];
  for (let i = 0; i < scores.length; i++) if (isFamiliar[i]) own.push(scores[i]);
  const share = (budgetPerMillion * FAMILIAR_BUDGET_SHARE) / 1e6;
  const unchanged = { threshold, events: own.length, budgetPerMillion: budgetPerMillion * FAMILIAR_BUDGET_SHARE, isExtrapolated: false };
  if (!Number.isFinite(threshold) || own.length * (budgetPerMillion / 1e6) < MIN_OBSERVED) return unchanged;
  const sorted = Float64Array.from(own).sort();
  const observed = MIN_OBSERVED / sorted.length; // the lowest rate with MIN_OBSERVED events above it
  if (share >= observed) return { ...unchanged, threshold: Math.max(threshold, quantile(sorted, 1 - share)) };
  const top = quantile(sorted, 1 - observed);
  const scale = Math.max(0.05, (top - quantile(sorted, 1 - Math.min(1, 5 * observed))) / Math.log(5));
  return { ...unchanged, threshold: Math.max(threshold, top + scale * Math.log(observed / share)), isExtrapolated: true };
}

/** Exceedances a quantile read off the data needs (fewer and it is extrapolated instead). */
const MIN_OBSERVED = 10;
