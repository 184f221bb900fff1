// What the overview and the Models page both say about a model version's metrics, read from the
// one place: the trainer records its held-out next-action accuracy as `valTop1` (ml/model/version.ts
// fitModel); a continuous-learning update carries its parent's metrics forward (ml/update.ts).

/** Share of held-out next actions the model ranked first (0–1), or null when none was recorded. */
export function modelAccuracy(metrics: unknown): number | null {
  const m = (metrics ?? {}) as Record<string, unknown>;
  const value = m.valTop1;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** "84.9% top-1" or "—". */
export function formatAccuracy(metrics: unknown): string {
  const acc = modelAccuracy(metrics);
  return acc === null ? "—" : `${(acc * 100).toFixed(1)}% top-1`;
}

/** A cross-fitting fold model (lib/server/scoring/model-store.ts storeFoldModel): never promotable. */
export function isCrossFitFold(metrics: unknown): boolean {
  return ((metrics ?? {}) as Record<string, unknown>).crossFitFold === 1;
}
