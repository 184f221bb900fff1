// The end-to-end evaluation as a table for people (`trailwatch eval-e2e` without --json).
import type { EndToEndResult } from "./end-to-end";

const pct = (v: number) => (Number.isNaN(v) ? "n/a" : `${(v * 100).toFixed(1)}%`);
const num = (v: number, digits = 0) => (Number.isNaN(v) ? "n/a" : v.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const secs = (v: number | null) => (v === null ? "never" : `${v.toFixed(1)} s`);

export function formatEndToEnd(r: EndToEndResult): string {
  const m = r.metrics;
  const rows: Array<[string, string]> = [
    ["mode", r.mode === "daily" ? `daily (first ${r.initialDays} days, then one day at a time with the nightly retrain)` : "backfill (what `npm start` does with the demo)"],
    ["organisation", `seed ${r.seed}, ${r.days} days from ${r.period.start.slice(0, 10)}, ${num(r.generated.events)} records, ${r.generated.labels} attack labels`],
    ["events stored", `${num(m.events.total)} (${num(m.events.normal)} normal, ${num(m.events.labelledFound)} of ${num(m.events.labelledInFile)} labelled found, ${num(m.events.oddityEvents)} benign oddities)`],
    ["technique recall", `${pct(m.techniqueRecall)} (${m.detectedTechniques}/${m.techniques.length})`],
    ["event recall", `${pct(m.eventRecall)}`],
    ["alert rows", `${m.alerts.total} (${m.alerts.withAttack} with attack events, ${m.alerts.normal} false, of which ${m.alerts.normalOnOddities} on benign oddities)`],
    ["false alert rows per M normal", num(m.alerts.normalPerMillion, 1)],
    ["alerted normal events per M normal", `${num(m.alerts.alertedNormalEventsPerMillion, 1)} (${m.alerts.alertedNormalEvents} events, ${m.alerts.alertedOddityEvents} of them oddities; links: ${m.alerts.normalEventsInFalseAlerts} in false alerts, ${m.alerts.normalEventsInAttackAlerts} grouped into attack alerts)`],
    ["false alerts per principal-day", `${num(m.normalAlertsPerPrincipalDay, 4)} (${num(m.principalDays)} principal-days)`],
    ["import start → first alert", `${secs(m.secondsFromImportToFirstAlert)}; first attack alert ${secs(m.secondsFromImportToFirstAttackAlert)}`],
    ["phases (s)", Object.entries(r.phases).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [`End-to-end evaluation (the product's import, retrain job, scoring passes; figures from the alerts table)`, ""];
  lines.push(...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`), "", "Targets (issue 14):");
  lines.push(...r.targets.map((t) => `  ${t.isMet ? "✓" : "✗"} ${t.name} ${t.target}: ${t.name === "technique recall" ? pct(t.value) : num(t.value, 1)}`));
  lines.push("", "Techniques:");
  const tw = Math.max(...m.techniques.map((t) => t.technique.length), 9);
  for (const t of m.techniques) {
    const when = t.isDetected ? `after ${num(t.minutesToDetect ?? NaN, 1)} min of event time, ${secs(t.secondsFromImport)} after its import` : "missed";
    lines.push(`  ${t.isDetected ? "✓" : "✗"} ${t.technique.padEnd(tw)}  ${t.alertedEvents}/${t.events} events alerted, ${t.alerts} alerts, ${when}`);
  }
  if (m.missedTechniques.length) lines.push("", `Missed: ${m.missedTechniques.join(", ")}`);
  const top = (title: string, list: typeof m.topFalseAlertActions) =>
    list.length ? ["", title, ...list.map((x) => `  ${String(x.alerts).padStart(4)} alerts, ${String(x.events).padStart(5)} events  ${x.name}`)] : [];
  lines.push(...top("Top false-alert principals:", m.topFalseAlertPrincipals), ...top("Top false-alert actions:", m.topFalseAlertActions));
  if (r.steps.length > 1) {
    lines.push("", "Days:");
    for (const s of r.steps) {
      const retrain = s.retrain ? `; nightly retrain ${s.retrain.seconds.toFixed(1)} s → ${JSON.stringify(s.retrain.output)}` : "";
      lines.push(`  ${s.day}: ${num(s.stored)} stored, ${num(s.scored)} scored, ${s.alertsCreated} alerts${retrain}`);
    }
  }
  lines.push("", "Model versions:", ...m.modelVersions.map((v) => `  #${v.id} ${v.status}, threshold ${v.threshold === null ? "none" : v.threshold.toFixed(2)}, ${num(v.trainEvents)} training events${v.decision ? `, ${v.decision}: ${v.reason}` : ""}`));
  if (r.warnings.length) lines.push("", ...r.warnings.map((w) => `warning: ${w}`));
  if (r.database.isKept) lines.push("", `database kept: ${r.database.name}`);
  return lines.join("\n");
}
