/**
 * Which model scores an event under cross-fitting (ml/cross-fit.ts). The first model of an account
 * is trained on its backfill, so it must not judge the backfill itself: each principal's events
 * are split at a time, the active version trained on the later part and a fold model on the
 * earlier part. An event at or after its principal's split and within the training range was
 * trained on by the active version, so the fold model scores it; every other event (earlier
 * events, later ones, principals outside the training set) was never seen by the active version.
 */
import type { MlEvent } from "@/ml/types";
import type { ModelVersion } from "@/ml/model/version";
import { timeMs } from "@/ml/data/tokens";

export interface CrossFitSplit {
  /** Per principal key: epoch ms from which its events trained the active version. */
  splits: Record<string, number>;
  /** End of the training range (epoch ms). */
  toMs: number;
}

export interface CrossFitRoute extends CrossFitSplit {
  /** The fold model (trained on each principal's events before its split). */
  version: ModelVersion;
}

export function usesSibling(route: CrossFitSplit, e: Pick<MlEvent, "principalKey" | "eventTime">): boolean {
  const split = route.splits[e.principalKey];
  if (split === undefined) return false;
  const t = timeMs(e.eventTime);
  return t >= split && t <= route.toMs;
}
