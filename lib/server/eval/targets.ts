// The issue-5 targets for the model on simulated data: each must hold AND beat both baselines
// (technique recall: at no more alerts than the model raises).
import type { DetectorColumn } from "./detector-metrics";

export interface TargetCheck {
  name: string;
  target: string;
  value: number;
  /** The absolute threshold holds. */
  isMet: boolean;
  /** Strictly better than every baseline given (baselines that did not run are skipped). */
  beatsBaselines: boolean;
  /** Both of the above: the ✓ in the report. */
  isPassed: boolean;
}

interface TargetSpec {
  name: string;
  target: string;
  value: (c: DetectorColumn) => number;
  isMet: (v: number) => boolean;
  /** Higher values are better. */
  isHigherBetter: boolean;
  /**
   * Compared with each baseline held to the model's alert rate (detector-metrics.ts atAlertRate)
   * when it alerts more than the model: catching more by alerting on more is not better.
   */
  isAtModelRate?: boolean;
}

export const TARGETS: TargetSpec[] = [
  { name: "automation top-1", target: "≥ 99.5%", value: (c) => c.nextEvent.automation.top1, isMet: (v) => v >= 0.995, isHigherBetter: true },
  { name: "technique recall", target: "≥ 90%", value: (c) => c.attacks.recall, isMet: (v) => v >= 0.9, isHigherBetter: true, isAtModelRate: true },
  { name: "alerts per M normal", target: "≤ 100", value: (c) => c.alertsPerMillion, isMet: (v) => v <= 100, isHigherBetter: false },
];

/** A baseline's own column, and the same detector held to the model's alert rate (absent when it cannot be ranked). */
export interface Baseline {
  own: DetectorColumn;
  atModelRate?: DetectorColumn;
}

export function checkTargets(model: DetectorColumn, baselines: readonly (Baseline | null)[]): TargetCheck[] {
  const others = baselines.filter((b): b is Baseline => b !== null);
  return TARGETS.map((t) => {
    const value = t.value(model);
    const isMet = !Number.isNaN(value) && t.isMet(value);
    const beatsBaselines = !Number.isNaN(value) && others.every((b) => {
      const held = t.isAtModelRate && b.atModelRate && b.own.alertsPerMillion > model.alertsPerMillion ? b.atModelRate : b.own;
      const v = t.value(held);
      return Number.isNaN(v) || (t.isHigherBetter ? value > v : value < v);
    });
    return { name: t.name, target: t.target, value, isMet, beatsBaselines, isPassed: isMet && beatsBaselines };
  });
}
