/**
 * A principal's action counts (History.actionCounts, keyed by action string for persistence) as
 * vocabulary ids, kept in step by the scorer so each scored event reads them without one string
 * lookup per counted action (that loop was the scorer's largest JS cost for varied principals).
 */
import type { PrincipalState } from "@/ml/data/history";
import type { FeatureSpec } from "@/ml/data/tokens";

export interface CountEntry {
  /** vocabulary ids and their counts */
  ids: number[];
  counts: number[];
  /** counts of actions outside the vocabulary */
  extras: number[];
  /** the service of each of those (serviceOfAction), for unknownInService */
  extraServices: string[];
  /** action → index into ids (≥ 0) or −1 − index into extras */
  slot: Map<string, number>;
  total: number;
}

export class CountIndex {
  private readonly cache = new WeakMap<PrincipalState, CountEntry>();
  constructor(private readonly spec: FeatureSpec) {}

  /** The principal's counts; rebuilt from History when unknown or invalidated. */
  get(p: PrincipalState): CountEntry {
    const cached = this.cache.get(p);
    if (cached) return cached;
    const entry: CountEntry = { ids: [], counts: [], extras: [], extraServices: [], slot: new Map(), total: 0 };
    for (const [action, c] of p.actionCounts) this.append(entry, action, c);
    this.cache.set(p, entry);
    return entry;
  }

  /** Call right after History.countAction(e) for the same principal. */
  add(p: PrincipalState, action: string): void {
    const entry = this.cache.get(p);
    if (!entry) return;
    const at = entry.slot.get(action);
    if (at === undefined) this.append(entry, action, 1);
    else if (at >= 0) entry.counts[at]++;
    else entry.extras[-1 - at]++;
    if (at !== undefined) entry.total++;
    // History evicted an entry (bounded maps): rebuild on next read.
    if (entry.slot.size !== p.actionCounts.size) this.cache.delete(p);
  }

  /** Counts changed outside the scorer's scoring path (Scorer.observe). */
  forget(p: PrincipalState): void {
    this.cache.delete(p);
  }

  private append(entry: CountEntry, action: string, c: number): void {
    const id = this.spec.actions.get(action);
    if (id === undefined) {
      entry.slot.set(action, -1 - entry.extras.length);
      entry.extras.push(c);
      entry.extraServices.push(serviceOfAction(action));
    } else {
      entry.slot.set(action, entry.ids.length);
      entry.ids.push(id);
      entry.counts.push(c);
    }
    entry.total += c;
  }
}

/** The service part of an action: "sts.amazonaws.com" of "sts.amazonaws.com:AssumeRole", "MICROSOFT.KEYVAULT" of "MICROSOFT.KEYVAULT/VAULTS/DELETE". */
export function serviceOfAction(action: string): string {
  const at = action.search(/[:/]/);
  return at < 0 ? action : action.slice(0, at);
}

/**
 * Times the principal called any action of `action`'s service that is outside the vocabulary. The
 * network predicts every such action as one token, its service's unknown token (ml/data/tokens.ts
 * actionId), so that is what the counts expert counts for them (ml/score.ts).
 */
export function unknownInService(entry: CountEntry, action: string): number {
  const service = serviceOfAction(action);
  let n = 0;
  for (let i = 0; i < entry.extras.length; i++) if (entry.extraServices[i] === service) n += entry.extras[i];
  return n;
}
