// The analyst's day with ATT&CK context, notifications and exports (issue 17), in Chromium against the real
// product and its worker: an admin adds a webhook (a receiver this test starts on 127.0.0.1), a new
// alert written by the alert writer reaches it signed, the delivery log shows it, and an analyst
// filters the inbox by the alert's ATT&CK technique.
import fs from "node:fs";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import pg from "pg";
import type { AlertChange, AnomalousEvent } from "../../lib/server/alerting/group";
import { writeAlertChanges } from "../../lib/server/dal/alerts-write";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from "../../lib/server/notifications/sign";
import { seedDashboard } from "../fixtures/seed-dashboard";
import { ensureUsers, queryRows, resolveE2eDatabaseUrl } from "../fixtures/seed-dashboard-db";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";
import { ADMIN } from "./admin-helpers";

const expect = baseExpect.configure({ timeout: 15_000 });
const ANALYST = { email: "analyst17@e2e.test", password: "analyst-password-17", role: "analyst" as const };
const SECRET = "e2e-webhook-secret-0123456789";
const NEW_TITLE_ACTION = "cloudtrail.amazonaws.com:StopLogging";

let url: string;
let receiver: WebhookReceiver;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  url = resolveE2eDatabaseUrl();
  const [{ n }] = await queryRows<{ n: number }>(url, "SELECT count(*)::int AS n FROM alerts");
  if (n === 0) await seedDashboard(url, { events: 20_000, alerts: 120, principalsPerAccount: 8 });
  await ensureUsers(url, [ANALYST]);
  receiver = await startWebhookReceiver("/trailwatch-hook");
});
test.afterAll(async () => receiver?.close());

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Sign-in hashes with scrypt on a shared 2-core machine: allow it time.
  await expect(page.getByTestId("signed-in-as")).toHaveText(email, { timeout: 30_000 });
}

/** A new alert through the product's alert writer, in a transaction as the scoring step runs it. */
async function raiseAlert(): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [p] = (await client.query<{ id: string; account_id: string; name: string; event_id: string; mv: number }>(`
      SELECT p.id::text, p.account_id::text, p.display_name AS name, max(e.id)::text AS event_id, (SELECT max(id) FROM model_versions) AS mv
        FROM principals p JOIN events e ON e.principal_id = p.id JOIN cloud_accounts c ON c.id = p.account_id
       WHERE c.provider = 'aws' GROUP BY p.id ORDER BY p.id LIMIT 1`)).rows;
    const at = new Date();
    const e: AnomalousEvent = { eventId: p.event_id, accountId: p.account_id, principalId: p.id, principalName: p.name, action: NEW_TITLE_ACTION, eventTime: at, score: 31, severity: "critical", category: "defense-evasion/logging", explanation: {} };
    const change: AlertChange = { alert: { id: null, accountId: e.accountId, principalId: e.principalId, action: e.action, firstEventAt: at, lastEventAt: at, score: 31, severity: "critical" }, first: e, top: e, eventIds: [e.eventId], actions: new Set([e.action]) };
    await client.query("BEGIN");
    await writeAlertChanges(client as unknown as pg.PoolClient, [change], p.mv);
    await client.query("COMMIT");
    return change.alert.id!;
  } finally {
    await client.end();
  }
}

async function addWebhook(page: Page) {
  await page.goto("/admin/notifications");
  const form = page.getByRole("form", { name: "Add webhook" });
  await form.getByLabel("Name").fill("SOC receiver");
  await form.getByLabel("Webhook URL").fill(receiver.url);
  await form.getByLabel(/Signing secret/).fill(SECRET);
  await form.getByLabel("Format").selectOption("json");
  await form.getByLabel("Minimum severity").selectOption("high");
  await form.getByRole("button", { name: "Add webhook" }).click();
  const row = page.getByTestId("channel-SOC receiver");
  await expect(row).toContainText("http://127.0.0.1:");
  // Write-only: neither the path of the URL nor the secret comes back to the browser.
  await expect(page.locator("body")).not.toContainText("trailwatch-hook");
  await expect(page.locator("body")).not.toContainText(SECRET);
}

test("a webhook receiver gets the signed notification of a new alert, and the delivery log shows it", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await addWebhook(page);
  const alertId = await raiseAlert();

  await expect.poll(() => receiver.received.length, { timeout: 45_000, message: "the worker sends the notification" }).toBeGreaterThan(0);
  const req = receiver.received[0];
  expect(req.path).toBe("/trailwatch-hook");
  expect(verifySignature(SECRET, { timestamp: String(req.headers[TIMESTAMP_HEADER]), signature: String(req.headers[SIGNATURE_HEADER]) }, req.body)).toBe(true);
  const body = JSON.parse(req.body);
  expect(body).toMatchObject({ type: "alert.created", alert: { id: alertId, severity: "critical", action: NEW_TITLE_ACTION } });
  expect(body.alert.attack.techniques).toEqual([{ id: "T1562.008", label: "T1562.008 Impair Defenses: Disable or Modify Cloud Logs" }]);
  expect(body.alert.url).toMatch(new RegExp(`/alerts/${alertId}$`));
  // The alert writer's title says what happened in plain words (alerting/title.ts).
  const [{ title }] = await queryRows<{ title: string }>(url, "SELECT title FROM alerts WHERE id = $1", [alertId]);
  expect(title).toMatch(/^CloudTrail logging stopped by \S/);

  await page.reload();
  await expect(page.getByTestId("delivery-row").first()).toContainText("SOC receiver");
  await expect(page.getByTestId("delivery-status").first()).toHaveText("delivered");
  const audit = await queryRows<{ action: string; details: unknown }>(url, "SELECT action, details FROM audit_log WHERE action LIKE 'notification.%'");
  expect(audit.map((a) => a.action)).toContain("notification.channel.create");
  expect(JSON.stringify(audit)).not.toContain(SECRET);
});

