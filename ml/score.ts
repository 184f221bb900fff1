/**
 * Streaming scorer. Feed events in time order; each is scored against its principal's context,
 * then becomes part of it. Model calls are batched (one predict per MAX_BATCH events) inside
 * tf.tidy and read back with a single download, so no tensor outlives a call.
 *
 * score (nats) = −log p(action | context, principal's counts) + Σ_h w_h · −log p(side_h | context, action)
 *              (over the side values that can say something about misuse: isScoredSide)
 *              + ACCOUNT_NOVELTY_NATS when nobody in an already-known account did the action before
 *              − the population shift of the principal's writes with this client (ml/population.ts).
 * Nats are comparable across principals: the same number means the same improbability. An event
 * alerts at the version's threshold, or in a session at the principal's known addresses at the
 * familiar sessions' own (ml/calibrate.ts familiarThreshold, ml/burst.ts trackSession).
 * p(action) mixes the network with the principal's own action frequencies (ml/mixture.ts).
 */
import * as tf from "@tensorflow/tfjs";
import type { MlEvent } from "@/ml/types";
import { F, IP_NOVELTY, SIDE_HEADS, UA_FAMILIES, encodeEvent, timeMs, type EventContextFacts, type SideHead } from "@/ml/data/tokens";
import { History, type HistoryJson, type ProfileFacts } from "@/ml/data/history";
import { allocateChunk, batchArrays } from "@/ml/data/windows";
import { inputTensors } from "@/ml/model/tensors";
import { SIDE_FEATURES } from "@/ml/train";
import type { ModelVersion } from "@/ml/model/version";
import { CountIndex, unknownInService, type CountEntry } from "@/ml/data/count-index";
import { createRowResult, logProbAt, mixRow, updateAdvantage, type RowInput } from "@/ml/mixture";
import { accumulateBurst, isSessionUnfamiliar, trackSession, type BurstAlert } from "@/ml/burst";
import { usesSibling, type CrossFitRoute } from "@/ml/cross-fit-route";
import { populationShift } from "@/ml/population";

export const SIDE_SCORE_WEIGHT: Record<SideHead, number> = { outcome: 1, region: 0.5, uaFamily: 0.5, ipNovelty: 0.25 };

/**
 * Side values that say nothing about misuse however unlikely they are, so their surprise is not
 * scored (nor listed as unusual): an address or a region the principal has used before (only a
 * new one, or a principal's first event, is novel), and failures of the operational kind:
 * throttling, a missing resource or configuration, invalid input, a conflict. The console's
 * GetBucketObjectLockConfiguration fails with ObjectLockConfigurationNotFoundError for every bucket
 * without object lock, and a busy workload is throttled now and then. BadRequestException,
 * InvalidInputException and InvalidRequestException are a request the service finds malformed or
 * wrong for the account's state, the class of ValidationException: GuardDuty answers the console's
 * DescribeOrganizationConfiguration and UpdateMalwareScanSettings with the first in an account that
 * is not its organisation's administrator, Security Hub the console's GetControlFindingSummary with
 * the second (real console sessions in prisma/seed/datasets; no attack detonation there fails so,
 * and the outcome head put 20–37 nats on them in eval-e2e daily seed 5). Denials (AccessDenied,
 * UnauthorizedOperation, AuthorizationFailed, …), unknown codes and a failure without a code still
 * count. Measured in ml/MODEL-CHOICE.md.
 */
const OPERATIONAL_ERROR = /throttl|requestlimitexceeded|toomanyrequests|slowdown|notfound|nosuch|doesnotexist|^validation|^badrequest|^invalidinput|^invalidrequest|invalidparameter|missingparameter|conflict|conditionalcheckfailed|resourceinuse|alreadyexists/i;

export function isOperationalFailure(outcomeToken: string): boolean {
  return outcomeToken.startsWith("failure:") && OPERATIONAL_ERROR.test(outcomeToken.slice("failure:".length));
}

/** Surprise added for an action new to a learned account (a fresh identity using a stolen key). */
export const ACCOUNT_NOVELTY_NATS = 3;
/**
 * An account is learned (its novelties count) once its history spans this long. In the first day
 * of a backfill every principal and action is new to the account: eval-e2e seed 2 raised 5 of its
 * 26 false alert groups in the first hours ("seen for the first time", "first … in the account").
 */
