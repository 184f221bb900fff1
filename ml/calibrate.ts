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
  if (n * rate >= 10) {
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
  let above = 0;
  for (let i = n - 1; i >= 0 && sorted[i] >= threshold; i--) above++;
  return { threshold, budgetPerMillion, heldOutEvents: n, heldOutAlertsPerMillion: (above / n) * 1e6, isExtrapolated };
}
