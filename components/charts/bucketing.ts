// Pure axis and bucketing maths for the charts (STYLE.md: unit-tested, no React, no Recharts).
// Times are epoch milliseconds in UTC throughout; formatting to the viewer's zone happens last.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const BUCKET_MS = { hour: HOUR_MS, day: DAY_MS } as const;
export type TBucket = keyof typeof BUCKET_MS;

/** Floors t to the start of its UTC hour or day (what PostgreSQL's date_trunc does in UTC). */
export function floorTo(t: number, bucket: TBucket): number {
  return Math.floor(t / BUCKET_MS[bucket]) * BUCKET_MS[bucket];
}

/** Every bucket start covering [from, to): the dense x axis a bar chart needs. */
export function bucketStarts(from: number, to: number, bucket: TBucket): number[] {
  const out: number[] = [];
  if (!(to > from)) return out;
  for (let t = floorTo(from, bucket); t < to; t += BUCKET_MS[bucket]) out.push(t);
  return out;
}

export interface SeriesRow {
  bucket: string | number;
  key: string;
  count: number;
}

export type PivotRow = { t: number } & Record<string, number>;

/**
 * Long rows (bucket, key, count) → one row per bucket start with a column per key, zeros where
 * a bucket had nothing. Buckets outside `starts` are dropped; repeated (bucket, key) pairs add up.
 */
export function pivotSeries(rows: SeriesRow[], starts: number[], keys: string[]): PivotRow[] {
  const index = new Map(starts.map((t, i) => [t, i]));
  const out: PivotRow[] = starts.map((t) => Object.assign({ t }, Object.fromEntries(keys.map((k) => [k, 0]))) as PivotRow);
  for (const r of rows) {
    const t = typeof r.bucket === "number" ? r.bucket : Date.parse(r.bucket);
    const i = index.get(t);
    if (i === undefined || !keys.includes(r.key)) continue;
    out[i][r.key] += r.count;
  }
  return out;
}

/**
 * The n largest keys by total, and the rows with every other key renamed to `otherLabel`, so a
 * chart over 40 accounts stays readable.
 */
export function limitSeries(rows: SeriesRow[], n: number, otherLabel = "Other"): { keys: string[]; rows: SeriesRow[] } {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key, (totals.get(r.key) ?? 0) + r.count);
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  if (ranked.length <= n) return { keys: ranked, rows };
  const kept = new Set(ranked.slice(0, n - 1));
  return { keys: [...kept, otherLabel], rows: rows.map((r) => (kept.has(r.key) ? r : { ...r, key: otherLabel })) };
}

/** Dense histogram bins 0..maxBin from sparse (bin, count) rows. */
export function fillBins<T extends { bin: number }>(rows: T[], maxBin: number, empty: (bin: number) => T): T[] {
  const byBin = new Map(rows.map((r) => [r.bin, r]));
  return Array.from({ length: maxBin + 1 }, (_, bin) => byBin.get(bin) ?? empty(bin));
}

export interface Gap {
  /** index of the event after the gap */
  index: number;
  ms: number;
}

/** Silences longer than minGapMs between consecutive (sorted) times: the timeline shows them. */
export function findGaps(times: number[], minGapMs: number): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < times.length; i++) {
    const ms = times[i] - times[i - 1];
    if (ms >= minGapMs) gaps.push({ index: i, ms });
  }
  return gaps;
}

const TICK_STEPS = [MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, 30 * MINUTE_MS, HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS, 7 * DAY_MS];

/** Round-valued time ticks inside [from, to], about `target` of them. */
export function timeTicks(from: number, to: number, target = 6): { step: number; ticks: number[] } {
  if (!(to > from)) return { step: MINUTE_MS, ticks: [from] };
  const ideal = (to - from) / Math.max(1, target);
  const step = TICK_STEPS.find((s) => s >= ideal) ?? Math.ceil(ideal / DAY_MS) * DAY_MS;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return { step, ticks };
}

/** "45 s", "12 min", "3 h 20 min", "2 d 4 h": the largest two units. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Tick labels: clock time for sub-day steps, the date otherwise (UTC, as the data is). */
export function formatTick(t: number, step: number): string {
  const iso = new Date(t).toISOString();
  return step < DAY_MS ? `${iso.slice(11, 16)}${t % DAY_MS === 0 ? ` ${iso.slice(5, 10)}` : ""}` : iso.slice(5, 10);
}
