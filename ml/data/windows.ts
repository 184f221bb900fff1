/**
 * Windowing, separate from the model (STYLE.md): a time-ordered event stream becomes chunks of
 * (context, target) rows in typed arrays, one principal's context at a time, never all windows at once.
 */
import type { MlEvent, WindowChunk } from "@/ml/types";
import { F, encodeEvent, timeMs, type FeatureSpec } from "@/ml/data/tokens";
import { History } from "@/ml/data/history";

export interface WindowOptions {
  /** Rows per chunk; memory per chunk ≈ chunkSize · (window + 1) · F · 4 bytes. */
  chunkSize?: number;
  /** History to continue from (and update); default a fresh one. */
  history?: History;
  /** Sample weight of the window predicting `e` (continuous learning up-weights false positives). */
  weightOf?: (e: MlEvent) => number;
}

export function allocateChunk(rows: number, window: number): WindowChunk {
  return { n: 0, context: new Int32Array(rows * window * F), target: new Int32Array(rows * F), weight: new Float32Array(rows) };
}

/**
 * One window per event: context = the principal's previous `window` events (left-padded), target =
 * the event. `events` must be in time order (ties keep input order).
 */
export async function* windowChunks(events: Iterable<MlEvent> | AsyncIterable<MlEvent>, spec: FeatureSpec, options: WindowOptions = {}): AsyncGenerator<WindowChunk> {
  const size = options.chunkSize ?? 8192;
  const history = options.history ?? new History(spec.window);
  const L = spec.window;
  let chunk = allocateChunk(size, L);
  for await (const e of events) {
    const i = chunk.n++;
    encodeEvent(spec, e, history.facts(e), chunk.target, i * F);
    history.writeContext(e.principalKey, chunk.context, i * L * F);
    chunk.weight[i] = options.weightOf?.(e) ?? 1;
    history.observe(e, chunk.target, i * F);
    if (chunk.n === size) {
      yield chunk;
      chunk = allocateChunk(size, L);
    }
  }
  if (chunk.n > 0) yield chunk;
}

/** A re-iterable WindowSource over an in-memory event array (already time-ordered). */
export function windowSource(events: MlEvent[], spec: FeatureSpec, options: Omit<WindowOptions, "history"> = {}) {
  return () => windowChunks(events, spec, options);
}

/** Stable sort by event time. */
export function sortByTime<T extends Pick<MlEvent, "eventTime">>(events: T[]): T[] {
  return events.map((e, i) => [timeMs(e.eventTime), i, e] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}

/** Chronological split: the first (1 - fraction) of events by time, then the rest. Never random (DOMAIN.md §5). */
export function splitChronologically<T extends Pick<MlEvent, "eventTime">>(events: T[], fraction: number): [T[], T[]] {
  const sorted = sortByTime(events);
  const cut = Math.floor(sorted.length * (1 - fraction));
  return [sorted.slice(0, cut), sorted.slice(cut)];
}

/** Model input/label arrays for rows [from, to) of a chunk (layout documented in model/build.ts). */
export interface BatchArrays {
  n: number;
  ctxAction: Int32Array; // [n, L]
  ctxSide: Int32Array; // [n, L * SIDE_SLOTS], ids offset into the shared side table
  query: Int32Array; // [n, 2]: gap and hour of the target, offset into the side table
  targetAction: Int32Array; // [n]
  labels: Int32Array[]; // per SIDE_HEAD: [n]
  weight: Float32Array; // [n]
}

/** Side slots per context position: features 1..7 of FEATURES, then the position (1..L). */
export const SIDE_SLOTS = F;

export function sideOffsets(spec: FeatureSpec): { offsets: number[]; rows: number } {
  const sizes = [...spec.sizes.slice(1), spec.window + 1];
  const offsets: number[] = [];
  let rows = 0;
  for (const s of sizes) {
    offsets.push(rows);
    rows += s;
  }
  return { offsets, rows };
}

export function batchArrays(chunk: WindowChunk, spec: FeatureSpec, from: number, to: number, sideHeadFeatures: number[]): BatchArrays {
  const L = spec.window;
  const n = to - from;
  const { offsets } = sideOffsets(spec);
  const ctxAction = new Int32Array(n * L);
  const ctxSide = new Int32Array(n * L * SIDE_SLOTS);
  const query = new Int32Array(n * 2);
  const targetAction = new Int32Array(n);
  const labels = sideHeadFeatures.map(() => new Int32Array(n));
  for (let r = 0; r < n; r++) {
    const c = (from + r) * L * F;
    for (let p = 0; p < L; p++) {
      const base = c + p * F;
      ctxAction[r * L + p] = chunk.context[base];
      const s = (r * L + p) * SIDE_SLOTS;
      const isPad = chunk.context[base] === 0;
      for (let j = 1; j < F; j++) ctxSide[s + j - 1] = chunk.context[base + j] + offsets[j - 1];
      ctxSide[s + F - 1] = isPad ? offsets[F - 1] : offsets[F - 1] + p + 1;
    }
    const t = (from + r) * F;
    targetAction[r] = chunk.target[t];
    query[r * 2] = chunk.target[t + 6] + offsets[5];
    query[r * 2 + 1] = chunk.target[t + 7] + offsets[6];
    sideHeadFeatures.forEach((f, h) => (labels[h][r] = chunk.target[t + f]));
  }
  return { n, ctxAction, ctxSide, query, targetAction, labels, weight: chunk.weight.slice(from, to) };
}
