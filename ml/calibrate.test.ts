import { describe, expect, it } from "vitest";
import { calibrateThreshold, MIN_THRESHOLD_NATS } from "@/ml/calibrate";
import { seededRandom } from "@/ml/train";

/** Exponential(1) scores shifted by `shift` nats: the 1 − r quantile is shift + ln(1/r). */
function exponentialScores(n: number, shift: number, seed = 1): number[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => shift - Math.log(1 - rand()));
}

describe("calibrateThreshold", () => {
  it("uses the empirical quantile when the held-out slice is large enough", () => {
    const c = calibrateThreshold(exponentialScores(200_000, 5), 100);
    expect(c.isExtrapolated).toBe(false);
    expect(c.threshold).toBeGreaterThan(5 + Math.log(1e4) - 0.5);
    expect(c.threshold).toBeLessThan(5 + Math.log(1e4) + 0.5);
    expect(c.heldOutAlertsPerMillion).toBeLessThanOrEqual(110);
  });

  it("extrapolates the tail of a small slice, never below its largest score", () => {
    const scores = exponentialScores(2_000, 5);
    const c = calibrateThreshold(scores, 100);
    expect(c.isExtrapolated).toBe(true);
    expect(c.threshold).toBeGreaterThanOrEqual(Math.max(...scores));
    expect(c.heldOutAlertsPerMillion).toBe(0);
  });

  it("one odd held-out event does not lift the threshold past everything (budget allows 2 of 22,500)", () => {
    const scores = exponentialScores(22_500, 7);
    const typicalMax = Math.max(...scores);
    scores[123] = 32;
    const c = calibrateThreshold(scores, 100);
    expect(c.threshold).toBeLessThan(32);
    expect(c.threshold).toBeLessThanOrEqual(typicalMax + 1e-3);
    expect(c.heldOutAlertsPerMillion).toBeLessThanOrEqual(100);
  });

  it("never goes below the floor, and an empty slice never alerts", () => {
    expect(calibrateThreshold(new Array(100_000).fill(0.01), 100).threshold).toBe(MIN_THRESHOLD_NATS);
    expect(calibrateThreshold([], 100)).toMatchObject({ threshold: Infinity, heldOutEvents: 0 });
  });

  it("an extrapolated threshold stays at or above the given floor; an observed quantile does not", () => {
    const quiet = exponentialScores(2_000, 2); // a quiet day: its fitted tail is low
    const free = calibrateThreshold(quiet, 100);
    expect(free.threshold).toBeLessThan(20);
    const held = calibrateThreshold(quiet, 100, 20);
    expect(held).toMatchObject({ threshold: 20, isExtrapolated: true, heldOutAlertsPerMillion: 0 });
    expect(calibrateThreshold(quiet, 100, 3).threshold).toBe(free.threshold);
    // Enough events to see the quantile: the data decides, whatever the floor.
    const observed = calibrateThreshold(exponentialScores(200_000, 5), 100, 40);
    expect(observed.isExtrapolated).toBe(false);
    expect(observed.threshold).toBeLessThan(5 + Math.log(1e4) + 0.5);
  });

  it("a larger budget gives a lower threshold", () => {
    const scores = exponentialScores(50_000, 5);
    expect(calibrateThreshold(scores, 1000).threshold).toBeLessThan(calibrateThreshold(scores, 10).threshold);
  });
});
