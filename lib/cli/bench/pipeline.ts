// `trailwatch bench pipeline [--json] [--events N] [--rate N] [--seconds N] [--workers N] [--batch N] [--keep]`:
// end-to-end worker benchmark on a fresh database on DATABASE_URL's server (lib/server/scoring/bench-pipeline.ts).
import os from "node:os";
import { getEnv } from "@/lib/env";
import { parseOptions, UsageError } from "../command";
import { info, printJson } from "../output";

const int = (v: string | undefined, fallback: number, name: string): number => {
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer`);
  return n;
};

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    json: { type: "boolean" }, events: { type: "string" }, "train-events": { type: "string" }, rate: { type: "string" },
    seconds: { type: "string" }, workers: { type: "string" }, batch: { type: "string" }, keep: { type: "boolean" },
  });
  const serverUrl = getEnv().DATABASE_URL;
  if (!serverUrl) throw new UsageError("bench pipeline needs DATABASE_URL (a PostgreSQL server where it may create a scratch database)");
  const { benchPipeline } = await import("@/lib/server/scoring/bench-pipeline");
  const loadBefore = os.loadavg().map((x) => Number(x.toFixed(2)));
  const r = await benchPipeline({
    serverUrl,
    events: int(values.events, 1_000_000, "events"),
    trainEvents: int(values["train-events"], 100_000, "train-events"),
    rate: int(values.rate, 2_000, "rate"),
    seconds: int(values.seconds, 60, "seconds"),
    workers: int(values.workers, 2, "workers"),
    batch: int(values.batch, 5_000, "batch"),
    keep: values.keep ?? false,
    log: info,
  });
  const result = { ...r, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg().map((x) => Number(x.toFixed(2))), cpus: os.cpus().length };
  if (values.json) printJson(result);
  else info(Object.entries(result).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("\n"));
  return 0;
}
