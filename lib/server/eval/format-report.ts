// The evaluation report as a markdown table (readable as-is in a terminal) plus its notes.
import { CEILING_CONTEXT, type DetectorColumn } from "./detector-metrics";
import { DEEPLOG_MAX_TRAIN_EVENTS, type EvalReport, type SeedCell } from "./build-report";
import type { DetectorColumns } from "./run-detectors";
import type { LeaveOutResult } from "./real-leave-out";
import type { AzureCaseResult } from "./azure-case";
import { runLabel, type EndToEndSection } from "./e2e-rows";

const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`);
const num = (x: number, digits = 0) => (Number.isNaN(x) ? "–" : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** `isHeld`: the baselines' cells read their columns held to the model's alert rate (run-detectors.ts atModelRate). */
type Row = [label: string, value: (c: DetectorColumn) => string, target?: string, isHeld?: boolean];

const SIM_ROWS: Row[] = [
  ["next-event top-1, overall", (c) => pct(c.nextEvent.overall.top1)],
  ["next-event top-5, overall", (c) => pct(c.nextEvent.overall.top5)],
  ["next-event top-1, automation", (c) => pct(c.nextEvent.automation.top1), "automation top-1"],
  ["next-event top-5, automation", (c) => pct(c.nextEvent.automation.top5)],
  ["next-event top-1, humans", (c) => pct(c.nextEvent.human.top1)],
  ["next-event top-5, humans", (c) => pct(c.nextEvent.human.top5)],
  ["alerts per million normal events", (c) => num(c.alertsPerMillion), "alerts per M normal"],
  ["alert groups per principal-day", (c) => num(c.alertGroupsPerPrincipalDay, 4)],
  ["techniques detected", (c) => `${c.attacks.detected}/${c.attacks.techniques}`],
  ["technique recall", (c) => pct(c.attacks.recall), "technique recall"],
  ["technique recall at the model's alert rate", (c) => pct(c.attacks.recall), undefined, true],
  ["event-level recall", (c) => pct(c.attacks.eventRecall)],
  ["precision (events)", (c) => pct(c.precision.events)],
  ["precision (alert groups)", (c) => pct(c.precision.groups)],
  ["median minutes to first alert", (c) => num(c.attacks.medianMinutesToDetect, 1)],
];

function columnsOf(d: DetectorColumns): [string, DetectorColumn][] {
  const cols: [string, DetectorColumn][] = [["model", d.model]];
  if (d.frozen) cols.push(["model, no updates", d.frozen]);
  cols.push(["new action", d.newAction]);
  if (d.deeplog) cols.push(["DeepLog", d.deeplog]);
  return cols;
}

function markdownTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [line(header), `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`, ...rows.map(line)];
}

function updatesLines(d: DetectorColumns): string[] {
  if (d.updates.length === 0) return [];
  const promoted = d.updates.filter((u) => u.decision === "promote").length;
  const thresholds = d.updates.map((u) => u.threshold?.toFixed(1) ?? "–").join(", ");
  return [
    `Continuous learning (the "model" column): the worker's daily retrain emulated at each UTC midnight of the test period, on the events`,
    `since the active version's training range minus those that alerted, each principal's recent earlier events as context`,
    `(rehearsed); ${promoted}/${d.updates.length} candidates promoted. Threshold after each update: ${thresholds} nats.`,
    `"model, no updates" is the first version alone.`,
  ];
}