export const ACCOUNT_SETTLE_MS = 86_400_000;
/** A side feature below this probability is listed as surprising. */
export const SURPRISING_P = 0.05;
const LOG_SURPRISING_P = Math.log(SURPRISING_P);
const MAX_BATCH = 2048;
const EMPTY_COUNTS: CountEntry = { ids: [], counts: [], extras: [], extraServices: [], slot: new Map(), total: 0 };

export interface ScoredEvent {
  eventId: string;
  principalKey: string;
  action: string;
  score: number;
  /** p(actual action | context) */
  probability: number;
  /** p(actual action | context) under the network alone */
  modelProbability: number;
  /** Times the principal did this action before, out of `principalEvents`. */
  principalCount: number;
  principalEvents: number;
  /** 1 = the most expected action */
  rank: number;
  expected: { action: string; p: number }[];
  surprising: { feature: SideHead; value: string; probability: number }[];
  isUnknownAction: boolean;
  facts: ProfileFacts;
  /** score ≥ threshold, or the event completed (or continues) a burst that crossed it (burst.ts). */
  alert: boolean;
  /** Set when the event alerts as part of a burst: the burst's events so far and its evidence. */
  burst?: BurstAlert;
  /** Scored by the cross-fitting fold model (its own version trained on it). */
  isCrossFitted: boolean;
  /** The event's account had events for a day before it (ACCOUNT_SETTLE_MS: its novelty facts are about a learned account). */
  isAccountKnown: boolean;
  /** Nats subtracted because this principal's writes with this client are usually this surprising (ml/population.ts); 0 for most events. */
  populationShift: number;
  /** Set by a rule outside the model that alerted the event (lib/server/alerting: logging-evasion, mfa-downgrade). */
  rule?: string;
  /** Made in a session at the principal's known addresses (ml/burst.ts trackSession): held to `alertThreshold`. */
  isFamiliar: boolean;
  /** The threshold this event's score was compared with: the version's, or its familiar-session threshold (ml/calibrate.ts familiarThreshold). */
  alertThreshold: number;
}

export interface ScorerOptions {
  topK?: number;
  threshold?: number;
  /** κ of the frequency mixture; default the version's tuned value; Infinity = the network alone. */
  pseudoCount?: number;
  /**
   * Cross-fitting (ml/cross-fit.ts): the events the scorer's own version trained on are scored by
   * the fold model that did not. Both share one feature spec, so one history serves both.
   */
  crossFit?: CrossFitRoute;
  /** Accumulate surprise over bursts from an unfamiliar address and client (burst.ts). Default true. */
  bursts?: boolean;
}

/** Logits of every head for the batch: one predict, one download per head (no tensor outlives it). */
async function predictLogits(model: tf.LayersModel, b: ReturnType<typeof batchArrays>, window: number): Promise<Float32Array[]> {
  const logitsT = tf.tidy(() => model.predict(inputTensors(b, window), { batchSize: b.n }) as tf.Tensor2D[]);
  const out = (await Promise.all(logitsT.map((t) => t.data()))) as Float32Array[];
  tf.dispose(logitsT);
  return out;
}

function sideValue(v: ModelVersion, head: SideHead, id: number): string {
  if (head === "outcome") return v.spec.outcomes.tokens[id] ?? "<unk>";
  if (head === "region") return v.spec.regions.tokens[id] ?? "<unk>";
  if (head === "uaFamily") return UA_FAMILIES[id - 1] ?? "other";
  return IP_NOVELTY[id] ?? "<unk>";
}

export class Scorer {
  readonly history: History;
  private readonly counts: CountIndex;
  /** Per outcome id: true when its surprise is not scored (isOperationalFailure). */
  private readonly unscoredOutcome: boolean[];
  constructor(readonly version: ModelVersion, state?: HistoryJson, readonly options: ScorerOptions = {}) {
    this.history = state ? History.fromJSON(state) : new History(version.spec.window);
    this.counts = new CountIndex(version.spec);
    this.unscoredOutcome = version.spec.outcomes.tokens.map((t) => isOperationalFailure(t));
  }

