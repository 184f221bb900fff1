"use client";
// A principal's events per day, errors stacked on top of successes.
import { DAY_MS, formatTick, type PivotRow } from "./bucketing";
import { FLAGGED, NORMAL_POINT } from "./theme";
import { ThemedBarChart } from "./themed-bar-chart";

export function ActivityChart({ data }: { data: PivotRow[] }) {
  return (
    <ThemedBarChart
      data={data}
      xKey="t"
      formatX={(t) => formatTick(t, DAY_MS)}
      series={[
        { key: "ok", label: "Succeeded", color: NORMAL_POINT },
        { key: "errors", label: "Failed", color: FLAGGED },
      ]}
      height={200}
      ariaLabel="Activity per day"
    />
  );
}
