"use client";
// The themed Recharts primitive for bar charts: axes, grid, tooltip and legend styled once.
// Animation is off so screenshots and tests see the final picture.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS, GRID } from "./theme";

export interface BarSeries {
  key: string;
  label: string;
  color: string;
}

interface Props<T extends object> {
  data: T[];
  xKey: keyof T & string;
  series: BarSeries[];
  height?: number;
  stacked?: boolean;
  formatX?: (v: number) => string;
  xTicks?: number[];
  ariaLabel: string;
}

export function ThemedBarChart<T extends object>({ data, xKey, series, height = 220, stacked = true, formatX, xTicks, ariaLabel }: Props<T>) {
  return (
    <div role="img" aria-label={ariaLabel} style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={GRID} vertical={false} />
          <XAxis dataKey={xKey as string} tickFormatter={formatX} ticks={xTicks} {...AXIS} />
          <YAxis allowDecimals={false} width={48} {...AXIS} />
          <Tooltip labelFormatter={(v) => (formatX && typeof v === "number" ? formatX(v) : String(v))} />
          {series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} /> : null}
          {series.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} stackId={stacked ? "a" : undefined} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