export function formatReport(r: EvalReport): string {
  const s = r.simulated;
  const cols = columnsOf(s);
  const byName = new Map(s.targets.map((t) => [t.name, t]));
  const mark = (name?: string) => {
    const t = name ? byName.get(name) : undefined;
    if (!t) return "";
    return `${t.target} ${t.isMet ? "✓" : "✗"}, beats baselines ${t.beatsBaselines ? "✓" : "✗"}`;
  };
  const out = [
    ...(r.endToEnd ? [...endToEndLines(r.endToEnd), ""] : []),
    ...seedTableLines(r),
    `### Seed ${r.options.seeds[0]} in detail (train < ${s.period.splitAt} ≤ test)`,
    "",
    `train ${num(s.trainEvents)} events · test ${num(s.testEvents)} events · model window ${s.modelInfo.window}, ${num(s.modelInfo.params)} params, ${s.modelInfo.epochs} epoch(s) in ${num(s.modelInfo.trainSeconds, 0)} s, threshold ${s.modelInfo.threshold?.toFixed(2) ?? "–"} nats`,
    "",
    ...markdownTable(["metric", ...cols.map((c) => c[0]), "target (model)"], SIM_ROWS.map(([label, f, target, isHeld]) => [label, ...cols.map(([name, c]) => f(isHeld ? (heldColumn(s, name) ?? c) : c)), mark(target)])),
    "",
    `Targets met by the model: ${s.targets.filter((t) => t.isPassed).length}/${s.targets.length}${s.targets.every((t) => t.isPassed) ? "" : ` — missed: ${s.targets.filter((t) => !t.isPassed).map((t) => t.name).join(", ")}`}.`,
    `Missed techniques (model): ${Object.entries(s.model.attacks.perTechnique).filter(([, hit]) => !hit).map(([t]) => t).join(", ") || "none"}.`,
    `False alarms (model, normal test events that alerted; ${s.model.oddities.alerted} of them among the generator's ${s.model.oddities.events} benign oddities, rare admin tasks): ${falseAlarmSummary(s.model)}.`,
    ...updatesLines(s),
    `Context ceiling of next-event top-1 (the best any predictor of a principal's previous ${CEILING_CONTEXT} actions could score on these test events,`,
    `in-sample): overall ${pct(s.contextCeiling.overall)}, automation ${pct(s.contextCeiling.automation)}, humans ${pct(s.contextCeiling.human)}. Workload roles make optional calls at`,
    "random (workload-catalog.ts), so their next action is not predictable from the sequence alone.",
  ];
  if (r.realLeaveOut) out.push("", ...leaveOutLines(r.realLeaveOut));
  if (r.azure) out.push("", ...azureLines(r.azure));
  out.push(
    "",
    "Notes: automation = manifest kinds automation, service and scanner. Alert rates count unlabelled events only, so",
    "benign oddities are false positives. Alert groups: same principal and action within 24 h, or same principal within",
    "30 min; per principal-day = groups with no attack event / distinct (principal, UTC day) pairs with normal events.",
    "As in the worker, read-only calls made on a principal's behalf (invoked_by, aws-service: streams, alerting/on-behalf.ts) never alert,",
    "for every detector alike.",
    r.options.deeplog
      ? `DeepLog trains 1 epoch on the last ${num(DEEPLOG_MAX_TRAIN_EVENTS)} train events to keep the run within minutes, so it is weaker than a fully trained DeepLog.`
      : "DeepLog: not run (--no-deeplog or --quick).",
    "A target passes (✓✓) only when it holds and the model is strictly better than both baselines on that row.",
  );
  return out.join("\n");
}

/** The baseline `name` of the detailed table held to the model's alert rate (the model's own columns: none). */
function heldColumn(d: DetectorColumns, name: string): DetectorColumn | null {
  if (name === "new action") return d.atModelRate.newAction.column;
  if (name === "DeepLog") return d.atModelRate.deeplog?.column ?? null;
  return null;
}

