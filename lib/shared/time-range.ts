// The overview's time-range picker: a few presets every chart follows, and the bucket size each
// implies (hourly up to two days, daily beyond) so a chart never draws thousands of bars.
import { z } from "zod";

export const RANGE_PRESETS = ["1h", "6h", "24h", "7d", "30d"] as const;
export type TRangePreset = (typeof RANGE_PRESETS)[number];
export const ZRangePreset = z.enum(RANGE_PRESETS).default("24h");

export const RANGE_LABELS: Record<TRangePreset, string> = { "1h": "Last hour", "6h": "Last 6 hours", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days" };

const HOUR_MS = 3_600_000;
const RANGE_MS: Record<TRangePreset, number> = { "1h": HOUR_MS, "6h": 6 * HOUR_MS, "24h": 24 * HOUR_MS, "7d": 7 * 24 * HOUR_MS, "30d": 30 * 24 * HOUR_MS };

/** [from, to) ending at `now`, with `to` rounded up to the next minute so caches line up. */
export function resolveRange(preset: TRangePreset, now: Date = new Date()): { from: Date; to: Date } {
  const to = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
  return { from: new Date(to.getTime() - RANGE_MS[preset]), to };
}

export function bucketFor(preset: TRangePreset): "hour" | "day" {
  return RANGE_MS[preset] > 2 * 24 * HOUR_MS ? "day" : "hour";
}
