// `trailwatch eval-report` (`npm run eval`): the issue-5 evaluation report — a simulated org split
// chronologically (the model against both baselines), the real-session leave-out, the Azure case
// and optional end-to-end rows from eval-e2e --json files — printed as a table and written as
// JSON + markdown (lib/server/eval/*).
import fs from "node:fs";
import path from "node:path";
import { UsageError, parseOptions } from "../command";
import { Progress, info, printJson } from "../output";
import { trainProgress } from "./train";

export const usage = `Usage: trailwatch eval-report [--days 30] [--seeds 1,2,3,4,5] [--split 0.7] [--window N] [--epochs N]
                             [--out-dir docs/eval] [--json] [--no-deeplog] [--quick]
                             [--leave-out-folds 3] [--e2e-results a.json,b.json [--e2e-seeds 7,1,2]]
                             [--from eval-report.json]
  Generates a simulated organisation, trains on the first part of the period and tests on the rest
  (attacks land in the last 30%); then the real-session leave-out (the console sessions in folds,
  each tested once, every Stratus technique spliced in at least twice as stolen-key use) and the
  Azure case (benign Activity Log + an injected mass deletion). Prints one table per data set;
  with --out-dir writes eval-report.json and eval-report.md there.
  --seeds          the simulated organisations of the split evaluation: the first in detail, each in
                   the per-seed table with the worst seed (--seed N: that one only)
  --quick          7 days, 1 epoch, no DeepLog, seed 1 only (a smoke test)
  --json           the report as one JSON object on stdout
  --e2e-results    files written by \`trailwatch eval-e2e --json\`: a per-seed end-to-end table with
                   the worst seed comes first (the runs are read, not re-run)
  --e2e-seeds      only these seeds of those files, in this order (each must be there)
  --from           an eval-report.json written before: its sections are kept as they are (nothing is
                   re-run) and only the end-to-end rows are replaced by --e2e-results`;

function numberOption(name: string, value: string | undefined, fallback: number, ok: (n: number) => boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || !ok(n)) throw new UsageError(`--${name}: invalid value ${value}`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    days: { type: "string" }, seed: { type: "string" }, seeds: { type: "string" }, split: { type: "string" }, window: { type: "string" }, epochs: { type: "string" },
    "out-dir": { type: "string" }, json: { type: "boolean" }, "no-deeplog": { type: "boolean" }, quick: { type: "boolean" },
    "leave-out-folds": { type: "string" }, "e2e-results": { type: "string" }, "e2e-seeds": { type: "string" }, from: { type: "string" },
  });
  const isQuick = Boolean(values.quick);
  const int = (n: number) => Number.isInteger(n) && n > 0;
  const days = numberOption("days", values.days, isQuick ? 7 : 30, (n) => n >= 2 && n <= 365);
  if (values.seed !== undefined && values.seeds !== undefined) throw new UsageError("--seed and --seeds: give one of them");
  const seeds = values.seeds !== undefined
    ? values.seeds.split(",").map((v) => {
        if (!v.trim()) throw new UsageError(`--seeds: an empty seed in ${JSON.stringify(values.seeds)}`);
        return numberOption("seeds", v.trim(), 1, (n) => Number.isInteger(n) && n >= 0);
      })
    : values.seed !== undefined ? [numberOption("seed", values.seed, 1, (n) => Number.isInteger(n) && n >= 0)] : isQuick ? [1] : [1, 2, 3, 4, 5];
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds: a seed is named twice (${values.seeds})`);
  const split = numberOption("split", values.split, 0.7, (n) => n > 0 && n < 1);
  const window = values.window === undefined ? undefined : numberOption("window", values.window, 10, (n) => int(n) && n <= 200);
  const epochs = numberOption("epochs", values.epochs, isQuick ? 1 : 3, (n) => int(n) && n <= 100);
  const leaveOutFolds = numberOption("leave-out-folds", values["leave-out-folds"], 3, (n) => int(n) && n >= 2 && n <= 21);
  if (values["e2e-seeds"] !== undefined && values["e2e-results"] === undefined) throw new UsageError("--e2e-seeds needs --e2e-results (the eval-e2e --json files to read them from)");
  const { parseSeedList, readEndToEndRows } = await import("@/lib/server/eval/e2e-rows");
  let endToEnd: ReturnType<typeof readEndToEndRows> | undefined;
  try {
    const seeds = values["e2e-seeds"] === undefined ? undefined : parseSeedList(values["e2e-seeds"]);
    endToEnd = values["e2e-results"] === undefined ? undefined : readEndToEndRows(values["e2e-results"].split(",").map((f) => path.resolve(f.trim())), seeds);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  const [{ initBackend }, { buildReport }, { formatReport }] = await Promise.all([import("@/ml/backend"), import("@/lib/server/eval/build-report"), import("@/lib/server/eval/format-report")]);
  if (values.from !== undefined) {
    // Re-render: the split evaluation, the leave-out and the Azure case as they were measured.
    let earlier: Awaited<ReturnType<typeof buildReport>>;
    try {
      earlier = JSON.parse(fs.readFileSync(path.resolve(values.from), "utf8"));
    } catch (err) {
      throw new UsageError(`--from ${values.from}: ${(err as Error).message}`);
    }
    if (!earlier || typeof earlier !== "object" || typeof earlier.generatedAt !== "string") throw new UsageError(`--from ${values.from}: not an eval-report.json`);
    const { endToEndSection } = await import("@/lib/server/eval/e2e-rows");
    return writeReport(endToEnd?.length ? { ...earlier, endToEnd: endToEndSection(endToEnd) } : earlier, formatReport, values["out-dir"], Boolean(values.json), ["--from", values.from]);
  }
  await initBackend({ log: info });
  const progress = new Map<string, Progress>();
  const bar = (stage: string) => progress.get(stage) ?? progress.set(stage, new Progress(stage)).get(stage)!;
  const report = await buildReport({
    days, seeds, split, window, epochs,
    deeplog: !values["no-deeplog"] && !isQuick,
    realSimTrainEvents: isQuick ? 20_000 : 150_000,
    leaveOutFolds,
    endToEnd,
    onProgress: (stage, line) => (stage === "generate" || stage === "parse" ? bar(stage).update(line) : info(`${stage}: ${line}`)),
    onTrainProgress: (stage, p) => trainProgress(bar(stage))(p),
  });
  return writeReport(report, formatReport, values["out-dir"], Boolean(values.json), process.argv.slice(3));
}

function writeReport<R extends { generatedAt: string }>(report: R, format: (r: R) => string, outDir: string | undefined, asJson: boolean, args: string[]): number {
  const table = format(report);
  if (outDir) {
    const dir = path.resolve(outDir);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "eval-report.json"), `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, "eval-report.md"), `# Trailwatch evaluation report\n\nGenerated ${report.generatedAt} by \`node bin/trailwatch.mjs eval-report\` (${args.join(" ") || "defaults"}).\n\n${table}\n`);
    info(`report written to ${path.join(dir, "eval-report.json")} and eval-report.md`);
  }
  if (asJson) printJson(report);
  else process.stdout.write(`${table}\n`);
  return 0;
}
