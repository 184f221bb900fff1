import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { endToEndSection, parseSeedList, readEndToEndRows } from "./e2e-rows";
import { azureLines, endToEndLines, leaveOutLines } from "./format-report";
import { run } from "@/lib/cli/commands/eval-report";
import { UsageError } from "@/lib/cli/command";
import type { LeaveOutResult } from "./real-leave-out";
import type { AzureCaseResult } from "./azure-case";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-e2e-rows-"));
/** What `trailwatch eval-e2e --json` writes, reduced to the fields the rows read. */
function writeResult(name: string, seed: number, detected: number, falseRows: number, alerted: number, mode = "backfill"): string {
  const techniques = Array.from({ length: 26 }, (_, i) => ({ technique: `t${i}`, isDetected: i < detected }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify({
    kind: "end-to-end", seed, mode, days: 14, phases: { train: 300 },
    metrics: {
      events: { total: 236_000 }, techniques, detectedTechniques: detected, techniqueRecall: detected / 26, missedTechniques: techniques.filter((t) => !t.isDetected).map((t) => t.technique),
      alerts: { normalPerMillion: falseRows, alertedNormalEventsPerMillion: alerted }, secondsFromImportToFirstAttackAlert: detected ? 400 : null,
    },
  }));
  return file;
}

describe("end-to-end rows from eval-e2e --json files", () => {
  const a = writeResult("a.json", 7, 25, 40, 60);
  const b = writeResult("b.json", 1, 20, 120, 90);
  const c = writeResult("c.json", 2, 26, 10, 300);

  it("reads every file, or the listed seeds in their order, and names the worst seed per measure", () => {
    expect(readEndToEndRows([a, b, c]).map((r) => r.seed)).toEqual([7, 1, 2]);
    const rows = readEndToEndRows([a, b, c], [2, 7]);
    expect(rows.map((r) => r.seed)).toEqual([2, 7]);
    const section = endToEndSection(readEndToEndRows([a, b, c]));
    expect(section.worst).toEqual({
      techniqueRecall: 20 / 26, falseAlertRowsPerMillion: 120, alertedNormalEventsPerMillion: 300, seeds: { recall: 1, falseRows: 1, alertedEvents: 2 },
      runs: { recall: "seed 1, backfill", falseRows: "seed 1, backfill", alertedEvents: "seed 2, backfill" },
    });
    const text = endToEndLines(section).join("\n");
    expect(text).toContain("worst seed");
    expect(text).toContain("76.9% (seed 1, backfill) ✗");
    expect(text).toContain("120.0 (seed 1, backfill) ✗");
    expect(text).toContain("seed 1, backfill: t20, t21, t22, t23, t24, t25");
    expect(endToEndLines(endToEndSection(readEndToEndRows([c], [2]))).join("\n")).toContain("100.0% (seed 2, backfill) ✓");
    // A seed run in both modes: the worst names the run, not only the seed.
    const daily = writeResult("d.json", 2, 26, 130, 50, "daily");
    const both = endToEndSection(readEndToEndRows([c, daily]));
    expect(both.worst?.runs).toEqual({ recall: "seed 2, backfill", falseRows: "seed 2, daily", alertedEvents: "seed 2, backfill" });
    expect(endToEndLines(both).join("\n")).toContain("130.0 (seed 2, daily) ✗");
  });

  it("refuses a missing seed, a missing file, a file that is not an end-to-end result, and a bad seed list", () => {
    expect(() => readEndToEndRows([a], [3])).toThrow(/no end-to-end result for seed 3/);
    expect(() => readEndToEndRows([path.join(dir, "none.json")])).toThrow(/no such file/);
    const other = path.join(dir, "other.json");
    fs.writeFileSync(other, JSON.stringify({ kind: "something" }));
    expect(() => readEndToEndRows([other])).toThrow(/not an end-to-end result/);
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "{ not json");
    expect(() => readEndToEndRows([broken])).toThrow(/not JSON/);
    expect(parseSeedList("7, 1,2")).toEqual([7, 1, 2]);
    expect(() => parseSeedList("7,x")).toThrow(/--e2e-seeds/);
  });

  it("eval-report rejects bad e2e options before any work", async () => {
    await expect(run(["--e2e-seeds", "7"])).rejects.toThrow(UsageError);
    await expect(run(["--e2e-results", path.join(dir, "none.json")])).rejects.toThrow(/no such file/);
    await expect(run(["--e2e-results", a, "--e2e-seeds", "9"])).rejects.toThrow(UsageError);
  });

  it("eval-report --from re-renders an earlier report with new end-to-end rows, re-running nothing", async () => {
    const earlier = path.join(dir, "earlier.json");
    fs.writeFileSync(earlier, fs.readFileSync(path.resolve("docs/eval/eval-report.json")));
    const out = path.join(dir, "rendered");
    await run(["--from", earlier, "--e2e-results", b, "--out-dir", out]);
    const report = JSON.parse(fs.readFileSync(path.join(out, "eval-report.json"), "utf8"));
    const before = JSON.parse(fs.readFileSync(earlier, "utf8"));
    expect(report.endToEnd.rows.map((r: { seed: number }) => r.seed)).toEqual([1]);
    expect(report.simulated).toEqual(before.simulated);
    expect(fs.readFileSync(path.join(out, "eval-report.md"), "utf8")).toContain("76.9% (seed 1, backfill) ✗");
    const notReport = path.join(dir, "not-report.json");
    fs.writeFileSync(notReport, JSON.stringify({ hello: 1 }));
    await expect(run(["--from", notReport])).rejects.toThrow(/not an eval-report.json/);
    await expect(run(["--from", path.join(dir, "missing.json")])).rejects.toThrow(UsageError);
  });
});

