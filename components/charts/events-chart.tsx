"use client";
// Events per bucket, stacked by series (provider or account).
import { formatTick, type PivotRow } from "./bucketing";
import { seriesColor } from "./theme";
import { ThemedBarChart } from "./themed-bar-chart";

export function EventsChart({ data, keys, step, ticks, ariaLabel }: { data: PivotRow[]; keys: string[]; step: number; ticks: number[]; ariaLabel: string }) {
  return (
    <ThemedBarChart
      data={data}
      xKey="t"
      xTicks={ticks}
      formatX={(t) => formatTick(t, step)}
      series={keys.map((k, i) => ({ key: k, label: k, color: seriesColor(i) }))}
      ariaLabel={ariaLabel}
    />
  );
}
