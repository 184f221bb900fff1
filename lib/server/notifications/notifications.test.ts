// Webhook notifications against a real PostgreSQL and a real HTTP receiver on 127.0.0.1: the alert
// writer's outbox honours each channel's minimum severity, the dispatcher queues each delivery
// once, a delivery is signed and retried until it lands or runs out of attempts, secrets never
// come back out, changes are audited, and key rotation carries the channels along.
import crypto from "node:crypto";
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { seedDashboard } from "@/test/fixtures/seed-dashboard";
import { startWebhookReceiver, type WebhookReceiver } from "@/test/helpers/webhook-receiver";
import type { AlertChange, AnomalousEvent } from "@/lib/server/alerting/group";
import { parseSecretKey } from "@/lib/server/crypto";
import { writeAlertChanges } from "@/lib/server/dal/alerts-write";
import { reencryptAllCredentials } from "@/lib/server/dal/accounts";
import type { AuditActor } from "@/lib/server/dal/audit";
import { createChannel, deleteChannel, listChannels, listDeliveries, updateChannel } from "@/lib/server/dal/notifications";
import { deliverNotification, MAX_ATTEMPTS } from "./deliver";
import { dispatchPendingDeliveries } from "./dispatch";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "./sign";

const KEY_HEX = crypto.randomBytes(32).toString("hex");
const SECRET = "whsec-test-0123456789abcdef";
const actor: AuditActor = { id: null, email: "admin@test", ip: "127.0.0.1", userAgent: "vitest" };
let db: TestDatabase;
let pool: pg.Pool;
let receiver: WebhookReceiver;
let principal: { id: string; account_id: string; name: string; event_ids: string[] };

beforeAll(async () => {
  process.env.TRAILWATCH_SECRET_KEY = KEY_HEX;
  db = await createTestDatabase();
  await seedDashboard(db.url, { events: 2000, alerts: 10, principalsPerAccount: 3 });
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  receiver = await startWebhookReceiver();
  principal = (await pool.query(`SELECT p.id::text, p.account_id::text, p.display_name AS name, (array_agg(e.id::text ORDER BY e.id))[1:10] AS event_ids
    FROM principals p JOIN events e ON e.principal_id = p.id GROUP BY p.id ORDER BY p.id LIMIT 1`)).rows[0];
});
afterAll(async () => {
  await receiver?.close();
  await pool?.end();
  await db?.drop();
});

let nextEvent = 0;
async function newAlert(severity: "low" | "medium" | "high" | "critical", action = "cloudtrail.amazonaws.com:StopLogging"): Promise<number> {
  const at = new Date(Date.UTC(2031, 0, 1 + nextEvent));
  const e: AnomalousEvent = { eventId: principal.event_ids[nextEvent++], accountId: principal.account_id, principalId: principal.id, principalName: principal.name, action, eventTime: at, score: 25, severity, category: "defense-evasion/logging", explanation: {} };
  const change: AlertChange = { alert: { id: null, accountId: e.accountId, principalId: e.principalId, action, firstEventAt: at, lastEventAt: at, score: 25, severity }, first: e, top: e, eventIds: [e.eventId], actions: new Set([action]) };
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await writeAlertChanges(client, [change], 1);
    await client.query("COMMIT");
  } finally {
    client.release();
  }
  return change.alert.id!;
}

const deliveriesOf = async (alertId: number) => (await pool.query<{ id: string; channel_id: number; status: string; attempts: number; error: string | null; response_status: number | null }>(
  `SELECT id::text, channel_id, status::text, attempts, error, response_status FROM notification_deliveries WHERE alert_id = $1 ORDER BY channel_id`, [alertId])).rows;

