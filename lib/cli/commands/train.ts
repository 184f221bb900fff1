// `trailwatch train --from <files|folders…> --out <dir>`: train a model version from log files (no
// database) and save it as metadata.json + weights.bin (ml/registry-io.ts). Also the option and
// progress helpers `trailwatch eval` shares.
import fs from "node:fs";
import path from "node:path";
import { eventsFromFiles } from "@/lib/server/ml/events-from-files";
import type { FitOptions } from "@/ml/model/version";
import type { BackendName } from "@/ml/backend";
import type { MlEvent, TrainProgress } from "@/ml/types";
import { UsageError, parseOptions } from "../command";
import { Progress, info, printJson } from "../output";

export const usage = `Usage: trailwatch train --from <files|folders…> --out <dir> [--epochs N] [--window N] [--backend wasm|cpu] [--json]
  Trains a model version on the events of the given files (any format the importer reads; the last
  15% by time decide early stopping, the frequency mixture and the alert threshold) and writes
  <dir>/metadata.json and <dir>/weights.bin.`;

export const FIT_OPTIONS = { epochs: { type: "string" }, window: { type: "string" }, backend: { type: "string" } } as const;

/** `--train a b --test c` → { train: [a, b], test: [c] }: flags taking every value up to the next flag. */
export function takePathLists<K extends string>(argv: string[], names: K[]): { lists: Record<K, string[]>; rest: string[] } {
  const lists = Object.fromEntries(names.map((n) => [n, [] as string[]])) as Record<K, string[]>;
  const rest: string[] = [];
  let current: K | null = null;
  for (const arg of argv) {
    const flag = arg.startsWith("--") ? (arg.slice(2) as K) : null;
    if (flag !== null && names.includes(flag)) current = flag;
    else if (flag !== null || arg.startsWith("-")) {
      current = null;
      rest.push(arg);
    } else if (current !== null) lists[current].push(arg);
    else rest.push(arg);
  }
  return { lists, rest };
}

function positiveInt(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > max) throw new UsageError(`--${name} must be an integer from 1 to ${max}`);
  return n;
}

export function fitOptionsFrom(values: { epochs?: string; window?: string; backend?: string }): FitOptions & { backend?: BackendName } {
  if (values.backend && !["wasm", "cpu", "tensorflow"].includes(values.backend)) throw new UsageError("--backend must be wasm, cpu or tensorflow");
  const window = positiveInt("window", values.window, 200);
  return { epochs: positiveInt("epochs", values.epochs, 1000), config: window ? { window } : undefined, backend: values.backend as BackendName | undefined };
}

export function trainProgress(progress: Progress): (p: TrainProgress) => void {
  return (p) => {
    const eta = p.etaSeconds === null ? "" : `, ETA ${Math.round(p.etaSeconds)} s`;
    const val = p.valLoss === undefined ? "" : `, val loss ${p.valLoss.toFixed(3)}`;
    progress.update(`epoch ${p.epoch}/${p.epochs}, ${p.windowsDone.toLocaleString("en-US")} windows, ${Math.round(p.windowsPerSecond).toLocaleString("en-US")} windows/s${eta}, loss ${p.loss.toFixed(3)}${val}`);
  };
}

/** A mistyped path is a usage error, not a stack trace. */
export function requireExisting(paths: string[]): void {
  const missing = paths.filter((p) => !fs.existsSync(p));
  if (missing.length) throw new UsageError(`no such file or folder: ${missing.join(", ")}`);
}

/** Parses files with progress on stderr and reports rejected records (never fatal). */
export async function loadEvents(paths: string[], label: string): Promise<MlEvent[]> {
  requireExisting(paths);
  const progress = new Progress(`read ${label}`);
  const r = await eventsFromFiles(paths, { onFile: (_f, t) => progress.update(`${t.files} files, ${t.events.toLocaleString("en-US")} events`) });
  const rejected = r.rejects ? `, ${r.rejects} records rejected (${Object.entries(r.rejectReasons).map(([k, n]) => `${k}: ${n}`).join(", ")})` : "";
  progress.done(`${r.files} files, ${r.events.length.toLocaleString("en-US")} events${rejected}`);
  return r.events;
}

export async function run(argv: string[]): Promise<number> {
  const { lists, rest } = takePathLists(argv, ["from"]);
  const { values } = parseOptions(rest, { ...FIT_OPTIONS, out: { type: "string" }, json: { type: "boolean" } });
  if (!lists.from.length || !values.out) throw new UsageError("--from <paths…> and --out <dir> are required");
  const fit = fitOptionsFrom(values);
  const events = await loadEvents(lists.from, "events");
  if (events.length < 20) throw new UsageError(`only ${events.length} events: too few to train a model`);
  const [{ initBackend }, { fitModel }, { saveModelVersion }] = await Promise.all([import("@/ml/backend"), import("@/ml/model/version"), import("@/ml/registry-io")]);
  await initBackend({ prefer: fit.backend, log: info });
  const progress = new Progress("train");
  const version = await fitModel(events, { ...fit, onProgress: trainProgress(progress) });
  progress.done(`${version.metrics.trainSeconds.toFixed(1)} s, val top-1 ${(version.metrics.valTop1 * 100).toFixed(1)}%`);
  const saved = await saveModelVersion(version);
  const out = path.resolve(values.out);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "metadata.json"), JSON.stringify(saved.metadata));
  fs.writeFileSync(path.join(out, "weights.bin"), saved.weights);
  const summary = { id: version.id, out, events: events.length, params: version.model.countParams(), metrics: version.metrics, calibration: version.calibration, trainingRange: version.trainingRange, backend: version.backend };
  if (values.json) printJson(summary);
  else info(`model ${version.id} written to ${out} (${summary.params.toLocaleString("en-US")} params, threshold ${version.calibration?.threshold.toFixed(2) ?? "none"} nats)`);
  return 0;
}
