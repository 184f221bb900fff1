// `trailwatch eval-report` (`npm run eval`): the issue-5 evaluation report — a simulated org split
// chronologically plus real console sessions with injected attacks, the model against both
// baselines — printed as a table and written as JSON + markdown (lib/server/eval/*).
import fs from "node:fs";
import path from "node:path";
import { UsageError, parseOptions } from "../command";
import { Progress, info, printJson } from "../output";
import { trainProgress } from "./train";

export const usage = `Usage: trailwatch eval-report [--days 30] [--seed 1] [--split 0.7] [--window N] [--epochs N]
                             [--out-dir docs/eval] [--json] [--no-deeplog] [--quick]
  Generates a simulated organisation, trains on the first part of the period and tests on the rest
  (attacks land in the last 30%), then trains on 14 real console sessions + the simulated train
  events and tests on the other sessions with a Stratus detonation injected into each. Prints one
  table per data set; with --out-dir writes eval-report.json and eval-report.md there.
  --quick   7 days, 1 epoch, no DeepLog (a smoke test)
  --json    the report as one JSON object on stdout`;

function numberOption(name: string, value: string | undefined, fallback: number, ok: (n: number) => boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || !ok(n)) throw new UsageError(`--${name}: invalid value ${value}`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    days: { type: "string" }, seed: { type: "string" }, split: { type: "string" }, window: { type: "string" }, epochs: { type: "string" },
    "out-dir": { type: "string" }, json: { type: "boolean" }, "no-deeplog": { type: "boolean" }, quick: { type: "boolean" },
  });
  const isQuick = Boolean(values.quick);
  const int = (n: number) => Number.isInteger(n) && n > 0;
  const days = numberOption("days", values.days, isQuick ? 7 : 30, (n) => n >= 2 && n <= 365);
  const seed = numberOption("seed", values.seed, 1, (n) => Number.isInteger(n) && n >= 0);
  const split = numberOption("split", values.split, 0.7, (n) => n > 0 && n < 1);
  const window = values.window === undefined ? undefined : numberOption("window", values.window, 10, (n) => int(n) && n <= 200);
  const epochs = numberOption("epochs", values.epochs, isQuick ? 1 : 3, (n) => int(n) && n <= 100);

  const [{ initBackend }, { buildReport }, { formatReport }] = await Promise.all([import("@/ml/backend"), import("@/lib/server/eval/build-report"), import("@/lib/server/eval/format-report")]);
  await initBackend({ log: info });
  const progress = new Map<string, Progress>();
  const bar = (stage: string) => progress.get(stage) ?? progress.set(stage, new Progress(stage)).get(stage)!;
  const report = await buildReport({
    days, seed, split, window, epochs,
    deeplog: !values["no-deeplog"] && !isQuick,
    realSimTrainEvents: isQuick ? 20_000 : 150_000,
    trainSessions: 14,
    onProgress: (stage, line) => (stage === "generate" || stage === "parse" ? bar(stage).update(line) : info(`${stage}: ${line}`)),
    onTrainProgress: (stage, p) => trainProgress(bar(stage))(p),
  });
  const table = formatReport(report);
  if (values["out-dir"]) {
    const dir = path.resolve(values["out-dir"]);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "eval-report.json"), `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, "eval-report.md"), `# Trailwatch evaluation report\n\nGenerated ${report.generatedAt} by \`node bin/trailwatch.mjs eval-report\` (${process.argv.slice(3).join(" ") || "defaults"}).\n\n${table}\n`);
    info(`report written to ${path.join(dir, "eval-report.json")} and eval-report.md`);
  }
  if (values.json) printJson(report);
  else process.stdout.write(`${table}\n`);
  return 0;
}
