/**
 * Streaming scorer. Feed events in time order; each is scored against its principal's context,
 * then becomes part of it. Model calls are batched (one predict per MAX_BATCH events) inside
 * tf.tidy and read back with a single download, so no tensor outlives a call.
 *
 * score (nats) = −log p(action | context) + Σ_h w_h · −log p(side_h | context, action)
 *              + ACCOUNT_NOVELTY_NATS when nobody in an already-known account did the action before.
 * Nats are comparable across principals: the same number means the same improbability.
 */
import * as tf from "@tensorflow/tfjs";
import type { MlEvent } from "@/ml/types";
import { F, IP_NOVELTY, SIDE_HEADS, UA_FAMILIES, encodeEvent, type SideHead } from "@/ml/data/tokens";
import { History, type HistoryJson, type ProfileFacts } from "@/ml/data/history";
import { allocateChunk, batchArrays } from "@/ml/data/windows";
import { inputTensors } from "@/ml/model/tensors";
import { SIDE_FEATURES } from "@/ml/train";
import type { ModelVersion } from "@/ml/model/version";

export const SIDE_SCORE_WEIGHT: Record<SideHead, number> = { outcome: 1, region: 0.5, uaFamily: 0.5, ipNovelty: 0.25 };
/** Surprise added for an action new to a learned account (a fresh identity using a stolen key). */
export const ACCOUNT_NOVELTY_NATS = 3;
/** A side feature below this probability is listed as surprising. */
export const SURPRISING_P = 0.05;
const MAX_BATCH = 4096;

export interface ScoredEvent {
  eventId: string;
  principalKey: string;
  action: string;
  score: number;
  /** p(actual action | context) */
  probability: number;
  /** 1 = the most expected action */
  rank: number;
  expected: { action: string; p: number }[];
  surprising: { feature: SideHead; value: string; probability: number }[];
  isUnknownAction: boolean;
  facts: ProfileFacts;
  alert: boolean;
}

export interface ScorerOptions {
  topK?: number;
  threshold?: number;
}

function sideValue(v: ModelVersion, head: SideHead, id: number): string {
  if (head === "outcome") return v.spec.outcomes.tokens[id] ?? "<unk>";
  if (head === "region") return v.spec.regions.tokens[id] ?? "<unk>";
  if (head === "uaFamily") return UA_FAMILIES[id - 1] ?? "other";
  return IP_NOVELTY[id] ?? "<unk>";
}

/**
 * One pass over a row of logits: rank of `actual` (1 = highest), ids of the k highest, and
 * log Σ exp(row). Terms more than 30 nats below the max are skipped (< 1e-13 relative each).
 */
export function rankAndTop(row: Float32Array, actual: number, k: number): { rank: number; topIds: number[]; logSumExp: number } {
  const v = row[actual];
  let rank = 1;
  let max = -Infinity;
  const ids: number[] = [];
  for (let j = 0; j < row.length; j++) {
    const x = row[j];
    if (x > v) rank++;
    if (x > max) max = x;
    if (ids.length < k || x > row[ids[ids.length - 1]]) {
      let at = ids.length < k ? ids.length : k - 1;
      while (at > 0 && row[ids[at - 1]] < x) at--;
      ids.splice(at, 0, j);
      if (ids.length > k) ids.pop();
    }
  }
  let sum = 0;
  const floor = max - 30;
  for (let j = 0; j < row.length; j++) if (row[j] > floor) sum += Math.exp(row[j] - max);
  return { rank, topIds: ids, logSumExp: max + Math.log(sum) };
}

export class Scorer {
  readonly history: History;
  constructor(readonly version: ModelVersion, state?: HistoryJson, readonly options: ScorerOptions = {}) {
    this.history = state ? History.fromJSON(state) : new History(version.spec.window);
  }

  /** Per-principal context and profile state, JSON-able (the worker persists it). */
  toJSON(): HistoryJson {
    return this.history.toJSON();
  }

  /** Records events as history without scoring them (e.g. replaying the training period). */
  observe(events: Iterable<MlEvent>): void {
    const row = new Int32Array(F);
    for (const e of events) {
      encodeEvent(this.version.spec, e, this.history.facts(e), row);
      this.history.observe(e, row);
    }
  }

