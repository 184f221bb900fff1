"use client";
// How surprising recent events were: count per whole-nat score bin, anomalous ones in red.
import { FLAGGED, NORMAL_POINT } from "./theme";
import { ThemedBarChart } from "./themed-bar-chart";

export interface ScoreBin {
  bin: number;
  normal: number;
  anomalous: number;
}

export function ScoreHistogramChart({ data, maxBin }: { data: ScoreBin[]; maxBin: number }) {
  return (
    <ThemedBarChart
      data={data}
      xKey="bin"
      formatX={(b) => (b >= maxBin ? `${maxBin}+` : String(b))}
      series={[
        { key: "normal", label: "Below threshold", color: NORMAL_POINT },
        { key: "anomalous", label: "Anomalous", color: FLAGGED },
      ]}
      height={200}
      ariaLabel="Score distribution"
    />
  );
}
