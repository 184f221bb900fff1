/**
 * Per-principal and per-account history the scorer maintains while events stream by in time
 * order: the model context (last `window` encoded events) and the profile facts shown as evidence.
 * Maps are bounded (oldest entries evicted) so a noisy principal cannot grow state without limit.
 */
import { UNKNOWN_ACCOUNT, type MlEvent } from "@/ml/types";
import { F, IP_NOVELTY, timeMs, type EventContextFacts } from "@/ml/data/tokens";
import type { BurstState } from "@/ml/burst";

const MAX_ENTRIES = 512;
const DAY_MS = 86_400_000;

export interface PrincipalState {
  accountId: string;
  count: number;
  lastTimeMs: number | null;
  lastIp: string | null;
  /** Last `window` encoded events, oldest first, F ids each; left-padded with zeros (id 0 = padding). */
  context: Int32Array;
  /** key → last seen (epoch ms) */
  actions: Map<string, number>;
  /** action → times performed (the online per-principal frequency model mixed into scores, score.ts) */
  actionCounts: Map<string, number>;
  /** log w_counts / w_net: how much better the counts expert explained this principal (ml/mixture.ts) */
  countsAdvantage: number;
  regions: Map<string, number>;
  ips: Map<string, number>;
  userAgents: Map<string, number>;
  /** Sessions seen by the burst detector (events after a pause, ml/burst.ts), and those that began at a new address. */
  sessions?: number;
  newAddressSessions?: number;
  /** When the current session last brought an address new to the principal, or began its history (ml/burst.ts trackSession). */
  unfamiliarAtMs?: number;
  /** The current burst from an unfamiliar address or client (ml/burst.ts); absent when none. */
  burst?: BurstState;
}

export interface ProfileFacts {
  isNewPrincipal: boolean;
  /** The principal did not perform this action in the lookback (default 90 days). */
  isNewActionForPrincipal: boolean;
  /** Nobody in the account performed this action before. */
  isNewActionForAccount: boolean;
  isNewRegion: boolean;
  isNewIp: boolean;
  isNewUserAgent: boolean;
}

function touch(map: Map<string, number>, key: string | null, t: number): void {
  if (key === null) return;
  const isNew = !map.has(key);
  map.set(key, t);
  // Evict by last-seen time, a quarter at a time: amortised O(1) instead of a delete + re-insert
  // on every event to keep insertion order = recency order (that was the scorer's top JS cost).
  if (isNew && map.size > MAX_ENTRIES) {
    const keep = [...map].sort((a, b) => b[1] - a[1]).slice(0, Math.floor(MAX_ENTRIES * 0.75));
    map.clear();
    for (const [k, v] of keep.reverse()) map.set(k, v);
  }
}

export class History {
  readonly principals = new Map<string, PrincipalState>();
  /** accountId → action → first seen (epoch ms) */
  readonly accounts = new Map<string, Map<string, number>>();
  /** accountId → its first event (epoch ms); derived from `accounts` when loaded. */
  private readonly accountSince = new Map<string, number>();

  constructor(readonly window: number, readonly lookbackDays = 90) {}

  principal(e: Pick<MlEvent, "principalKey" | "accountId">): PrincipalState | undefined {
    return this.principals.get(e.principalKey);
  }

  /**
   * Whether `accountId` had events for at least `settleMs` before `t`. In the first hours of an
   * account's history everything is new to it (every principal, every action): that says nothing.
   * Records that name no account (UNKNOWN_ACCOUNT) may come from any number of accounts, so theirs
   * never settles: "first in the account" would claim what the records do not say.
   */
  isAccountSettled(accountId: string, t: number, settleMs: number): boolean {
    if (accountId === UNKNOWN_ACCOUNT) return false;
    const since = this.accountSince.get(accountId);
    return since !== undefined && t - since >= settleMs;
  }

  /** Facts about `e` relative to history before it (call before `observe`). */
  facts(e: MlEvent): ProfileFacts & EventContextFacts {
    const p = this.principals.get(e.principalKey);
    const t = timeMs(e.eventTime);
    const lastAction = p?.actions.get(e.action);
    const ipNovelty = !p ? IP_NOVELTY.indexOf("first") : e.sourceIp === null ? IP_NOVELTY.indexOf("none")
      : e.sourceIp === p.lastIp ? IP_NOVELTY.indexOf("same") : p.ips.has(e.sourceIp) ? IP_NOVELTY.indexOf("seen") : IP_NOVELTY.indexOf("new");
    return {
      previousTimeMs: p?.lastTimeMs ?? null,
      ipNovelty,
      isNewPrincipal: !p,
      isNewActionForPrincipal: lastAction === undefined || t - lastAction > this.lookbackDays * DAY_MS,
      isNewActionForAccount: !(this.accounts.get(e.accountId)?.has(e.action) ?? false),
      isNewRegion: !!p && e.region !== null && !p.regions.has(e.region),
      isNewIp: !!p && e.sourceIp !== null && !p.ips.has(e.sourceIp),
      isNewUserAgent: !!p && e.userAgent !== null && !p.userAgents.has(e.userAgent),
    };
  }

