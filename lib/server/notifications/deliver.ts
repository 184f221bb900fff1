// Sends one delivery (issue 17): loads the alert and the channel, builds the channel's payload,
// signs it, POSTs it with a timeout, and records the attempt. A failed attempt throws so pg-boss
// retries it with backoff, until MAX_ATTEMPTS, after which the delivery is marked failed for good.
import type pg from "pg";
import { decryptJson } from "@/lib/server/crypto";
import { buildPayload, type AlertForNotification, type TNotificationFormat } from "./payload";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from "./sign";

/** pg-boss's retryLimit for the notify queue (registry.ts) plus the first attempt. */
export const MAX_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;

export interface ChannelSecrets {
  url: string;
  secret: string;
}

interface Row {
  status: string;
  attempts: number;
  format: TNotificationFormat;
  encrypted_config: string;
  link_base: string | null;
  alert: AlertForNotification & { firstEventAt: string; lastEventAt: string };
}

export type DeliveryResult = "delivered" | "retry" | "failed" | "skipped";

export async function deliverNotification(pool: pg.Pool, deliveryId: string, opts: { fetch?: typeof fetch; key?: Buffer } = {}): Promise<DeliveryResult> {
  const { rows } = await pool.query<Row>(
    `SELECT d.status::text AS status, d.attempts, c.format::text AS format, c.encrypted_config, c.link_base,
            json_build_object('id', a.id, 'title', a.title, 'severity', a.severity, 'status', a.status, 'score', a.score, 'action', a.action,
              'category', a.category, 'eventCount', a.event_count, 'firstEventAt', a.first_event_at, 'lastEventAt', a.last_event_at,
              'principal', json_build_object('name', p.display_name, 'key', p.key), 'account', json_build_object('name', ac.display_name, 'provider', ac.provider),
              'attackTactics', coalesce(a.attack_tactics, '{}'), 'attackTechniques', coalesce(a.attack_techniques, '{}')) AS alert
       FROM notification_deliveries d JOIN notification_channels c ON c.id = d.channel_id JOIN alerts a ON a.id = d.alert_id
       JOIN principals p ON p.id = a.principal_id JOIN cloud_accounts ac ON ac.id = a.account_id
      WHERE d.id = $1`,
    [deliveryId],
  );
  const row = rows[0];
  if (!row || row.status !== "pending") return "skipped";
  const alert = { ...row.alert, firstEventAt: new Date(row.alert.firstEventAt), lastEventAt: new Date(row.alert.lastEventAt) };
  let responseStatus: number | null = null;
  let error: string | null = null;
  try {
    const { url, secret } = decryptJson<ChannelSecrets>(row.encrypted_config, opts.key);
    const body = JSON.stringify(buildPayload(row.format, alert, deliveryId, row.link_base));
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await (opts.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Trailwatch-Webhook/1", [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signBody(secret, timestamp, body), [DELIVERY_HEADER]: deliveryId },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    responseStatus = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) error = `receiver answered HTTP ${res.status}`;
  } catch (e) {
    // Only the error's class of cause, never the URL (it can carry a token) or the secret.
    error = describeFailure(e);
  }
  const attempts = row.attempts + 1;
  const result: DeliveryResult = error === null ? "delivered" : attempts >= MAX_ATTEMPTS ? "failed" : "retry";
  await pool.query(
    `UPDATE notification_deliveries SET attempts = $2, response_status = $3, error = $4, last_attempt_at = now(),
            status = $5::"DeliveryStatus", delivered_at = CASE WHEN $5 = 'delivered' THEN now() ELSE delivered_at END WHERE id = $1`,
    [deliveryId, attempts, responseStatus, error, result === "retry" ? "pending" : result],
  );
  return result;
}

function describeFailure(e: unknown): string {
  const err = e as { name?: string; cause?: { code?: string } };
  if (err?.name === "TimeoutError") return `no answer within ${TIMEOUT_MS / 1000} s`;
  if (err?.cause?.code) return `connection failed (${err.cause.code})`;
  if (err?.name === "SecretKeyError") return "the channel's settings cannot be decrypted with the current key";
  return "request failed";
}
