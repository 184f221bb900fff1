// Alert writes of the scoring pipeline. They run on the scoring transaction's connection, under
// the shard lock that owns the principals, so an alert and its links commit together with the
// scores that caused them: after a crash they are either all there or all redone (never doubled).
import type pg from "pg";
import { groupingKeyOf, REPEAT_WINDOW_MS, type AlertChange, type OpenAlert } from "@/lib/server/alerting/group";
import type { TSeverity } from "@/lib/server/alerting/sensitivity";
import { attackOfActions } from "@/lib/server/alerting/attack";
import { alertTitle } from "@/lib/server/alerting/title";
import { queueAlertNotifications } from "@/lib/server/notifications/outbox";

export async function listOpenAlertsForPrincipals(db: pg.PoolClient, principalIds: string[], since: Date): Promise<OpenAlert[]> {
  if (principalIds.length === 0) return [];
  const { rows } = await db.query<{ id: number; account_id: string; principal_id: string; action: string; first_event_at: Date; last_event_at: Date; score: number; severity: TSeverity }>(
    `SELECT id, account_id, principal_id::text, action, first_event_at, last_event_at, score, severity::text AS severity
       FROM alerts WHERE principal_id = ANY($1::bigint[]) AND status <> 'closed' AND last_event_at >= $2
      ORDER BY last_event_at DESC`,
    [principalIds, new Date(since.getTime() - REPEAT_WINDOW_MS)],
  );
  return rows.map((r) => ({ id: r.id, accountId: r.account_id, principalId: r.principal_id, action: r.action, firstEventAt: r.first_event_at, lastEventAt: r.last_event_at, score: r.score, severity: r.severity }));
}

function titleOf(c: AlertChange): string {
  const e = c.first ?? c.top;
  return alertTitle({ action: e.action, principalName: e.principalName, outcome: e.outcome, errorCode: e.errorCode, mfaUsed: e.mfaUsed,
    explanation: e.explanation, otherActions: c.actions.size - 1 });
}

/** Inserts new alerts, grows existing ones, links their events. Returns the number of new alerts. */
export async function writeAlertChanges(db: pg.PoolClient, changes: AlertChange[], modelVersionId: number): Promise<number> {
  let created = 0;
  for (const c of changes) {
    const a = c.alert;
    const attack = attackOfActions(c.actions);
    let id = a.id;
    if (id === null) {
      const e = c.first ?? c.top;
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO alerts (account_id, principal_id, action, grouping_key, title, category, severity, score, event_count,
                             first_event_at, last_event_at, first_event_id, model_version_id, explanation, attack_tactics, attack_techniques, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::"Severity", $8, $9, $10, $11, $12, $13, $14, $15, $16, now()) RETURNING id`,
        [a.accountId, a.principalId, a.action, groupingKeyOf(a.principalId, a.action), titleOf(c), e.category, a.severity, a.score,
          c.eventIds.length, a.firstEventAt, a.lastEventAt, e.eventId, modelVersionId, JSON.stringify(e.explanation), attack.tactics, attack.techniques],
      );
      id = rows[0].id;
      a.id = id;
      created++;
      await linkEvents(db, id, c.eventIds);
      await queueAlertNotifications(db, id, a.severity);
    } else {
      // Burst members may already be linked (an earlier event of the burst alerted): count new links only.
      const linked = await linkEvents(db, id, c.eventIds);
      // The explanation follows the highest-scoring event seen so far.
      await db.query(
        `UPDATE alerts SET event_count = event_count + $2, first_event_at = LEAST(first_event_at, $3), last_event_at = GREATEST(last_event_at, $4),
                explanation = CASE WHEN $5 > score THEN $6::jsonb ELSE explanation END,
                score = GREATEST(score, $5), severity = $7::"Severity", updated_at = now(),
                attack_tactics = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(attack_tactics, '{}') || $8::text[]) x ORDER BY 1),
                attack_techniques = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(attack_techniques, '{}') || $9::text[]) x ORDER BY 1)
          WHERE id = $1`,
        [id, linked, a.firstEventAt, a.lastEventAt, c.top.score, JSON.stringify(c.top.explanation), a.severity, attack.tactics, attack.techniques],
      );
    }
  }
  return created;
}

/** Links events to an alert; returns how many links are new. */
async function linkEvents(db: pg.PoolClient, alertId: number, eventIds: string[]): Promise<number> {
  const r = await db.query(`INSERT INTO alert_events (alert_id, event_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, [alertId, eventIds]);
  return r.rowCount ?? 0;
}

export async function addSuppressionHits(db: pg.PoolClient, hits: Map<number, number>): Promise<void> {
  if (hits.size === 0) return;
  await db.query(`UPDATE suppression_rules r SET hit_count = r.hit_count + h.n FROM unnest($1::int[], $2::int[]) AS h(id, n) WHERE r.id = h.id`, [[...hits.keys()], [...hits.values()]]);
}