/** The split evaluation per seed, the worst seed last, targets on the worst values. */
function seedTableLines(r: EvalReport): string[] {
  const rows = r.simulatedSeeds;
  const held = (c: SeedCell | null) => (c?.atModelRate ? `${pct(c.atModelRate.recall)} (${c.atModelRate.detected})` : "–");
  const own = (c: SeedCell | null) => (c ? `${pct(c.recall)} at ${num(c.alertsPerMillion)}/M` : "–");
  const body = rows.map((row) => [
    `seed ${row.seed}`, num(row.testEvents), row.threshold === null ? "–" : row.threshold.toFixed(1),
    `${row.model.detected}/${row.model.techniques}`, pct(row.model.recall), num(row.model.alertsPerMillion),
    held(row.newAction), held(row.deeplog), own(row.newAction), own(row.deeplog),
    row.targets.filter((t) => t.name !== "automation top-1").every((t) => t.isPassed) ? "✓" : "✗",
  ]);
  if (rows.length > 1) {
    const worstRecall = rows.reduce((a, b) => (b.model.recall < a.model.recall ? b : a));
    const worstRate = rows.reduce((a, b) => (b.model.alertsPerMillion > a.model.alertsPerMillion ? b : a));
    body.push([
      "**worst seed**", "", "", "",
      `${pct(worstRecall.model.recall)} (seed ${worstRecall.seed}) ${tick(worstRecall.model.recall >= 0.9)}`,
      `${num(worstRate.model.alertsPerMillion)} (seed ${worstRate.seed}) ${tick(worstRate.model.alertsPerMillion <= 100)}`,
      "", "", "", "", "",
    ]);
  }
  const missed = rows.filter((row) => row.model.missed.length).map((row) => `seed ${row.seed}: ${row.model.missed.join(", ")}`);
  return [
    `## Simulated organisations, split evaluation (${r.options.days} days each, train on the first ${pct(r.options.split)}, test on the rest)`,
    "",
    ...markdownTable(
      ["seed", "test events", "threshold", "techniques", "technique recall (≥ 90%)", "alerts per M normal (≤ 100)", "new action at the model's rate", "DeepLog at the model's rate", "new action, own rule", "DeepLog, own rule (g = 9)", "recall and rate targets, both baselines beaten"],
      body,
    ),
    "",
    `Missed techniques (model): ${missed.join("; ") || "none"}.`,
    "\"At the model's rate\": each baseline alerts when the actual action ranks below a cut on its own ranking, the cut read off the",
    "seed's own normal test events as the lowest that alerts on no more normal events per million than the model did (an oracle in",
    "the baselines' favour; events tied at the cut alert at the share that fills the rate); techniques caught in brackets. A baseline is beaten on recall when it catches fewer techniques at the",
    "model's rate (detector-metrics.ts atAlertRate, targets.ts). The model column is the worker's path: cross-fitted first model,",
    "daily updates over the test days.",
    "",
  ];
}

/** "12: orders-api ×5 (sns:Publish ×3, …); rosa ×3, 3 benign oddities (…)": whose normal events alerted, the most frequent first. */
export function falseAlarmSummary(c: Pick<DetectorColumn, "normalAlerts" | "falseAlarms">): string {
  if (c.normalAlerts === 0) return "none";
  const byPrincipal = new Map<string, { actions: Map<string, number>; n: number; odd: number }>();
  for (const f of c.falseAlarms) {
    const p = byPrincipal.get(f.principalKey) ?? { actions: new Map<string, number>(), n: 0, odd: 0 };
    p.actions.set(f.action, (p.actions.get(f.action) ?? 0) + 1);
    p.n++;
    if (f.isOddity) p.odd++;
    byPrincipal.set(f.principalKey, p);
  }
  const parts = [...byPrincipal]
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .slice(0, 8)
    .map(([key, p]) => {
      const top = [...p.actions].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3).map(([a, n]) => `${a} ×${n}`);
      const odd = p.odd ? `, ${p.odd} benign ${p.odd === 1 ? "oddity" : "oddities"}` : "";
      return `${key.split("/").pop()} ×${p.n}${odd} (${top.join(", ")}${p.actions.size > 3 ? ", …" : ""})`;
    });
  return `${c.normalAlerts}: ${parts.join("; ")}${byPrincipal.size > 8 ? "; …" : ""}`;
}

const tick = (ok: boolean) => (ok ? "✓" : "✗");

/** Per-seed end-to-end table (runs of `trailwatch eval-e2e --json`), the worst seed last, targets on the worst values. */
export function endToEndLines(e: EndToEndSection): string[] {
  const rows = e.rows.map((r) => [
    `seed ${r.seed} (${r.mode}, ${r.days} d)`, num(r.events), `${r.detected}/${r.techniques}`, pct(r.techniqueRecall),
    num(r.falseAlertRowsPerMillion, 1), num(r.alertedNormalEventsPerMillion, 1), r.secondsToFirstAttackAlert === null ? "never" : `${num(r.secondsToFirstAttackAlert)} s`,
  ]);
  const w = e.worst;
  if (w) {
    rows.push([
      "**worst seed**", "", "", `${pct(w.techniqueRecall)} (${w.runs.recall}) ${tick(w.techniqueRecall >= 0.9)}`,
      `${num(w.falseAlertRowsPerMillion, 1)} (${w.runs.falseRows}) ${tick(w.falseAlertRowsPerMillion <= 100)}`,
      `${num(w.alertedNormalEventsPerMillion, 1)} (${w.runs.alertedEvents}) ${tick(w.alertedNormalEventsPerMillion <= 100)}`, "",
    ]);
  }
  const missed = e.rows.filter((r) => r.missed.length).map((r) => `${runLabel(r)}: ${r.missed.join(", ")}`);
  return [
    "## End-to-end (the product's import, first training, scoring, alerting; figures from the alerts table)",
    "",
    ...markdownTable(["run", "events", "techniques", "technique recall (≥ 90%)", "false alert rows per M normal (≤ 100)", "alerted normal events per M (≤ 100)", "import → first attack alert"], rows),
    "",
    "Runs of `trailwatch eval-e2e --json`, included with `eval-report --e2e-results`; not re-run by the report.",
    `Missed techniques: ${missed.join("; ") || "none"}.`,
  ];
}

