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
    const cols = 2 + 2 * k + SIDE_HEADS.length;
    // One [n, cols] download: actual log p, rank, top-k log p, top-k ids, side log p.
    const packed = tf.tidy(() => {
      const logits = model.predict(inputTensors(b, L)) as tf.Tensor2D[];
      const lp = tf.logSoftmax(logits[0]);
      const actual = lp.mul(tf.oneHot(tf.tensor1d(b.targetAction, "int32"), A)).sum(1, true);
      const rank = lp.greater(actual).cast("float32").sum(1, true).add(1);
      const top = tf.topk(lp, k);
      const side = SIDE_HEADS.map((_, h) => {
        const s = tf.logSoftmax(logits[h + 1]);
        return s.mul(tf.oneHot(tf.tensor1d(b.labels[h], "int32"), s.shape[1])).sum(1, true);
      });
      return tf.concat([actual, rank, top.values, top.indices.cast("float32"), ...side], 1);
    });
    const data = await packed.data();
    packed.dispose();
    const threshold = this.options.threshold ?? this.version.calibration?.threshold ?? Infinity;
    return events.map((e, i) => {
      const r = data.subarray(i * cols, (i + 1) * cols);
      const isUnknownAction = !spec.actions.has(e.action);
      // An unseen action can never look normal: at most as likely as one class in A.
      const logP = isUnknownAction ? Math.min(r[0], -Math.log(A)) : r[0];
      let score = -logP;
      const surprising: ScoredEvent["surprising"] = [];
      SIDE_HEADS.forEach((name, h) => {
        const lps = r[2 + 2 * k + h];
        score += SIDE_SCORE_WEIGHT[name] * -lps;
        if (Math.exp(lps) < SURPRISING_P) surprising.push({ feature: name, value: sideValue(this.version, name, b.labels[h][i]), probability: Math.exp(lps) });
      });
      if (facts[i].isNewActionForAccount && isAccountKnown[i]) score += ACCOUNT_NOVELTY_NATS;
      const expected = Array.from({ length: k }, (_, j) => ({ action: spec.actions.tokens[r[2 + k + j]] ?? "<reserved>", p: Math.exp(r[2 + j]) }));
      return {
        eventId: e.eventId,
        principalKey: e.principalKey,
        action: e.action,
        score,
        probability: Math.exp(logP),
        rank: isUnknownAction ? Math.max(r[1], spec.actions.size) : r[1],
        expected,
        surprising,
        isUnknownAction,
        facts: facts[i],
        alert: score >= threshold,
      };
    });
  }
}
