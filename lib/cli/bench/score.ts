// `trailwatch bench score [--json] [--backend wasm|cpu] [--events N]`: streaming scoring throughput
// (tokenising, history, model, frequency mixture, evidence) at the default size (ml/bench.ts).
import { info, printJson } from "../output";
import { loadAverage, parseBenchArgs } from "./train";

export async function run(args: string[]): Promise<number> {
  const o = parseBenchArgs(args);
  const { benchScore } = await import("@/ml/bench");
  const r = { ...(await benchScore({ backend: o.backend ?? "wasm", events: o.events })), loadAverage: loadAverage() };
  if (o.json) printJson(r);
  else info(`score: ${r.eventsPerSecond.toLocaleString("en-US")} events/s (${r.events.toLocaleString("en-US")} events), peak RSS ${r.peakRssMb} MB, ${r.backend}, load ${r.loadAverage ?? "?"}`);
  return 0;
}
