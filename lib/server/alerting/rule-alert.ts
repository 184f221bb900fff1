// The one way a rule outside the model raises an alert on a scored event (logging-evasion.ts,
// mfa-downgrade.ts): the event alerts whatever its score and carries the rule's name into its
// explanation, which the alert page turns into a sentence (lib/shared/explanation.ts RULE_TEXT).

export interface RuleTarget {
  alert: boolean;
  rule?: string;
}

/** Marks the events `matches` picks with `rule` (mutates); returns how many were not alerting yet. */
export function markRuleAlerts<T extends RuleTarget>(scored: T[], rule: string, matches: (s: T) => boolean): number {
  let added = 0;
  for (const s of scored) {
    if (!matches(s)) continue;
    s.rule = rule;
    if (!s.alert) {
      s.alert = true;
      added++;
    }
  }
  return added;
}
