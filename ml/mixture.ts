/**
 * The network mixed with an online per-principal frequency model (issue 4: on real console
 * sessions the frequency ranking alone beat the 10-event network, which sees no further back).
 * Two experts per principal:
 *   net:    p_net(a | context)
 *   counts: (κ · p_net(a) + c_a) / (κ + n)   Dirichlet posterior with the network as prior
 *           (c_a = times the principal did a, n = its events so far)
 * mixed by Bayesian model averaging with per-principal weights w ∝ exp(log-likelihood so far),
 * so each principal ends up with whichever explains it better: periodic automation with the
 * network (counts cannot predict a cycle), an exploring console user with its own counts. The
 * log weight ratio is clamped (±CLAMP_NATS) so a principal that changes habits can switch back.
 * Both experts are linear in p_net and c, so p(a) = netWeight · p_net(a) + countWeight · c_a.
 */

export const CLAMP_NATS = 8;

/** Weights of p_net and of c in the mixture for a principal with n events and log w_counts/w_net = r. */
export function mixtureWeights(kappa: number, total: number, r: number): { netWeight: number; countWeight: number } {
  if (!Number.isFinite(kappa) || total === 0) return { netWeight: 1, countWeight: 0 };
  const wCounts = 1 / (1 + Math.exp(-r));
  const inv = 1 / (kappa + total);
  return { netWeight: 1 - wCounts + wCounts * kappa * inv, countWeight: wCounts * inv };
}

/** The principal's new log weight ratio after an event the net gave pNet and the counts expert pCounts. */
export function updateAdvantage(r: number, pNet: number, pCounts: number): number {
  const next = r + Math.log(Math.max(1e-30, pCounts)) - Math.log(Math.max(1e-30, pNet));
  return Math.max(-CLAMP_NATS, Math.min(CLAMP_NATS, next));
}

/**
 * Candidate κ values (Infinity = the network alone). Few on purpose: each costs one scoring pass
 * over the validation slice.
 */
export const PSEUDO_COUNT_GRID = [1, 8, 64, Infinity];

export interface PseudoCountTrial {
  pseudoCount: number;
  /** next-action top-1 on the validation slice */
  top1: number;
  /** mean log p of the actual action (nats) */
  logLikelihood: number;
}

/**
 * Picks κ by validation top-1, ties (within 0.2 pt) broken by log-likelihood. Top-1 and not
 * likelihood alone: the validation slice continues principals the network already saw, which
 * flatters the network; on new principals the likelihood optimum gave away ~1 pt of top-1.
 */
export function pickPseudoCount(trials: PseudoCountTrial[]): PseudoCountTrial {
  const bestTop1 = Math.max(...trials.map((t) => t.top1));
  const near = trials.filter((t) => t.top1 >= bestTop1 - 0.002);
  return near.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
}

/** Reusable per-row output of `mixRow` (no allocation per event in the scoring hot path). */
export interface RowResult {
  rank: number;
  /** p_net of the actual action (floored for unseen actions). */
  pNet: number;
  /** the counts expert's probability of the actual action */
  pCounts: number;
  /** mixture probability of the actual action */
  p: number;
  /** number of valid entries in `topIds` */
  topCount: number;
  topIds: Int32Array;
  topP: Float64Array;
}

export function createRowResult(k: number): RowResult {
  return { rank: 0, pNet: 0, pCounts: 0, p: 0, topCount: 0, topIds: new Int32Array(k), topP: new Float64Array(k) };
}

export interface RowInput {
  /** action logits of the event, [A] */
  logits: Float32Array;
  /** vocabulary id of the actual action (its `<unk…>` token when unseen) */
  actual: number;
  isUnknown: boolean;
  /** p_net of an unseen action is at most 1 / unseenFloor (never seen in N training events). */
  unseenFloor: number;
  kappa: number;
  /** log w_counts / w_net of the principal (updateAdvantage) */
  advantage: number;
  /** principal's counts: vocabulary ids and counts, then counts of actions outside the vocabulary */
  ids: ArrayLike<number>;
  counts: ArrayLike<number>;
  idCount: number;
  extraCounts: ArrayLike<number>;
  extraCount: number;
  actualCount: number;
  total: number;
}

/**
 * Mixture, rank of the actual action (1 = most expected, over the vocabulary plus the principal's
 * out-of-vocabulary actions) and top-k, in two dense scans. Hot path of scoring. Scan 1 finds the
 * softmax normaliser online (running maximum, sum rescaled when it moves) and the top-k of the
 * uncounted actions by raw logit; scan 2 only counts logits above the actual's probability mapped
 * back to logit space. The principal's counted actions are handled sparsely.
 * `scratch` is a caller-owned Uint8Array of at least A entries, all zero (left zero on return).
 */