  /** Records `e` (encoded as F ids at `encoded[offset..]`) as the principal's latest event. */
  observe(e: MlEvent, encoded: Int32Array, offset = 0): void {
    const t = timeMs(e.eventTime);
    let p = this.principals.get(e.principalKey);
    if (!p) {
      p = { accountId: e.accountId, count: 0, lastTimeMs: null, lastIp: null, context: new Int32Array(this.window * F), actions: new Map(), actionCounts: new Map(), countsAdvantage: 0, regions: new Map(), ips: new Map(), userAgents: new Map() };
      this.principals.set(e.principalKey, p);
    }
    p.count++;
    p.lastTimeMs = t;
    p.lastIp = e.sourceIp;
    const ctx = p.context;
    ctx.copyWithin(0, F); // shift one event out in place (a memmove): no per-event allocation
    for (let j = 0; j < F; j++) ctx[ctx.length - F + j] = encoded[offset + j];
    touch(p.actions, e.action, t);
    touch(p.regions, e.region, t);
    touch(p.ips, e.sourceIp, t);
    touch(p.userAgents, e.userAgent, t);
    let account = this.accounts.get(e.accountId);
    if (!account) {
      this.accounts.set(e.accountId, (account = new Map()));
      this.accountSince.set(e.accountId, t);
    }
    if (!account.has(e.action)) account.set(e.action, t);
  }

  /**
   * Counts `e` in its principal's action frequencies (after `observe`). Separate from `observe`
   * because a scoring batch reads the counts after the model ran, the contexts before.
   */
  countAction(e: Pick<MlEvent, "principalKey" | "action">): void {
    const counts = this.principals.get(e.principalKey)?.actionCounts;
    if (!counts) return;
    counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
    if (counts.size > MAX_ENTRIES) counts.delete(counts.keys().next().value as string);
  }

  /** Writes the principal's context as [window, F] ids into `out` (left-padded with zeros). */
  writeContext(principalKey: string, out: Int32Array, offset: number): void {
    const ctx = this.principals.get(principalKey)?.context;
    if (ctx) out.set(ctx, offset);
    else out.fill(0, offset, offset + this.window * F);
  }

  toJSON(): HistoryJson {
    const principals: HistoryJson["principals"] = {};
    for (const [k, p] of this.principals) {
      principals[k] = { ...p, context: Array.from(p.context), actions: [...p.actions], actionCounts: [...p.actionCounts], regions: [...p.regions], ips: [...p.ips], userAgents: [...p.userAgents] };
    }
    const accounts: HistoryJson["accounts"] = {};
    for (const [k, a] of this.accounts) accounts[k] = [...a];
    return { window: this.window, lookbackDays: this.lookbackDays, principals, accounts };
  }

  static fromJSON(json: HistoryJson): History {
    const h = new History(json.window, json.lookbackDays);
    for (const [k, p] of Object.entries(json.principals)) {
      // actionCounts is absent from state saved before the frequency mixture: start counting afresh.
      h.principals.set(k, { ...p, context: padContext(p.context, json.window), actions: new Map(p.actions), actionCounts: new Map(p.actionCounts ?? []), countsAdvantage: p.countsAdvantage ?? 0, regions: new Map(p.regions), ips: new Map(p.ips), userAgents: new Map(p.userAgents) });
    }
    for (const [k, a] of Object.entries(json.accounts)) {
      h.accounts.set(k, new Map(a));
      h.accountSince.set(k, a.reduce((min, [, t]) => Math.min(min, t), Infinity));
    }
    return h;
  }
}

/** Saved contexts may be shorter than the window (older states kept only real events): left-pad. */
function padContext(saved: number[], window: number): Int32Array {
  const ctx = new Int32Array(window * F);
  const kept = saved.slice(-ctx.length);
  ctx.set(kept, ctx.length - kept.length);
  return ctx;
}

type Entries = [string, number][];
export interface HistoryJson {
  window: number;
  lookbackDays: number;
  principals: Record<string, Omit<PrincipalState, "actions" | "context" | "actionCounts" | "countsAdvantage" | "regions" | "ips" | "userAgents"> & { context: number[]; actions: Entries; actionCounts?: Entries; countsAdvantage?: number; regions: Entries; ips: Entries; userAgents: Entries }>;
  accounts: Record<string, Entries>;
}
