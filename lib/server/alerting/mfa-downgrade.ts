// A console sign-in without MFA by a principal that signed in with MFA before
// (issue 14, items 3 and 4): a one-call technique (a stolen password where MFA was removed or never
// enforced) that the model may not find surprising enough on its own, judged against the
// principal's own sign-ins. It alerts whatever the score. A principal that never used MFA is left
// to the model: its sign-ins without MFA are its habit, not news.
import type pg from "pg";
import { markRuleAlerts, type RuleTarget } from "./rule-alert";

export const CONSOLE_LOGIN = "signin.amazonaws.com:ConsoleLogin";

export interface SignInCandidate extends RuleTarget {
  eventId: string;
  action: string;
}

export interface SignInRow {
  mfa_used: boolean | null;
  outcome: string;
}

/**
 * Marks the successful sign-ins without MFA whose principal signed in with MFA before (mutates;
 * returns how many it added). One query per batch, and only when such a sign-in is in it.
 */
export async function applyMfaDowngradeRule(db: pg.PoolClient | pg.Pool, scored: SignInCandidate[], rows: Map<string, SignInRow>): Promise<number> {
  const candidates = scored.filter((s) => s.action === CONSOLE_LOGIN && rows.get(s.eventId)?.mfa_used === false && rows.get(s.eventId)?.outcome === "success");
  if (candidates.length === 0) return 0;
  const { rows: hits } = await db.query<{ id: string }>(
    `SELECT e.id::text AS id FROM events e
      WHERE e.id = ANY($1::bigint[])
        AND EXISTS (SELECT 1 FROM events p WHERE p.principal_id = e.principal_id AND p.action = e.action AND p.mfa_used AND p.event_time < e.event_time)`,
    [candidates.map((s) => s.eventId)],
  );
  return markDowngrades(candidates, new Set(hits.map((h) => h.id)));
}

function markDowngrades(scored: SignInCandidate[], downgraded: ReadonlySet<string>): number {
  return markRuleAlerts(scored, "mfa-downgrade", (s) => downgraded.has(s.eventId));
}

/**
 * The same rule over events in memory (the real-session leave-out, which runs outside the
 * database): `earlier` are the events the scorer saw before, `events` the scored ones in time order.
 */
export function applyMfaDowngradeInMemory(
  scored: SignInCandidate[],
  events: { eventId: string; principalKey: string; action: string; outcome: string; mfaUsed?: boolean | null }[],
  earlier: { principalKey: string; action: string; mfaUsed?: boolean | null }[],
): number {
  const withMfa = new Set(earlier.filter((e) => e.action === CONSOLE_LOGIN && e.mfaUsed === true).map((e) => e.principalKey));
  const downgraded = new Set<string>();
  for (const e of events) {
    if (e.action !== CONSOLE_LOGIN) continue;
    if (e.mfaUsed === true) withMfa.add(e.principalKey);
    else if (e.mfaUsed === false && e.outcome === "success" && withMfa.has(e.principalKey)) downgraded.add(e.eventId);
  }
  return markDowngrades(scored, downgraded);
}