export function mixRow(x: RowInput, scratch: Uint8Array, out: RowResult): RowResult {
  const row = x.logits;
  const A = row.length;
  for (let i = 0; i < x.idCount; i++) scratch[x.ids[i]] = 1;
  const k = out.topIds.length;
  const topP = out.topP;
  const topIds = out.topIds;
  // Scan 1. topP holds logits until converted below.
  let max = -Infinity;
  let z = 0;
  let filled = 0;
  for (let j = 0; j < A; j++) {
    const v = row[j];
    if (v > max) {
      z = max - v > -SKIP_NATS ? z * expNonPositive(max - v) + 1 : 1;
      max = v;
    } else if (v > max - SKIP_NATS) z += expNonPositive(v - max);
    if ((filled < k || v > topP[filled - 1]) && scratch[j] === 0) filled = insertTop(topIds, topP, filled, j, v);
  }
  const lse = max + Math.log(z);
  const rawNet = Math.exp(row[x.actual] - lse);
  out.pNet = x.isUnknown ? Math.min(rawNet, 1 / x.unseenFloor) : rawNet;
  const isMixed = Number.isFinite(x.kappa) && x.total > 0;
  out.pCounts = isMixed ? (x.kappa * out.pNet + x.actualCount) / (x.kappa + x.total) : out.pNet;
  const { netWeight, countWeight } = mixtureWeights(x.kappa, x.total, x.advantage);
  const p = (out.p = netWeight * out.pNet + x.actualCount * countWeight);
  // netWeight · exp(v − lse) > p  ⟺  v > threshold; the epsilon keeps an exact tie (an unseen
  // action's own uncapped `<unk>` slot) from outranking it through rounding.
  const threshold = lse + Math.log(p / netWeight) + 1e-9;
  // Scan 2: every logit above the threshold, then take back the counted actions and the actual itself.
  let above = 0;
  for (let j = 0; j < A; j++) if (row[j] > threshold) above++;
  const ignored = x.isUnknown ? -1 : x.actual;
  if (ignored >= 0 && scratch[ignored] === 0 && row[ignored] > threshold) above--;
  let rank = 1 + above;
  for (let i = 0; i < filled; i++) topP[i] = netWeight * Math.exp(topP[i] - lse);
  // Sparse part: the principal's counted actions.
  for (let i = 0; i < x.idCount; i++) {
    const id = x.ids[i];
    scratch[id] = 0;
    if (row[id] > threshold) rank--;
    const pm = netWeight * Math.exp(row[id] - lse) + x.counts[i] * countWeight;
    if (pm > p * (1 + 1e-9) && id !== ignored) rank++;
    if (filled < k || pm > topP[filled - 1]) filled = insertTop(topIds, topP, filled, id, pm);
  }
  for (let i = 0; i < x.extraCount; i++) if (x.extraCounts[i] * countWeight > p * (1 + 1e-9)) rank++;
  out.topCount = filled;
  out.rank = rank;
  return out;
}

/** Entries this far below the row maximum are skipped in the softmax sum (< e^-30 each). */
const SKIP_NATS = 30;
const POW2_NEG = Float64Array.from({ length: 48 }, (_, i) => 2 ** -i);
/** 2^(−j/64), j = 0…63 */
const POW2_NEG_64THS = Float64Array.from({ length: 64 }, (_, j) => 2 ** (-j / 64));
const STEPS_PER_NAT = 64 * Math.LOG2E;
const NATS_PER_STEP = Math.LN2 / 64;

/**
 * e^x for x in [−SKIP_NATS, 0], relative error < 1e-9: e^x = 2^(−m/64) · e^(−t) with m whole
 * 64ths of a binary octave (two table lookups) and t < ln 2 / 64 (a cubic). Math.exp (~50 ns on a
 * loaded core) over every entry of every row was the scorer's largest JS cost.
 */
function expNonPositive(x: number): number {
  const y = -x * STEPS_PER_NAT;
  const m = Math.floor(y);
  const t = (y - m) * NATS_PER_STEP;
  return POW2_NEG[m >> 6] * POW2_NEG_64THS[m & 63] * (1 - t * (1 - t * (0.5 - t * (1 / 6))));
}

/** log softmax(row)[at]: log p of one class from a row of logits (the side heads are 4–40 wide). */
export function logProbAt(row: ArrayLike<number>, at: number): number {
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) if (row[j] > max) max = row[j];
  let z = 0;
  for (let j = 0; j < row.length; j++) if (row[j] > max - SKIP_NATS) z += expNonPositive(row[j] - max);
  return row[at] - max - Math.log(z);
}

/** Inserts (id, v) into the descending top list of capacity ids.length; returns the new fill. */
function insertTop(ids: Int32Array, vs: Float64Array, filled: number, id: number, v: number): number {
  const k = ids.length;
  let at = filled < k ? filled++ : k - 1;
  while (at > 0 && vs[at - 1] < v) {
    vs[at] = vs[at - 1];
    ids[at] = ids[at - 1];
    at--;
  }
  vs[at] = v;
  ids[at] = id;
  return filled;
}
