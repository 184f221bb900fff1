// What the UI shows about a score (issue 6): expected top-k with probabilities, the actual action's
// probability and rank, surprising side features, profile facts and the principal's usual actions.
// Normal events keep an empty explanation: their probability and rank are columns, and full
// explanations for millions of routine events would dominate the table's size.
import type { ScoredEvent } from "@/ml/score";
import type { HistoryJson } from "@/ml/data/history";

const USUAL_ACTIONS = 8;

/** The principal's most recently used actions before the batch (its profile, recency order). */
export function usualActionsOf(history: HistoryJson, principalKey: string): string[] {
  const p = history.principals[principalKey];
  if (!p) return [];
  return [...p.actions].sort((a, b) => b[1] - a[1]).slice(0, USUAL_ACTIONS).map(([a]) => a);
}

export function explanationOf(s: ScoredEvent, threshold: number, modelVersionId: number, usualActions: string[]): Record<string, unknown> {
  return {
    modelVersionId,
    score: s.score,
    // The threshold this event was held to: a session at the principal's known addresses has its own (ml/calibrate.ts familiarThreshold).
    threshold: Number.isFinite(s.alertThreshold) ? s.alertThreshold : Number.isFinite(threshold) ? threshold : null,
    ...(s.isFamiliar && s.alertThreshold > threshold ? { familiarSession: true } : {}),
    actual: { action: s.action, probability: s.probability, rank: s.rank, isUnknownAction: s.isUnknownAction },
    expected: s.expected,
    surprising: s.surprising,
    facts: {
      newPrincipal: s.facts.isNewPrincipal,
      newForPrincipal: s.facts.isNewActionForPrincipal,
      // "First in the account" only where the account is learned (ml/score.ts ACCOUNT_SETTLE_MS, UNKNOWN_ACCOUNT).
      newForAccount: s.facts.isNewActionForAccount && s.isAccountKnown,
      newRegion: s.facts.isNewRegion,
      newIp: s.facts.isNewIp,
      newUserAgent: s.facts.isNewUserAgent,
    },
    usualActions,
    // Nats taken off because this principal's writes with this client usually surprise (ml/population.ts).
    ...(s.populationShift > 0 ? { populationShift: s.populationShift } : {}),
    // Alerted by a rule outside the model (alerting/logging-evasion.ts), whatever the score.
    ...(s.rule ? { rule: s.rule } : {}),
    // A burst from an unfamiliar address or client (ml/burst.ts): the events whose surprise added up.
    ...(s.burst ? { burst: {
      sourceIp: s.burst.sourceIp, userAgentFamily: s.burst.userAgentFamily, novelty: s.burst.novelty, evidence: s.burst.evidence, contributing: s.burst.contributing,
      events: s.burst.events.map((m) => ({ eventId: m.eventId, time: new Date(m.timeMs).toISOString(), action: m.action, score: m.score })),
    } } : {}),
  };
}
