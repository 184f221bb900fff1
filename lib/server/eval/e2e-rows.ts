// End-to-end rows of the evaluation report from files `trailwatch eval-e2e --json` wrote, so measured
// runs (minutes each) enter the report without being re-run: one row per seed, the worst seed, and
// issue 14's targets marked on the worst values.
import fs from "node:fs";
import path from "node:path";
import type { EndToEndResult } from "./end-to-end";

export interface EndToEndRow {
  seed: number;
  mode: string;
  days: number;
  file: string;
  events: number;
  detected: number;
  techniques: number;
  techniqueRecall: number;
  falseAlertRowsPerMillion: number;
  alertedNormalEventsPerMillion: number;
  secondsToFirstAttackAlert: number | null;
  trainSeconds: number;
  missed: string[];
}

export interface EndToEndSection {
  rows: EndToEndRow[];
  worst: {
    techniqueRecall: number; falseAlertRowsPerMillion: number; alertedNormalEventsPerMillion: number;
    seeds: { recall: number; falseRows: number; alertedEvents: number };
    /** The runs holding them, by seed and mode ("seed 2, daily"): a seed can have a backfill and a daily run. */
    runs: { recall: string; falseRows: string; alertedEvents: string };
  } | null;
}

function asResult(file: string, text: string): EndToEndResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not JSON (${(err as Error).message}); expected the output of \`trailwatch eval-e2e --json\``);
  }
  const r = parsed as Partial<EndToEndResult> | null;
  if (!r || r.kind !== "end-to-end" || typeof r.seed !== "number" || !r.metrics || !Array.isArray(r.metrics.techniques) || !r.metrics.alerts) {
    throw new Error(`${file}: not an end-to-end result (expected the output of \`trailwatch eval-e2e --json\`, kind "end-to-end")`);
  }
  return r as EndToEndResult;
}

export function toRow(file: string, r: EndToEndResult): EndToEndRow {
  const m = r.metrics;
  return {
    seed: r.seed, mode: r.mode, days: r.days, file,
    events: m.events.total, detected: m.detectedTechniques, techniques: m.techniques.length, techniqueRecall: m.techniqueRecall,
    falseAlertRowsPerMillion: m.alerts.normalPerMillion, alertedNormalEventsPerMillion: m.alerts.alertedNormalEventsPerMillion,
    secondsToFirstAttackAlert: m.secondsFromImportToFirstAttackAlert, trainSeconds: r.phases.train, missed: m.missedTechniques,
  };
}

/**
 * The rows of `files` (eval-e2e --json outputs); with `seeds`, only those seeds, in that order, and
 * each must be present (a listed seed without a file is an error, not a silently shorter table).
 */
export function readEndToEndRows(files: string[], seeds?: number[]): EndToEndRow[] {
  const rows = files.map((file) => {
    if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
    // The report names the run's file relative to where it was made: no path of this machine in it.
    return toRow(path.relative(process.cwd(), file) || file, asResult(file, fs.readFileSync(file, "utf8")));
  });
  if (!seeds) return rows;
  return seeds.flatMap((seed) => {
    const matching = rows.filter((r) => r.seed === seed);
    if (matching.length === 0) throw new Error(`--e2e-seeds: no end-to-end result for seed ${seed} among ${files.join(", ")}`);
    return matching;
  });
}

/** "seed 2, daily": a run of the table, by seed and mode. */
export const runLabel = (r: Pick<EndToEndRow, "seed" | "mode">): string => `seed ${r.seed}, ${r.mode}`;

/** The worst value of each measure over the rows, and the seed holding it. */
export function endToEndSection(rows: EndToEndRow[]): EndToEndSection {
  if (rows.length === 0) return { rows, worst: null };
  const pick = (better: (a: EndToEndRow, b: EndToEndRow) => boolean) => rows.reduce((w, r) => (better(r, w) ? r : w));
  const recall = pick((a, b) => a.techniqueRecall < b.techniqueRecall);
  const falseRows = pick((a, b) => a.falseAlertRowsPerMillion > b.falseAlertRowsPerMillion);
  const alerted = pick((a, b) => a.alertedNormalEventsPerMillion > b.alertedNormalEventsPerMillion);
  return {
    rows,
    worst: {
      techniqueRecall: recall.techniqueRecall, falseAlertRowsPerMillion: falseRows.falseAlertRowsPerMillion, alertedNormalEventsPerMillion: alerted.alertedNormalEventsPerMillion,
      seeds: { recall: recall.seed, falseRows: falseRows.seed, alertedEvents: alerted.seed },
      runs: { recall: runLabel(recall), falseRows: runLabel(falseRows), alertedEvents: runLabel(alerted) },
    },
  };
}

/** "7,1,2" → [7, 1, 2]; anything else is an error naming the option. */
export function parseSeedList(value: string): number[] {
  const seeds = value.split(",").map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new Error(`--e2e-seeds: expected comma-separated seeds like 7,1,2, got ${value}`);
  return seeds.map(Number);
}