describe("leave-out and Azure sections", () => {
  it("marks the leave-out's targets on trial recall and false alerts per 1,000 benign events", () => {
    const trials = [true, true, false].map((detected, i) => ({ session: `s${i}`, fold: 0, technique: `aws.t${i % 2}`, injectedEvents: 2, alertedInjected: detected ? 1 : 0, detected, maxScore: 9 }));
    const l: LeaveOutResult = {
      kind: "real-leave-out", folds: [{ fold: 0, trainSessions: 2, trainEvents: 100, testSessions: 1, threshold: 20, thresholdMethod: "pooled-tail", trainSeconds: 1 }], sessions: 3, extraTrainEvents: 0, trials,
      perTechnique: [{ technique: "aws.t0", trials: 2, detected: 1 }, { technique: "aws.t1", trials: 1, detected: 1 }], techniques: 2, techniquesDetected: 2,
      trialRecall: 2 / 3, techniqueRecallAllTrials: 0.5, techniqueRecallAnyTrial: 1, benignEvents: 2000, contextOnlyEvents: 10, falseAlerts: 1, falseAlertsInBursts: 1, topFalseAlertActions: [{ action: "s3:ListBuckets", events: 1 }], falseAlertsPerThousand: 0.5, seconds: 1,
    };
    const text = leaveOutLines(l).join("\n");
    expect(text).toContain("66.7% (2/3)");
    expect(text).toContain("≥ 90% ✗");
    expect(text).toContain("≤ 1 ✓");
    expect(text).toContain("t0 1/2, t1 1/1");
    expect(text).toContain("1 of 1 under the threshold, alerting as burst members; top actions: s3:ListBuckets ×1");
  });

  it("says whether the Azure burst alerted and how much of it one alert holds", () => {
    const a: AzureCaseResult = { kind: "azure-case", benignEvents: 192, principal: "azure:x@y", burstEvents: 18, burstIp: "203.0.113.66", threshold: 13.8, thresholdMethod: "tail-fit", alertedBurstEvents: 18, isAlerted: true, burstAlertGroups: 1, largestGroupBurstEvents: 18, falseAlertGroups: 1, falseAlertedEvents: 12, burstScores: [], seconds: 1 };
    expect(azureLines(a).join("\n")).toContain("18/18 in 1 group(s)");
    expect(azureLines(a).join("\n")).toMatch(/one alert holding most ✓/);
    expect(azureLines({ ...a, alertedBurstEvents: 0, isAlerted: false, burstAlertGroups: 0, largestGroupBurstEvents: 0 }).join("\n")).toMatch(/burst alerted +\| +no \| +✗ \|/);
  });
});