test("an analyst filters the inbox by ATT&CK technique, exports it as CSV, and sees the technique on the alert", async ({ page }) => {
  await signIn(page, ANALYST.email, ANALYST.password);
  await page.goto("/alerts?status=all");
  await expect(page.getByTestId("alert-row").first()).toBeVisible();
  await page.getByLabel("ATT&CK technique").selectOption("T1562.008");
  await expect(page).toHaveURL(/technique=T1562\.008/);
  const expected = await queryRows<{ n: number }>(url, "SELECT count(*)::int AS n FROM alerts WHERE attack_techniques @> ARRAY['T1562.008']");
  expect(expected[0].n).toBeGreaterThan(0);
  await expect(page.getByTestId("alert-row")).toHaveCount(Math.min(expected[0].n, 50));
  const rows = page.getByTestId("alert-row");
  for (let i = 0; i < Math.min(await rows.count(), 10); i++) await expect(rows.nth(i).getByTestId("attack-technique").filter({ hasText: "T1562.008" })).toHaveCount(1);

  // The export carries the screen's filters: every alert of the technique, and only those.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("export-csv").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^trailwatch-alerts-.*\.csv$/);
  const csv = fs.readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
  const lines = csv.trim().split("\r\n");
  const header = lines[0].split(",");
  expect(header).toEqual(expect.arrayContaining(["id", "title", "severity", "attack_tactics", "attack_techniques", "principal"]));
  expect(lines).toHaveLength(expected[0].n + 1);
  expect(lines.slice(1).every((l) => l.includes("T1562.008"))).toBe(true);
  const audit = await queryRows<{ details: { format: string; filters: string } }>(url, "SELECT details FROM audit_log WHERE action = 'alerts.export' ORDER BY id DESC LIMIT 1");
  expect(audit[0].details).toMatchObject({ format: "csv" });
  expect(audit[0].details.filters).toContain("technique=T1562.008");

  await rows.first().getByRole("link").first().click();
  await expect(page.getByTestId("alert-attack")).toContainText("Defense Evasion");
  await expect(page.getByTestId("alert-attack")).toContainText("T1562.008 Impair Defenses: Disable or Modify Cloud Logs");
});

test("the close form makes the analyst choose the verdict, and the explorer shows scores and matches substrings", async ({ page }) => {
  await signIn(page, ANALYST.email, ANALYST.password);
  const [open] = await queryRows<{ id: number }>(url, "SELECT id FROM alerts WHERE status = 'open' ORDER BY id LIMIT 1");
  await page.goto(`/alerts/${open.id}`);
  const close = page.getByRole("form", { name: "Close alert" });
  await expect(close.getByLabel("Close as")).toHaveValue("");
  await expect(close.getByRole("button", { name: "Close alert" })).toBeDisabled();
  await close.getByLabel("Close as").selectOption("false_positive");
  await close.getByLabel("Also suppress similar alerts").check();
  await expect(close.getByLabel("Reason for the rule")).toHaveAttribute("required", "");
  await expect(close.getByText("Reason for the rule")).toContainText("*");
  await expect(close.getByRole("button", { name: "Close alert" })).toBeEnabled();

  await page.goto("/events?action=createaccess");
  const rows = page.getByTestId("event-table").locator("tbody tr");
  await expect(rows.first()).toContainText("iam.amazonaws.com:CreateAccessKey");
  await expect(rows.first().getByTestId("event-score")).toHaveText(/^\d+\.\d$/);
});

test("dark mode follows the browser and can be chosen in Settings; the favicon is served", async ({ page }) => {
  // The page's background as painted (the root's background colour comes from the --bg variable).
  const rootBackground = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn(page, ANALYST.email, ANALYST.password);
  expect(await rootBackground()).toBe("rgb(12, 17, 29)");
  await page.emulateMedia({ colorScheme: "light" });
  expect(await rootBackground()).toBe("rgb(246, 247, 249)");

  await page.goto("/settings");
  await page.getByRole("radio", { name: "Dark" }).check();
  expect(await rootBackground()).toBe("rgb(12, 17, 29)");
  await page.reload(); // the choice is a cookie: the server renders it
  expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
  expect(await rootBackground()).toBe("rgb(12, 17, 29)");
  await page.getByRole("radio", { name: "Follow the browser" }).check();
  expect(await rootBackground()).toBe("rgb(246, 247, 249)");

  const favicon = await page.request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/image/);
  expect((await page.request.get("/icon.svg")).status()).toBe(200);
});
