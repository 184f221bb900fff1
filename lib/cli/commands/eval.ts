// `trailwatch eval`: train on some log files, score others, compare with both baselines. No database:
// files go through the real ingest parser (lib/server/ml/events-from-files.ts) straight into ml/.
import fs from "node:fs";
import type { MlEvent } from "@/ml/types";
import type { EvaluationReport, DetectorMetrics } from "@/ml/evaluate";
import { UsageError, parseOptions } from "../command";
import { Progress, info, printJson } from "../output";
import { fitOptionsFrom, FIT_OPTIONS, loadEvents, requireExisting, trainProgress, takePathLists } from "./train";

export const usage = `Usage: trailwatch eval --train <files|folders…> --test <files|folders…> [options]
       trailwatch eval --data <files|folders…> --test-from <ISO time> [options]
  Trains the model on the train files (any format the importer reads), scores every test event in
  time order per principal, and compares with the new-action rule and DeepLog on the same events.
  Test events of a principal or account seen in training continue its history.
  --out <file>         one JSON line per test event (eventId, principal, action, score, rank,
                       probability, alert, expected)
  --json               one JSON object instead of a table
  --labels <file>      labels.jsonl of attack events (eventId, technique): recall per technique,
                       alert rates on normal events only
  --groups <file>      manifest.json of \`demo-data\` (principals[].kind) or {"<principal>": "<group>"}
  --epochs N  --window N  --no-deeplog  --deeplog-epochs N  --backend wasm|cpu`;

function readLabels(file: string): Map<string, string> {
  requireExisting([file]);
  const labels = new Map<string, string>();
  for (const [i, line] of fs.readFileSync(file, "utf8").split("\n").entries()) {
    if (!line.trim()) continue;
    let row: { eventId?: unknown; technique?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      throw new UsageError(`--labels ${file}: line ${i + 1} is not JSON`);
    }
    if (typeof row.eventId === "string" && typeof row.technique === "string") labels.set(row.eventId, row.technique);
  }
  return labels;
}

function readGroups(file: string): Map<string, string> {
  requireExisting([file]);
  let json: { principals?: { key: string; kind: string }[] } & Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8")) as typeof json;
  } catch {
    throw new UsageError(`--groups ${file} is not a JSON file`);
  }
  if (Array.isArray(json.principals)) return new Map(json.principals.map((p) => [p.key, p.kind]));
  return new Map(Object.entries(json).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function writeScores(file: string, r: EvaluationReport): void {
  const fd = fs.openSync(file, "w");
  try {
    let buf: string[] = [];
    for (const s of r.scored) {
      buf.push(JSON.stringify({ eventId: s.eventId, principal: s.principalKey, action: s.action, score: s.score, rank: s.rank, probability: s.probability, alert: s.alert, expected: s.expected }));
      if (buf.length === 10_000) {
        fs.writeSync(fd, buf.join("\n") + "\n");
        buf = [];
      }
    }
    if (buf.length) fs.writeSync(fd, buf.join("\n") + "\n");
  } finally {
    fs.closeSync(fd);
  }
}

const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`);

function table(r: EvaluationReport): string {
  const rows: [string, DetectorMetrics | null][] = [["model", r], ["new action (90 d)", r.baselines.newAction], ["DeepLog (g = 9)", r.baselines.deeplog]];
  const lines = [
    `backend ${r.backend} · model ${r.model.encoder}, window ${r.model.window}, ${r.model.params.toLocaleString("en-US")} params, trained in ${r.model.trainSeconds.toFixed(1)} s · κ ${r.model.pseudoCount ?? "–"} · threshold ${r.model.threshold?.toFixed(2) ?? "–"} nats`,
    `train ${r.trainEvents.toLocaleString("en-US")} events · test ${r.testEvents.toLocaleString("en-US")} events`,
    "",
    `${"detector".padEnd(20)} ${"top-1".padStart(7)} ${"top-5".padStart(7)} ${"alerts".padStart(8)} ${"per M".padStart(9)} ${"attack recall".padStart(14)}`,
  ];
  for (const [name, m] of rows) {
    if (!m) continue;
    const recall = m.attacks ? `${m.attacks.detected}/${m.attacks.techniques}` : "–";
    lines.push(`${name.padEnd(20)} ${pct(m.nextEvent.top1).padStart(7)} ${pct(m.nextEvent.top5).padStart(7)} ${String(m.alerts).padStart(8)} ${Math.round(m.alertsPerMillion).toLocaleString("en-US").padStart(9)} ${recall.padStart(14)}`);
    for (const [g, v] of Object.entries(m.groups ?? {})) lines.push(`  ${g.padEnd(18)} ${pct(v.top1).padStart(7)} ${pct(v.top5).padStart(7)} ${String(v.alerts).padStart(8)} ${Math.round(v.alertsPerMillion).toLocaleString("en-US").padStart(9)}`);
  }
  return lines.join("\n");
}

function splitAt(events: MlEvent[], iso: string): [MlEvent[], MlEvent[]] {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new UsageError(`--test-from: not a date/time: ${iso}`);
  return [events.filter((e) => Number(e.eventTime) < t), events.filter((e) => Number(e.eventTime) >= t)];
}

export async function run(argv: string[]): Promise<number> {
  const { lists, rest } = takePathLists(argv, ["train", "test", "data"]);
  const { values } = parseOptions(rest, { ...FIT_OPTIONS, out: { type: "string" }, json: { type: "boolean" }, labels: { type: "string" }, groups: { type: "string" }, "test-from": { type: "string" }, "no-deeplog": { type: "boolean" }, "deeplog-epochs": { type: "string" } });
  const isSplit = lists.data.length > 0;
  if (isSplit ? !values["test-from"] || lists.train.length || lists.test.length : !lists.train.length || !lists.test.length) {
    throw new UsageError("give --train <paths…> and --test <paths…>, or --data <paths…> with --test-from <time>");
  }
  const labels = values.labels ? readLabels(values.labels) : undefined;
  const groups = values.groups ? readGroups(values.groups) : undefined;
  let train: MlEvent[];
  let test: MlEvent[];
  if (isSplit) [train, test] = splitAt(await loadEvents(lists.data, "data"), values["test-from"]!);
  else [train, test] = [await loadEvents(lists.train, "train"), await loadEvents(lists.test, "test")];
  if (train.length === 0 || test.length === 0) throw new UsageError(`no events to ${train.length === 0 ? "train on" : "test"}: check the paths`);

  const fit = fitOptionsFrom(values);
  const [{ initBackend }, { evaluate }] = await Promise.all([import("@/ml/backend"), import("@/ml/evaluate")]);
  await initBackend({ prefer: fit.backend, log: info });
  const progress = new Progress("train");
  const deeplogEpochs = values["deeplog-epochs"] === undefined ? undefined : Number(values["deeplog-epochs"]);
  const report = await evaluate({
    trainEvents: train,
    testEvents: test,
    fit: { ...fit, onProgress: trainProgress(progress) },
    deeplog: values["no-deeplog"] ? false : { epochs: deeplogEpochs },
    labels,
    groupOf: groups ? (k) => groups.get(k) ?? "other" : undefined,
  });
  progress.done(`${report.model.trainSeconds.toFixed(1)} s`);
  if (values.out) writeScores(values.out, report);
  const { scored: _scored, ...summary } = report;
  if (values.json) printJson(summary);
  else process.stdout.write(`${table(report)}\n`);
  if (values.out) info(`scores written to ${values.out}`);
  return 0;
}
