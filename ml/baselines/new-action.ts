/**
 * Baseline 1 (Netflix cloudtrail-anomaly style, DOMAIN.md §4): alert when a principal performs an
 * action it has not performed in the last N days (default 90). For next-event accuracy it predicts
 * the principal's historically most frequent actions.
 */
import type { MlEvent } from "@/ml/types";
import { timeMs } from "@/ml/data/tokens";

const DAY_MS = 86_400_000;

export interface BaselineResult {
  alert: boolean;
  /** Rank of the actual action among the principal's actions by past frequency (Infinity if never seen). */
  rank: number;
  probability: number;
  expected: { action: string; p: number }[];
}

export class NewActionBaseline {
  private readonly seen = new Map<string, Map<string, { count: number; lastMs: number }>>();
  private readonly totals = new Map<string, number>();
  constructor(readonly lookbackDays = 90) {}

  observe(e: MlEvent): void {
    let m = this.seen.get(e.principalKey);
    if (!m) this.seen.set(e.principalKey, (m = new Map()));
    const s = m.get(e.action) ?? { count: 0, lastMs: 0 };
    m.set(e.action, { count: s.count + 1, lastMs: timeMs(e.eventTime) });
    this.totals.set(e.principalKey, (this.totals.get(e.principalKey) ?? 0) + 1);
  }

  /** Judges `e` against history before it (call `observe(e)` afterwards). */
  score(e: MlEvent, topK = 5): BaselineResult {
    const m = this.seen.get(e.principalKey);
    const total = this.totals.get(e.principalKey) ?? 0;
    const s = m?.get(e.action);
    const isNew = !s || timeMs(e.eventTime) - s.lastMs > this.lookbackDays * DAY_MS;
    const ranked = m ? [...m].sort((a, b) => b[1].count - a[1].count) : [];
    const idx = ranked.findIndex(([a]) => a === e.action);
    return {
      alert: isNew,
      rank: idx === -1 ? Infinity : idx + 1,
      probability: s && total ? s.count / total : 0,
      expected: ranked.slice(0, topK).map(([action, v]) => ({ action, p: v.count / total })),
    };
  }
}
