"use client";
// The overview's one time range, kept in the URL (?range=) so every chart follows it and a
// shared link shows the same view.
import { RANGE_LABELS, RANGE_PRESETS, type TRangePreset } from "@/lib/shared/time-range";

export function TimeRangePicker({ value, onChange }: { value: TRangePreset; onChange: (v: TRangePreset) => void }) {
  return (
    <label className="inline-label">
      Time range
      <select value={value} onChange={(e) => onChange(e.target.value as TRangePreset)} data-testid="time-range">
        {RANGE_PRESETS.map((p) => (
          <option key={p} value={p}>
            {RANGE_LABELS[p]}
          </option>
        ))}
      </select>
    </label>
  );
}
