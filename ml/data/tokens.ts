/**
 * Event → feature ids. Each event becomes F = 8 small integers (0 = padding everywhere):
 *   0 action      action vocabulary; unseen actions → `<unk:service>` (or `<unk>`)
 *   1 outcome     "success" | "success:no-mfa" (a console sign-in without MFA) | "failure:<errorCode>"
 *                 (codes seen in training) | "failure"
 *   2 readOnly    1 true, 2 false, 3 unknown
 *   3 region      region vocabulary ("<none>" for null, `<unk>` for unseen)
 *   4 uaFamily    1..6
 *   5 ipNovelty   1 no IP, 2 same as previous event, 3 seen before for the principal, 4 new, 5 first event
 *   6 gap         1 first event; else 2 + ⌊log2(1 + seconds since the principal's previous event)⌋ (capped)
 *   7 hour        1 + UTC hour of day
 */
import type { MlEvent, UserAgentFamily } from "@/ml/types";
import { Vocab, capacityFor, unknownServiceToken, UNK, type VocabJson } from "@/ml/data/vocab";

export const FEATURES = ["action", "outcome", "readOnly", "region", "uaFamily", "ipNovelty", "gap", "hour"] as const;
export const F = FEATURES.length;
export const SIDE_HEADS = ["outcome", "region", "uaFamily", "ipNovelty"] as const;
export type SideHead = (typeof SIDE_HEADS)[number];
/** Index in FEATURES of each side head's label. */
export const SIDE_HEAD_FEATURE: Record<SideHead, number> = { outcome: 1, region: 3, uaFamily: 4, ipNovelty: 5 };

export const UA_FAMILIES: UserAgentFamily[] = ["console", "cli", "sdk", "terraform", "service", "other"];
export const IP_NOVELTY = ["<pad>", "none", "same", "seen", "new", "first"] as const;
const GAP_BUCKETS = 25;

export interface FeatureSpecJson {
  window: number;
  actions: VocabJson;
  outcomes: VocabJson;
  regions: VocabJson;
}

/** Vocabularies and window: everything needed to turn events into model input. */
export class FeatureSpec {
  readonly actions: Vocab;
  readonly outcomes: Vocab;
  readonly regions: Vocab;
  constructor(readonly json: FeatureSpecJson) {
    this.actions = new Vocab(json.actions);
    this.outcomes = new Vocab(json.outcomes);
    this.regions = new Vocab(json.regions);
  }
  get window(): number {
    return this.json.window;
  }
  /** Number of classes of each feature (model input/output sizes). */
  get sizes(): number[] {
    return [this.actions.capacity, this.outcomes.capacity, 4, this.regions.capacity, 7, IP_NOVELTY.length, GAP_BUCKETS + 2, 25];
  }
  toJSON(): FeatureSpecJson {
    return { window: this.json.window, actions: this.actions.toJSON(), outcomes: this.outcomes.toJSON(), regions: this.regions.toJSON() };
  }
}

/**
 * A sign-in without MFA is its own outcome: in the vocabulary even when training never saw one, so
 * for a principal that always signs in with MFA the model learns it as improbable rather than
 * folding it into "success". Models saved before it existed read it as "success" (encodeEvent).
 */
export const NO_MFA_SUCCESS = "success:no-mfa";

function outcomeToken(e: Pick<MlEvent, "outcome" | "errorCode" | "mfaUsed">): string {
  if (e.outcome === "success") return e.mfaUsed === false ? NO_MFA_SUCCESS : "success";
  return e.errorCode ? `failure:${e.errorCode}` : "failure";
}

/** Builds vocabularies from training events in one pass (actions of every service, regions, error codes). */
export async function buildFeatureSpec(events: Iterable<MlEvent> | AsyncIterable<MlEvent>, window = 10): Promise<FeatureSpec> {
  const actions = new Map<string, number>();
  const services = new Set<string>();
  const codes = new Map<string, number>();
  const regions = new Set<string>();
  for await (const e of events) {
    actions.set(e.action, (actions.get(e.action) ?? 0) + 1);
    services.add(e.service);
    if (e.outcome === "failure" && e.errorCode) codes.set(e.errorCode, (codes.get(e.errorCode) ?? 0) + 1);
    regions.add(e.region ?? "<none>");
  }
  // Most frequent first so ids are stable across runs on the same data.
  const sortedActions = [...actions].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([a]) => a);
  const unk = [...services].sort().map(unknownServiceToken);
  const actionTokens = [...unk, ...sortedActions];
  const outcomeTokens = ["success", "failure", NO_MFA_SUCCESS, ...[...codes].filter(([, n]) => n >= 2).map(([c]) => `failure:${c}`).sort()];
  const regionTokens = ["<none>", ...[...regions].filter((r) => r !== "<none>").sort()];
  return new FeatureSpec({
    window,
    actions: Vocab.create(actionTokens, capacityFor(actionTokens.length + 2)).toJSON(),
    outcomes: Vocab.create(outcomeTokens, capacityFor(outcomeTokens.length + 2)).toJSON(),
    regions: Vocab.create(regionTokens, capacityFor(regionTokens.length + 2)).toJSON(),
  });
}

/** Action id; an unseen action maps to its service's `<unk:service>` token, else `<unk>`. */
export function actionId(spec: FeatureSpec, action: string, service: string): number {
  return spec.actions.get(action) ?? spec.actions.get(unknownServiceToken(service)) ?? UNK;
}

export function gapBucket(seconds: number | null): number {
  if (seconds === null) return 1;
  return 2 + Math.min(GAP_BUCKETS - 1, Math.floor(Math.log2(1 + Math.max(0, seconds))));
}

export function timeMs(t: Date | number): number {
  return typeof t === "number" ? t : t.getTime();
}

/** What the principal's history says about the event before it is recorded (see data/history.ts). */
export interface EventContextFacts {
  previousTimeMs: number | null;
  ipNovelty: number;
}

/** Writes the F feature ids of `e` into `out` at `offset`. */
export function encodeEvent(spec: FeatureSpec, e: MlEvent, facts: EventContextFacts, out: Int32Array, offset = 0): void {
  const t = timeMs(e.eventTime);
  out[offset] = actionId(spec, e.action, e.service);
  const outcome = outcomeToken(e);
  out[offset + 1] = spec.outcomes.get(outcome) ?? spec.outcomes.lookup(e.outcome === "success" ? "success" : "failure");
  out[offset + 2] = e.readOnly === true ? 1 : e.readOnly === false ? 2 : 3;
  out[offset + 3] = spec.regions.lookup(e.region ?? "<none>");
  out[offset + 4] = 1 + Math.max(0, UA_FAMILIES.indexOf(e.userAgentFamily) === -1 ? 5 : UA_FAMILIES.indexOf(e.userAgentFamily));
  out[offset + 5] = facts.ipNovelty;
  out[offset + 6] = gapBucket(facts.previousTimeMs === null ? null : (t - facts.previousTimeMs) / 1000);
  out[offset + 7] = 1 + (Math.floor(t / 3_600_000) % 24); // UTC hour without allocating a Date
}