export function leaveOutLines(l: LeaveOutResult): string[] {
  const trials = l.trials.length;
  const detectedTrials = l.trials.filter((t) => t.detected).length;
  const thresholds = l.folds.map((f) => `${f.threshold?.toFixed(1) ?? "–"} (${f.thresholdMethod ?? "–"})`).join(", ");
  const rows = [
    ["technique recall, trials (a trial: one technique spliced into one test session)", `${pct(l.trialRecall)} (${detectedTrials}/${trials})`, `≥ 90% ${tick(l.trialRecall >= 0.9)}`],
    ["techniques detected in every trial", `${pct(l.techniqueRecallAllTrials)} (${Math.round(l.techniqueRecallAllTrials * l.techniques)}/${l.techniques})`, ""],
    ["techniques detected in at least one trial", `${pct(l.techniqueRecallAnyTrial)} (${l.techniquesDetected}/${l.techniques})`, ""],
    ["false alerts per 1,000 benign events", `${num(l.falseAlertsPerThousand, 2)} (${l.falseAlerts} of ${num(l.benignEvents)})`, `≤ 1 ${tick(l.falseAlertsPerThousand <= 1)}`],
  ];
  const perTechnique = l.perTechnique.map((p) => `${p.technique.replace(/^aws\./, "")} ${p.detected}/${p.trials}`).join(", ");
  return [
    `## Real-session leave-out (${l.sessions} console sessions in ${l.folds.length} folds, each tested once; ${trials} trials)`,
    "",
    `Each fold's first model is cross-fitted (fitCrossFitted) on the other folds' sessions + ${num(l.extraTrainEvents)} simulated train events; each test session is a new`,
    "principal, scored alone (its false alerts) and once per trial with one Stratus technique spliced in as stolen-key use (ml/inject.ts: the",
    `session's principal, a new address, a CLI user agent). Thresholds per fold: ${thresholds} nats. Benign events exclude the`,
    `${num(l.contextOnlyEvents)} read-only calls AWS made on the sessions' behalf ("AWS Internal": context only, never alert, as in the worker).`,
    "",
    ...markdownTable(["metric", "model", "target"], rows),
    "",
    `Per technique (detected/trials): ${perTechnique}.`,
    `False alerts: ${l.falseAlertsInBursts} of ${l.falseAlerts} under the threshold, alerting as burst members; top actions: ${l.topFalseAlertActions.map((a) => `${a.action} ×${a.events}`).join(", ") || "none"}.`,
  ];
}

export function azureLines(a: AzureCaseResult): string[] {
  const held = a.burstEvents ? a.largestGroupBurstEvents / a.burstEvents : 0;
  return [
    `## Azure (benign Activity Log, ${a.benignEvents} events, + a mass deletion by ${a.principal.replace(/^azure:/, "")} from ${a.burstIp})`,
    "",
    ...markdownTable(["metric", "model", "target"], [
      ["burst alerted", a.isAlerted ? "yes" : "no", tick(a.isAlerted)],
      ["burst events alerting", `${a.alertedBurstEvents}/${a.burstEvents}`, ""],
      ["burst events in the largest alert group", `${a.largestGroupBurstEvents}/${a.burstEvents} in ${a.burstAlertGroups} group(s)`, `one alert holding most ${tick(a.burstAlertGroups === 1 && held > 0.5)}`],
      ["false alert groups on the benign log", `${a.falseAlertGroups} (${a.falseAlertedEvents} events)`, ""],
    ]),
    "",
    `First model cross-fitted on the benign log (threshold ${a.threshold?.toFixed(1) ?? "–"} nats, ${a.thresholdMethod ?? "–"}); the log scored out of sample, the burst after it;`,
    "alerting events grouped as the worker groups them (alerting/group.ts: one principal within 30 minutes is one alert).",
  ];
}
