// `trailwatch bench train [--json] [--backend wasm|cpu] [--events N] [--epochs N]`: model training
// throughput at the default size (ml/bench.ts). Machines are shared: run it a few times, keep the best.
import fs from "node:fs";
import { parseOptions, UsageError } from "../command";
import { info, printJson } from "../output";
import type { BackendName } from "@/ml/backend";

export interface BenchArgs {
  json: boolean;
  backend?: BackendName;
  events?: number;
  epochs?: number;
}

export function parseBenchArgs(args: string[]): BenchArgs {
  const { values } = parseOptions(args, { json: { type: "boolean" }, backend: { type: "string" }, events: { type: "string" }, epochs: { type: "string" } });
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer`);
    return n;
  };
  if (values.backend && !["wasm", "cpu", "tensorflow"].includes(values.backend)) throw new UsageError("--backend must be wasm, cpu or tensorflow");
  return { json: Boolean(values.json), backend: values.backend as BackendName | undefined, events: int("events", values.events), epochs: int("epochs", values.epochs) };
}

/** The 1-minute load average: other engineers' jobs share the cores and lower the figures. */
export function loadAverage(): number | null {
  try {
    return Number(fs.readFileSync("/proc/loadavg", "utf8").split(" ")[0]);
  } catch {
    return null;
  }
}

export async function run(args: string[]): Promise<number> {
  const o = parseBenchArgs(args);
  const { benchTrain } = await import("@/ml/bench");
  const r = { ...(await benchTrain({ backend: o.backend ?? "wasm", events: o.events, epochs: o.epochs })), loadAverage: loadAverage() };
  if (o.json) printJson(r);
  else info(`train: ${r.windowsPerSecond.toLocaleString("en-US")} windows/s (${r.windows.toLocaleString("en-US")} windows, ${r.params.toLocaleString("en-US")} params), peak RSS ${r.peakRssMb} MB, ${r.backend}, load ${r.loadAverage ?? "?"}`);
  return 0;
}