  async score(e: MlEvent): Promise<ScoredEvent> {
    return (await this.scoreBatch([e]))[0];
  }

  /** Scores time-ordered events; later events see earlier ones (same batch included) as context. */
  async scoreBatch(events: MlEvent[]): Promise<ScoredEvent[]> {
    const out: ScoredEvent[] = [];
    for (let from = 0; from < events.length; from += MAX_BATCH) out.push(...(await this.scoreChunk(events.slice(from, from + MAX_BATCH))));
    return out;
  }

  private async scoreChunk(events: MlEvent[]): Promise<ScoredEvent[]> {
    const { spec, model } = this.version;
    const L = spec.window;
    const k = this.options.topK ?? 5;
    const chunk = allocateChunk(events.length, L);
    const facts: ProfileFacts[] = [];
    const isAccountKnown: boolean[] = [];
    for (const e of events) {
      const i = chunk.n++;
      const f = this.history.facts(e);
      facts.push(f);
      isAccountKnown.push(this.history.accounts.has(e.accountId));
      encodeEvent(spec, e, f, chunk.target, i * F);
      this.history.writeContext(e.principalKey, chunk.context, i * L * F);
      this.history.observe(e, chunk.target, i * F);
    }
    const b = batchArrays(chunk, spec, 0, chunk.n, SIDE_FEATURES);
    const A = spec.actions.capacity;
    const H = SIDE_HEADS.length;
    // Two downloads: action logits [n, A] and log p of the actual side features [n, H]. Softmax,
    // rank and top-k of the action are one JS pass per row: on wasm, `logSoftmax`, broadcasting
    // `greater` and `topk` over [n, A] cost several times more than the scan.
    const [logitsT, sideT] = tf.tidy(() => {
      const logits = model.predict(inputTensors(b, L), { batchSize: b.n }) as tf.Tensor2D[];
      const side = SIDE_HEADS.map((_, h) => {
        const s = tf.logSoftmax(logits[h + 1]);
        return s.mul(tf.oneHot(tf.tensor1d(b.labels[h], "int32"), s.shape[1])).sum(1, true);
      });
      return [logits[0], tf.concat(side, 1)];
    });
    const [lp, sideLp] = (await Promise.all([logitsT.data(), sideT.data()])) as Float32Array[];
    tf.dispose([logitsT, sideT]);
    const unseenFloor = Math.max(A, this.version.trainingRange?.events ?? 0);
    const threshold = this.options.threshold ?? this.version.calibration?.threshold ?? Infinity;
    return events.map((e, i) => {
      const row = lp.subarray(i * A, (i + 1) * A);
      const { rank, topIds, logSumExp } = rankAndTop(row, b.targetAction[i], k);
      const isUnknownAction = !spec.actions.has(e.action);
      // An unseen action can never look normal: never seen in N training events means p < 1/N.
      const logP = isUnknownAction ? Math.min(row[b.targetAction[i]] - logSumExp, -Math.log(unseenFloor)) : row[b.targetAction[i]] - logSumExp;
      let score = -logP;
      const surprising: ScoredEvent["surprising"] = [];
      SIDE_HEADS.forEach((name, h) => {
        const lps = sideLp[i * H + h];
        score += SIDE_SCORE_WEIGHT[name] * -lps;
        if (Math.exp(lps) < SURPRISING_P) surprising.push({ feature: name, value: sideValue(this.version, name, b.labels[h][i]), probability: Math.exp(lps) });
      });
      if (facts[i].isNewActionForAccount && isAccountKnown[i]) score += ACCOUNT_NOVELTY_NATS;
      const expected = topIds.map((id) => ({ action: spec.actions.tokens[id] ?? "<reserved>", p: Math.exp(row[id] - logSumExp) }));
      return {
        eventId: e.eventId,
        principalKey: e.principalKey,
        action: e.action,
        score,
        probability: Math.exp(logP),
        rank: isUnknownAction ? Math.max(rank, spec.actions.size) : rank,
        expected,
        surprising,
        isUnknownAction,
        facts: facts[i],
        alert: score >= threshold,
      };
    });
  }
}
