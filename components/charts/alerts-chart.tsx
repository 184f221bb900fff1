"use client";
// Alerts per day, stacked by severity or by status, in their fixed colours.
import { formatTick, type PivotRow } from "./bucketing";
import { SEVERITY_COLORS, STATUS_COLORS } from "./theme";
import { ThemedBarChart } from "./themed-bar-chart";

export function AlertsChart({ data, by, keys, step, ariaLabel }: { data: PivotRow[]; by: "severity" | "status"; keys: string[]; step: number; ariaLabel: string }) {
  const colors = by === "severity" ? SEVERITY_COLORS : STATUS_COLORS;
  return (
    <ThemedBarChart
      data={data}
      xKey="t"
      formatX={(t) => formatTick(t, step)}
      series={keys.map((k) => ({ key: k, label: k, color: colors[k] ?? "#667085" }))}
      height={200}
      ariaLabel={ariaLabel}
    />
  );
}
