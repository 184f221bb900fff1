// Suppression rules (saved filters with scope and expiry): matched events are still scored and
// kept, only not alerted, and the rule's hit_count grows (issue 6).
export interface SuppressionRuleRow {
  id: number;
  account_id: string | null;
  principal_key: string | null;
  action: string | null;
}

export interface SuppressionSubject {
  accountId: string;
  principalKey: string;
  action: string;
}

/** Exact match, or a prefix match when the rule's action ends with "*". */
function isActionMatch(rule: string, action: string): boolean {
  return rule.endsWith("*") ? action.startsWith(rule.slice(0, -1)) : rule === action;
}

/** The first rule that matches; a rule with every field null matches nothing (the schema requires one). */
export function findSuppression(rules: SuppressionRuleRow[], s: SuppressionSubject): SuppressionRuleRow | null {
  for (const r of rules) {
    if (r.account_id === null && r.principal_key === null && r.action === null) continue;
    if (r.account_id !== null && r.account_id !== s.accountId) continue;
    if (r.principal_key !== null && r.principal_key !== s.principalKey) continue;
    if (r.action !== null && !isActionMatch(r.action, s.action)) continue;
    return r;
  }
  return null;
}
