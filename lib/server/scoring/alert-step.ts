// Scored events above the calibrated threshold → alerts (issue 6). Accounts still learning are
// scored, not alerted; suppressed events are scored and kept, only not alerted (the rule's
// hit_count grows); the rest are grouped into new or open alerts on the scoring transaction.
import type pg from "pg";
import type { ScoredEvent } from "@/ml/score";
import { classifyAction, severityOf } from "@/lib/server/alerting/sensitivity";
import { findSuppression, type SuppressionRuleRow } from "@/lib/server/alerting/suppression";
import { isContextOnly } from "@/lib/server/alerting/on-behalf";
import { groupAnomalies, type AnomalousEvent } from "@/lib/server/alerting/group";
import { addSuppressionHits, listOpenAlertsForPrincipals, writeAlertChanges } from "@/lib/server/dal/alerts-write";
import type { ActiveModel } from "./model-cache";
import type { BatchRow } from "./batch-query";

export interface AlertOutcome {
  anomalous: number;
  created: number;
  /** Anomalous events that joined an alert (new or existing). */
  grouped: number;
  suppressed: number;
  learning: number;
  /** Read-only calls made on a principal's behalf (alerting/on-behalf.ts): scored, never alerted. */
  contextOnly: number;
}

export async function alertAnomalies(db: pg.PoolClient, model: ActiveModel, scored: ScoredEvent[], explanations: Record<string, unknown>[], rows: Map<string, BatchRow>): Promise<AlertOutcome> {
  const out: AlertOutcome = { anomalous: 0, created: 0, grouped: 0, suppressed: 0, learning: 0, contextOnly: 0 };
  const flagged = scored.map((s, i) => ({ s, explanation: explanations[i] })).filter((x) => x.s.alert);
  out.anomalous = flagged.length;
  if (flagged.length === 0) return out;
  const { rows: rules } = await db.query<SuppressionRuleRow>(
    `SELECT id, account_id, principal_key, action FROM suppression_rules WHERE enabled AND (expires_at IS NULL OR expires_at > now()) ORDER BY id`,
  );
  const hits = new Map<number, number>();
  const anomalies: AnomalousEvent[] = [];
  for (const { s, explanation } of flagged) {
    const row = rows.get(s.eventId);
    if (!row) continue;
    if (row.is_learning) {
      out.learning++;
      continue;
    }
    if (isContextOnly({ principalKey: row.principal_key, readOnly: row.read_only, invokedBy: row.invoked_by, userAgent: row.user_agent })) {
      out.contextOnly++;
      continue;
    }
    const rule = findSuppression(rules, { accountId: row.account_id, principalKey: row.principal_key, action: row.action });
    if (rule) {
      hits.set(rule.id, (hits.get(rule.id) ?? 0) + 1);
      out.suppressed++;
      continue;
    }
    const { category, sensitivity } = classifyAction(row.action);
    const severity = severityOf({
      score: s.score, threshold: model.threshold, sensitivity, isUnknownAction: s.isUnknownAction,
      isNewActionForAccount: s.facts.isNewActionForAccount && s.isAccountKnown, isNewIpOrRegion: s.facts.isNewIp || s.facts.isNewRegion,
    });
    const related = s.burst?.events.filter((m) => m.eventId !== s.eventId).map((m) => ({ eventId: m.eventId, eventTime: new Date(m.timeMs) }));
    anomalies.push({ eventId: s.eventId, accountId: row.account_id, principalId: row.principal_id, principalName: row.principal_name, action: row.action,
      outcome: row.outcome, errorCode: row.error_code, mfaUsed: row.mfa_used, eventTime: row.event_time, score: s.score, severity, category, explanation: { ...explanation, category, sensitivity }, ...(related?.length ? { related } : {}) });
  }
  await addSuppressionHits(db, hits);
  if (anomalies.length === 0) return out;
  const earliest = new Date(Math.min(...anomalies.map((a) => a.eventTime.getTime())));
  const open = await listOpenAlertsForPrincipals(db, [...new Set(anomalies.map((a) => a.principalId))], earliest);
  const changes = groupAnomalies(anomalies, open);
  out.created = await writeAlertChanges(db, changes, model.id);
  // A burst's earlier calls that did not alert alone joined its alert (group.ts `related`), from this
  // batch or an earlier one: their stored scores say so too, as markBurstMembers (ml/score.ts) marks
  // them for the eval, so every event in an alert is an anomalous score.
  // Each later event of a burst lists the earlier ones again: one id each.
  const members = new Set(anomalies.flatMap((a) => (a.related ?? []).map((m) => m.eventId)));
  if (members.size > 0) {
    await db.query(`UPDATE scores SET is_anomalous = true WHERE model_version_id = $1 AND event_id = ANY($2::bigint[]) AND NOT is_anomalous`, [model.id, [...members]]);
  }
  out.grouped = anomalies.length;
  return out;
}
