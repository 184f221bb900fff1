// The notification outbox (issue 17): the alert writer calls this in the scoring transaction, so
// a delivery row exists exactly when its alert does (a rolled-back batch notifies nobody, a
// redone one not twice: one row per channel and alert). The worker's dispatcher sends them.
import type pg from "pg";

/** Queues the new alert for every enabled channel whose minimum severity it reaches. */
export async function queueAlertNotifications(db: pg.PoolClient, alertId: number, severity: string): Promise<void> {
  await db.query(
    `INSERT INTO notification_deliveries (channel_id, alert_id)
     SELECT c.id, $1 FROM notification_channels c WHERE c.enabled AND $2::"Severity" >= c.min_severity
     ON CONFLICT (channel_id, alert_id) DO NOTHING`,
    [alertId, severity],
  );
}
