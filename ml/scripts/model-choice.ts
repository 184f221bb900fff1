/**
 * Reproduces ml/MODEL-CHOICE.md: every encoder candidate on the same data (console sessions:
 * chronologically first 2/3 of the sessions train, the rest test; synthetic: first 80% of time
 * train), with both baselines, plus training/scoring throughput on the benchmark data.
 *   npx tsx ml/scripts/model-choice.ts [mlp,attention,gru] [--no-speed]
 */
import { evaluate, type EvaluationReport } from "@/ml/evaluate";
import { benchScore, benchTrain } from "@/ml/bench";
import { generateSyntheticEvents } from "@/ml/data/synthetic";
import { splitChronologically } from "@/ml/data/windows";
import { loadConsoleSessions } from "@/ml/scripts/console-sessions";
import type { EncoderKind } from "@/ml/types";

const encoders = (process.argv[2] ?? "mlp,attention,gru").split(",") as EncoderKind[];
const isSpeed = !process.argv.includes("--no-speed");
const sessions = loadConsoleSessions();
const cut = Math.round((sessions.length * 2) / 3);
const datasets = {
  console: { train: sessions.slice(0, cut).flat(), test: sessions.slice(cut).flat() },
  synthetic: (() => {
    const [train, test] = splitChronologically(generateSyntheticEvents({ principals: 40, eventsPerPrincipal: 1000, actions: 400, seed: 3 }), 0.2);
    return { train, test };
  })(),
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const row = (name: string, data: string, r: EvaluationReport["baselines"]["newAction"], speed = "") =>
  `| ${name} | ${data} | ${pct(r.nextEvent.top1)} | ${pct(r.nextEvent.top5)} | ${r.alerts} (${Math.round(r.alertsPerMillion)}/M) | ${speed} |`;

const lines = ["| detector | data | top-1 | top-5 | alerts (per M) | train win/s · score ev/s (wasm) |", "|---|---|---|---|---|---|"];
for (const [data, d] of Object.entries(datasets)) {
  for (const [i, encoder] of encoders.entries()) {
    const r = await evaluate({ trainEvents: d.train, testEvents: d.test, fit: { epochs: 10, config: { encoder } }, deeplog: i === 0 ? { epochs: 5 } : false });
    let speed = "";
    if (isSpeed && data === "synthetic") {
      const [t, s] = [await benchTrain({ events: 20_000, epochs: 1, config: { encoder } }), await benchScore({ events: 20_000, config: { encoder } })];
      speed = `${t.windowsPerSecond} · ${s.eventsPerSecond}`;
    }
    lines.push(row(`${encoder} (${r.model.params} params, ${r.model.trainSeconds.toFixed(1)} s)`, `${data} ${r.trainEvents}/${r.testEvents}`, r, speed));
    if (i === 0) {
      lines.push(row("new action in 90 d (frequency ranking)", data, r.baselines.newAction));
      if (r.baselines.deeplog) lines.push(row(`DeepLog LSTM (g=9, ${r.baselines.deeplog.trainSeconds?.toFixed(1)} s)`, data, r.baselines.deeplog));
    }
    console.error(lines.at(-1));
  }
}
console.log(lines.join("\n"));