describe("webhook notifications", () => {
  let jsonChannel: number;
  let slackChannel: number;

  it("stores channels encrypted, never returns the URL or secret, and audits changes without them", async () => {
    jsonChannel = (await createChannel(db.prisma, actor, { name: "SOC receiver", url: receiver.url, secret: SECRET, format: "json", minSeverity: "high", enabled: true }, "https://tw.example.com")).id;
    slackChannel = (await createChannel(db.prisma, actor, { name: "Slack critical", url: `${receiver.url}/slack?token=xoxb-secret-token`, secret: SECRET, format: "slack", minSeverity: "critical", enabled: true }, null)).id;
    const stored = await pool.query<{ encrypted_config: string; url_hint: string }>(`SELECT encrypted_config, url_hint FROM notification_channels`);
    for (const r of stored.rows) {
      expect(r.encrypted_config).toMatch(/^v1:/);
      expect(r.encrypted_config).not.toContain(SECRET);
      expect(r.url_hint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…$/);
    }
    await updateChannel(db.prisma, actor, slackChannel, { secret: "a-replaced-secret-value", name: "Slack (critical)" });
    const listed = JSON.stringify(await listChannels(db.prisma));
    const audit = JSON.stringify(await db.prisma.auditLog.findMany({ where: { action: { startsWith: "notification." } }, orderBy: { id: "asc" }, select: { action: true, targetId: true, details: true } }));
    for (const text of [listed, audit]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("a-replaced-secret-value");
      expect(text).not.toContain("xoxb-secret-token");
      expect(text).not.toContain("/hook");
    }
    expect(JSON.parse(audit).map((a: { action: string }) => a.action)).toEqual(["notification.channel.create", "notification.channel.create", "notification.channel.update"]);
    expect(JSON.parse(audit)[2].details.changed.sort()).toEqual(["name", "secret"]);
  });

  it("queues a new alert for the channels whose minimum severity it reaches, inside the alert's transaction", async () => {
    const high = await newAlert("high");
    expect((await deliveriesOf(high)).map((d) => d.channel_id)).toEqual([jsonChannel]);
    const critical = await newAlert("critical");
    expect((await deliveriesOf(critical)).map((d) => d.channel_id)).toEqual([jsonChannel, slackChannel]);
    expect(await deliveriesOf(await newAlert("medium"))).toEqual([]);
    // A rolled-back batch leaves no delivery behind.
    const client = await pool.connect();
    const at = new Date(Date.UTC(2032, 0, 1));
    const e: AnomalousEvent = { eventId: principal.event_ids[9], accountId: principal.account_id, principalId: principal.id, principalName: principal.name, action: "x:Y", eventTime: at, score: 30, severity: "critical", category: "defense-evasion/logging", explanation: {} };
    try {
      await client.query("BEGIN");
      await writeAlertChanges(client, [{ alert: { id: null, accountId: e.accountId, principalId: e.principalId, action: "x:Y", firstEventAt: at, lastEventAt: at, score: 30, severity: "critical" }, first: e, top: e, eventIds: [e.eventId], actions: new Set(["x:Y"]) }], 1);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect((await pool.query(`SELECT count(*)::int AS n FROM notification_deliveries`)).rows[0].n).toBe(3);
  });

  it("dispatches each pending delivery to the job queue once", async () => {
    const sent: Array<{ name: string; payload: object }> = [];
    const enqueue = async (name: string, payload: object) => void sent.push({ name, payload });
    expect(await dispatchPendingDeliveries(pool, enqueue)).toBe(3);
    expect(await dispatchPendingDeliveries(pool, enqueue)).toBe(0);
    expect(sent.every((s) => s.name === "notify")).toBe(true);
  });

  it("sends a signed JSON message, retrying after a receiver error until it is delivered", async () => {
    const alertId = await newAlert("high", "iam.amazonaws.com:CreateAccessKey");
    const [d] = await deliveriesOf(alertId);
    receiver.received.length = 0;
    receiver.statuses.push(503);
    expect(await deliverNotification(pool, d.id)).toBe("retry");
    expect((await deliveriesOf(alertId))[0]).toMatchObject({ status: "pending", attempts: 1, response_status: 503, error: "receiver answered HTTP 503" });
    expect(await deliverNotification(pool, d.id)).toBe("delivered");
    expect((await deliveriesOf(alertId))[0]).toMatchObject({ status: "delivered", attempts: 2, response_status: 200, error: null });
    // Delivered is final: a duplicate job sends nothing.
    expect(await deliverNotification(pool, d.id)).toBe("skipped");
    expect(receiver.received).toHaveLength(2);
    const last = receiver.received[1];
    expect(last.path).toBe("/hook");
    expect(verifySignature(SECRET, { timestamp: String(last.headers[TIMESTAMP_HEADER]), signature: String(last.headers[SIGNATURE_HEADER]) }, last.body)).toBe(true);
    expect(verifySignature("some-other-secret-value", { timestamp: String(last.headers[TIMESTAMP_HEADER]), signature: String(last.headers[SIGNATURE_HEADER]) }, last.body)).toBe(false);
    const body = JSON.parse(last.body);
    expect(body).toMatchObject({ type: "alert.created", deliveryId: d.id, alert: { id: alertId, severity: "high", url: `https://tw.example.com/alerts/${alertId}`, principal: { name: principal.name } } });
    expect(body.alert.attack.techniques.map((t: { id: string }) => t.id)).toEqual(["T1098.001"]);
  });

  it("gives up after MAX_ATTEMPTS when nothing answers, and says why in the log", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const channel = await createChannel(db.prisma, actor, { name: "Down", url: `http://127.0.0.1:${port}/x`, secret: SECRET, format: "teams", minSeverity: "low", enabled: true }, null);
    const alertId = await newAlert("low");
    const d = (await deliveriesOf(alertId)).find((x) => x.channel_id === channel.id)!;
    const results: string[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) results.push(await deliverNotification(pool, d.id));
    expect(results).toEqual([...Array(MAX_ATTEMPTS - 1).fill("retry"), "failed"]);
    expect((await deliveriesOf(alertId)).find((x) => x.channel_id === channel.id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, error: "connection failed (ECONNREFUSED)" });
    const log = await listDeliveries(db.prisma, { limit: 50 });
    expect(log.find((x) => x.id.toString() === d.id)).toMatchObject({ status: "failed", channel: { name: "Down" }, alert: { id: alertId } });
    await deleteChannel(db.prisma, actor, channel.id);
    expect(await db.prisma.auditLog.count({ where: { action: "notification.channel.delete" } })).toBe(1);
  });

  it("rotates the channels' encryption with the cloud credentials", async () => {
    const oldKey = parseSecretKey(KEY_HEX);
    const newKey = crypto.randomBytes(32);
    const channels = await db.prisma.notificationChannel.count();
    expect(await reencryptAllCredentials(db.prisma, oldKey, newKey)).toBe(channels);
    const alertId = await newAlert("critical");
    const d = (await deliveriesOf(alertId)).find((x) => x.channel_id === jsonChannel)!;
    receiver.received.length = 0;
    expect(await deliverNotification(pool, d.id, { key: newKey })).toBe("delivered");
    expect(verifySignature(SECRET, { timestamp: String(receiver.received[0].headers[TIMESTAMP_HEADER]), signature: String(receiver.received[0].headers[SIGNATURE_HEADER]) }, receiver.received[0].body)).toBe(true);
  });
});