  private isScoredSide(head: SideHead, id: number, facts: ProfileFacts, isAccountKnown: boolean): boolean {
    if (head === "outcome") return !this.unscoredOutcome[id];
    // Where from: only a value new to the principal (or its first event in a learned account) is novel.
    if (head === "ipNovelty") return facts.isNewIp || (facts.isNewPrincipal && isAccountKnown);
    if (head === "region") return facts.isNewRegion || (facts.isNewPrincipal && isAccountKnown);
    return true;
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
      this.history.countAction(e);
      const p = this.history.principals.get(e.principalKey);
      if (p) this.counts.forget(p);
    }
  }

  async score(e: MlEvent): Promise<ScoredEvent> {
    return (await this.scoreBatch([e]))[0];
  }

  /** Scores time-ordered events; later events see earlier ones (same batch included) as context. */
  async scoreBatch(events: MlEvent[]): Promise<ScoredEvent[]> {
    const out: ScoredEvent[] = [];
    for (let from = 0; from < events.length; from += MAX_BATCH) {
      for (const s of await this.scoreChunk(events.slice(from, from + MAX_BATCH))) out.push(s);
    }
    return out;
  }

  private async scoreChunk(events: MlEvent[]): Promise<ScoredEvent[]> {
    const { spec, model } = this.version;
    const L = spec.window;
    const k = this.options.topK ?? 5;
    const chunk = allocateChunk(events.length, L);
    const facts: (ProfileFacts & EventContextFacts)[] = [];
    const isAccountKnown: boolean[] = [];
    for (const e of events) {
      const i = chunk.n++;
      const f = this.history.facts(e);
      facts.push(f);
      isAccountKnown.push(this.history.isAccountSettled(e.accountId, timeMs(e.eventTime), ACCOUNT_SETTLE_MS));
      encodeEvent(spec, e, f, chunk.target, i * F);
      this.history.writeContext(e.principalKey, chunk.context, i * L * F);
      this.history.observe(e, chunk.target, i * F);
    }
    const b = batchArrays(chunk, spec, 0, chunk.n, SIDE_FEATURES);
    const A = spec.actions.capacity;
    // Ids at and above the vocabulary's size are reserved room for actions learnt later: no action
    // has them yet, so they are neither expected nor part of the softmax.
    const V = spec.actions.size;
    const H = SIDE_HEADS.length;
    // One download per head: logits only. Softmax, rank and top-k of the action, and log p of the
    // actual side features, are JS passes per row (mixture.ts): on wasm, `logSoftmax`, `oneHot`,
    // broadcasting `greater` and `topk` over [n, C] cost several times more than the scans.
    const [lp, ...sideLogits] = await predictLogits(model, b, L);
    // Cross-fitting: rows the own version trained on take the fold model's logits (same shapes).
    const route = this.options.crossFit;
    const isSibling = route ? events.map((e) => usesSibling(route, e)) : [];
    const sibling = isSibling.some(Boolean) ? await predictLogits(route!.version.model, b, L) : null;
    const sideWidth = sideLogits.map((l) => l.length / Math.max(1, b.n));
    const unseenFloor = Math.max(A, this.version.trainingRange?.events ?? 0);
    const threshold = this.options.threshold ?? this.version.calibration?.threshold ?? Infinity;
    const familiarThreshold = Math.max(threshold, this.version.calibration?.familiarThreshold ?? threshold);
    const kappa = this.options.pseudoCount ?? this.version.calibration?.pseudoCount ?? Infinity;
    const scratch = new Uint8Array(A);
    const res = createRowResult(k);
    const input: RowInput = { logits: lp, actual: 0, isUnknown: false, unseenFloor, kappa, advantage: 0, ids: [], counts: [], idCount: 0, extraCounts: [], extraCount: 0, actualCount: 0, total: 0 };
    const out: ScoredEvent[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      // Counts as they were before this event (the context was taken before the model ran).
      const principal = this.history.principals.get(e.principalKey);
      const entry = principal ? this.counts.get(principal) : EMPTY_COUNTS;
      const slot = entry.slot.get(e.action);
      const actualCount = slot === undefined ? 0 : slot >= 0 ? entry.counts[slot] : entry.extras[-1 - slot];
      const isUnknownAction = !spec.actions.has(e.action);
      // An action outside the vocabulary is one token to the network, its service's unknown token,
      // and the counts expert counts that token: the principal's earlier calls of any unknown action
      // of the service. A person's first CloudShell session had 10 such calls within minutes, each
      // as surprising as the first (ml/MODEL-CHOICE.md, "Three changes for the daily runs' false events").
      const tokenCount = isUnknownAction ? unknownInService(entry, e.action) : actualCount;
      const logits = sibling && isSibling[i] ? sibling : null;
      input.logits = (logits ? logits[0] : lp).subarray(i * A, i * A + V);
      input.actual = b.targetAction[i];
      input.isUnknown = isUnknownAction;
      input.ids = entry.ids;
      input.counts = entry.counts;
      input.idCount = entry.ids.length;
      input.extraCounts = entry.extras;
      input.extraCount = entry.extras.length;
      input.actualCount = tokenCount;
      input.total = entry.total;
      input.advantage = principal?.countsAdvantage ?? 0;
      mixRow(input, scratch, res);
      if (principal && input.total > 0 && Number.isFinite(kappa)) principal.countsAdvantage = updateAdvantage(principal.countsAdvantage, res.pNet, res.pCounts);
      this.history.countAction(e);
      if (principal) this.counts.add(principal, e.action);
      let score = -Math.log(res.p);
      const surprising: ScoredEvent["surprising"] = [];
      for (let h = 0; h < H; h++) {
        const C = sideWidth[h];
        if (!this.isScoredSide(SIDE_HEADS[h], b.labels[h][i], facts[i], isAccountKnown[i])) continue;
        const lps = logProbAt((logits ? logits[h + 1] : sideLogits[h]).subarray(i * C, (i + 1) * C), b.labels[h][i]);
        score += SIDE_SCORE_WEIGHT[SIDE_HEADS[h]] * -lps;
        if (lps < LOG_SURPRISING_P) surprising.push({ feature: SIDE_HEADS[h], value: sideValue(this.version, SIDE_HEADS[h], b.labels[h][i]), probability: Math.exp(lps) });
      }
      if (facts[i].isNewActionForAccount && isAccountKnown[i]) score += ACCOUNT_NOVELTY_NATS;
      const shift = populationShift(this.version.populations, e);
      score = Math.max(0, score - shift);
      // A call a service made on the principal's behalf (its address a service name, its client AWS's
      // back end) says nothing about who holds the key: it neither starts, joins nor ends a burst.
      // Sessions and their familiarity follow the principal's own calls (trackSession). A call made on
      // its behalf is in a stream of its own (lib/server/scoring/rows.ts sequenceKey) that no session
      // tracks: after the stream's first event it is held to the familiar sessions' threshold, the
      // higher one, whatever the owner's session is (reading the owner's flag instead is not measured yet).
      const t = timeMs(e.eventTime);
      const roaming = principal && !e.invokedBy ? trackSession(principal, facts[i], t, input.total, isAccountKnown[i]) : 0;
      const isFamiliar = principal !== undefined && !isSessionUnfamiliar(principal, t);
      const burst = this.options.bursts === false || !principal || e.invokedBy ? null : accumulateBurst(principal, e, facts[i], score, threshold, input.total, roaming);
      const expected = new Array<{ action: string; p: number }>(res.topCount);
      for (let j = 0; j < res.topCount; j++) expected[j] = { action: spec.actions.tokens[res.topIds[j]] ?? "<reserved>", p: res.topP[j] };
      out[i] = {
        eventId: e.eventId,
        principalKey: e.principalKey,
        action: e.action,
        score,
        probability: res.p,
        modelProbability: res.pNet,
        principalCount: actualCount,
        principalEvents: input.total,
        rank: isUnknownAction && actualCount === 0 ? Math.max(res.rank, spec.actions.size) : res.rank,
        expected,
        surprising,
        isUnknownAction,
        facts: facts[i],
        alert: score >= (isFamiliar ? familiarThreshold : threshold) || burst !== null,
        // Always both fields (one object shape in the hot loop; a spread here cost throughput).
        burst: burst ?? undefined,
        isCrossFitted: logits !== null,
        isAccountKnown: isAccountKnown[i],
        populationShift: shift,
        isFamiliar,
        alertThreshold: isFamiliar ? familiarThreshold : threshold,
      };
    }
    return out;
  }
}

/**
 * Events of a burst that crossed the threshold alert with it, the ones before the crossing too
 * (ml/burst.ts): per-event results (the eval, `trailwatch eval --json`) mark them as the worker
 * links them to the burst's alert. Mutates and returns `scored`.
 */
export function markBurstMembers(scored: ScoredEvent[]): ScoredEvent[] {
  const members = new Set<string>();
  for (const s of scored) if (s.burst) for (const m of s.burst.events) members.add(m.eventId);
  if (members.size > 0) for (const s of scored) if (!s.alert && members.has(s.eventId)) s.alert = true;
  return scored;
}
