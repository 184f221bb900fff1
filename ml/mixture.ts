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
 * out-of-vocabulary actions) and top-k, in one dense scan. Hot path of scoring: the scan compares
 * raw logits with the actual's probability mapped back to logit space (exp only for the softmax
 * normaliser, and only near the maximum); the principal's counted actions are handled sparsely.
 * `scratch` is a caller-owned Uint8Array of at least A entries, all zero (left zero on return).
 */
export function mixRow(x: RowInput, scratch: Uint8Array, out: RowResult): RowResult {
  const row = x.logits;
  const A = row.length;
  const lse = logSumExp(row);
  const rawNet = Math.exp(row[x.actual] - lse);
  out.pNet = x.isUnknown ? Math.min(rawNet, 1 / x.unseenFloor) : rawNet;
  const isMixed = Number.isFinite(x.kappa) && x.total > 0;
  out.pCounts = isMixed ? (x.kappa * out.pNet + x.actualCount) / (x.kappa + x.total) : out.pNet;
  const { netWeight, countWeight } = mixtureWeights(x.kappa, x.total, x.advantage);
  const p = (out.p = netWeight * out.pNet + x.actualCount * countWeight);
  // netWeight · exp(v − lse) > p  ⟺  v > threshold; the epsilon keeps an exact tie (an unseen
  // action's own uncapped `<unk>` slot) from outranking it through rounding.
  const threshold = lse + Math.log(p / netWeight) + 1e-9;
  const ignored = x.isUnknown ? -1 : x.actual;
  for (let i = 0; i < x.idCount; i++) scratch[x.ids[i]] = 1;
  const k = out.topIds.length;
  const topP = out.topP;
  const topIds = out.topIds;
  let filled = 0;
  let rank = 1;
  // Dense part: uncounted actions, ordered by logit (topP holds logits until converted below).
  for (let j = 0; j < A; j++) {
    if (scratch[j] === 1) continue;
    const v = row[j];
    if (v > threshold && j !== ignored) rank++;
    if (filled < k || v > topP[filled - 1]) filled = insertTop(topIds, topP, filled, j, v);
  }
  for (let i = 0; i < filled; i++) topP[i] = netWeight * Math.exp(topP[i] - lse);
  // Sparse part: the principal's counted actions.
  for (let i = 0; i < x.idCount; i++) {
    const id = x.ids[i];
    scratch[id] = 0;
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

/**
 * e^x for x in [−SKIP_NATS, 0], relative error < 2e-6: 2^−i from a table times a degree-7 Taylor
 * polynomial of e^−t, t < ln 2. Math.exp (~50 ns on a loaded core) over every entry of every row
 * was the scorer's largest JS cost; this only feeds the softmax normaliser, where 2e-6 relative is
 * 2e-6 nats of score.
 */
function expNonPositive(x: number): number {
  const y = -x * Math.LOG2E;
  const i = Math.floor(y);
  const t = (i - y) * Math.LN2; // e^t with t in (−ln 2, 0]
  const p = 1 + t * (1 + t * (1 / 2 + t * (1 / 6 + t * (1 / 24 + t * (1 / 120 + t * (1 / 720 + t / 5040))))));
  return POW2_NEG[i] * p;
}

/**
 * log Σ exp(row), in JS: on wasm `tf.logSumExp` over [n, A] cost more than this loop (measured:
 * predict alone 25k rows/s, predict + logSumExp 18k rows/s).
 */
export function logSumExp(row: ArrayLike<number>): number {
  let max = -Infinity;
  for (let j = 0; j < row.length; j++) if (row[j] > max) max = row[j];
  const floor = max - SKIP_NATS;
  let z = 0;
  for (let j = 0; j < row.length; j++) if (row[j] > floor) z += expNonPositive(row[j] - max);
  return max + Math.log(z);
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
