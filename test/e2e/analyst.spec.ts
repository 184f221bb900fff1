// The analyst's day (issue 7), in Chromium against the real product: overview, inbox filters,
// alert detail with timeline and expected-vs-actual explanation, closing as false positive with a
// suppression rule, the read-only viewer, and a hostile user agent rendered as text.
import fs from "node:fs";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { HOSTILE_USER_AGENT, seedDashboard, SHOWCASE_TITLE } from "../fixtures/seed-dashboard";
import { ensureUsers, queryRows, resolveE2eDatabaseUrl } from "../fixtures/seed-dashboard-db";

// Screenshots of the seeded pages land under test-results for a look after a run; the README's come
// from the demo (scripts/readme-screenshots.mjs), never from test data.
const SHOTS = "test-results/screenshots";

// The machine is shared with other benchmarks: give the UI time rather than flake.
const expect = baseExpect.configure({ timeout: 15_000 });

const ANALYST = { email: "analyst@e2e.test", password: "analyst-password-1", role: "analyst" as const };
const VIEWER = { email: "viewer@e2e.test", password: "viewer-password-1", role: "viewer" as const };

let url: string;
let showcaseId: number;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  url = resolveE2eDatabaseUrl();
  const seeded = await seedDashboard(url, { events: 30_000, alerts: 240, principalsPerAccount: 12 });
  showcaseId = seeded.showcaseAlertId;
  await ensureUsers(url, [ANALYST, VIEWER]);
  fs.mkdirSync(SHOTS, { recursive: true });
});

async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Sign-in hashes with scrypt on a shared 2-core machine: allow it time.
  await expect(page.getByTestId("signed-in-as")).toHaveText(user.email, { timeout: 30_000 });
}

/** Any JavaScript dialog means injected script ran: fail loudly. */
function forbidDialogs(page: Page) {
  page.on("dialog", async (d) => {
    await d.dismiss();
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
}

test("the overview shows every panel for the chosen range", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, ANALYST);
  await page.goto("/?range=7d");
  await expect(page.getByRole("img", { name: "Events by provider" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Alerts by severity" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Score distribution" })).toBeVisible();
  await expect(page.getByTestId("model-panel")).toContainText("v");
  await expect(page.getByRole("heading", { name: "Top anomalous principals" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ingestion by account" })).toBeVisible();
  await page.getByTestId("time-range").selectOption("24h");
  await expect(page).not.toHaveURL(/range=/);
  await page.getByTestId("time-range").selectOption("7d");
  await expect(page).toHaveURL(/range=7d/);
  await page.waitForTimeout(300); // let Recharts finish its layout pass before the picture
  await page.screenshot({ path: `${SHOTS}/overview.png` });
});

test("an analyst filters the inbox, reads the explanation and closes a false positive with a suppression rule", async ({ page }) => {
  forbidDialogs(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, ANALYST);
  await page.goto("/alerts");
  await expect(page.getByTestId("alert-row").first()).toBeVisible();

  // The checkbox reflects the URL, so it turns checked once the URL has changed.
  await page.getByRole("checkbox", { name: "high" }).click();
  await expect(page).toHaveURL(/severity=high/);
  await expect(page.getByRole("checkbox", { name: "high" })).toBeChecked();
  await expect(page.getByTestId("alert-row").first()).toBeVisible();
  // Previous rows stay on screen while the filtered page loads: wait for them to be replaced.
  await expect(page.getByTestId("alert-row").locator(".badge[class*='sev-']").filter({ hasNotText: /^high$/ })).toHaveCount(0);

  await page.getByLabel("Principal").fill("ci-deployer-0");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/principal=ci-deployer-0/);
  await page.getByRole("link", { name: SHOWCASE_TITLE }).click();

  await expect(page.getByTestId("alert-title")).toHaveText(SHOWCASE_TITLE);
  await expect(page.getByTestId("explanation-summary")).toContainText("expected");
  await expect(page.getByTestId("explanation-summary")).toContainText("CreateAccessKey (IAM)");
  await expect(page.getByTestId("expected-table").locator("tr")).toHaveCount(6);
  await expect(page.getByTestId("actual-row")).toContainText("CreateAccessKey");
  await expect(page.getByTestId("unusual-list")).toContainText("First time this principal performed this action");
  await expect(page.getByTestId("timeline-flagged")).toHaveCount(1);
  await expect(page.getByTestId("timeline-event").first()).toBeVisible();
  await expect(page.getByTestId("timeline-gap").first()).toBeVisible();
  await expect(page.getByRole("img", { name: "Event timeline" })).toBeVisible();

  // The hostile user agent is shown as the literal text, never parsed as markup.
  await expect(page.getByTestId("event-user-agent")).toHaveText(HOSTILE_USER_AGENT);
  await expect(page.getByTestId("raw-json")).toContainText(HOSTILE_USER_AGENT);
  expect(await page.locator("script", { hasText: "alert(1)" }).count()).toBe(0);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${SHOTS}/alert-detail.png` });

  const close = page.getByRole("form", { name: "Close alert" });
  await close.getByLabel("Close as").selectOption("false_positive");
  await close.getByLabel("Also suppress similar alerts").check();
  await close.getByLabel("Scope").selectOption("principal_action");
  await close.getByLabel("Reason for the rule").fill("CI rotates its deploy key weekly");
  await close.getByLabel("Expires after (days)").fill("14");
  await close.getByRole("button", { name: "Close alert" }).click();
  await expect(page.getByTestId("alert-status")).toHaveText("closed · False positive");
  await expect(page.getByTestId("history")).toContainText("Close reason: — → False positive");

  const [alert] = await queryRows<{ status: string; close_reason: string }>(url, "SELECT status, close_reason FROM alerts WHERE id = $1", [showcaseId]);
  expect(alert).toEqual({ status: "closed", close_reason: "false_positive" });
  const rules = await queryRows<{ action: string; reason: string; days: number }>(
    url,
    "SELECT action, reason, round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM suppression_rules WHERE reason = $1",
    ["CI rotates its deploy key weekly"],
  );
  expect(rules).toEqual([{ action: "iam.amazonaws.com:CreateAccessKey", reason: "CI rotates its deploy key weekly", days: 14 }]);
  const audit = await queryRows<{ action: string }>(url, "SELECT action FROM audit_log WHERE target_id = $1 AND target_type = 'alert'", [String(showcaseId)]);
  expect(audit.map((a) => a.action)).toContain("alert.close");

  await page.goto("/alerts?principal=ci-deployer-0");
  await expect(page.getByTestId("alert-table").or(page.getByTestId("empty-state"))).toBeVisible();
  await expect(page.getByRole("link", { name: SHOWCASE_TITLE })).toHaveCount(0);
  await page.goto("/alerts?principal=ci-deployer-0&status=closed");
  await expect(page.getByRole("link", { name: SHOWCASE_TITLE })).toBeVisible();
});

test("the triage loop runs from the keyboard", async ({ page }) => {
  await signIn(page, ANALYST);
  await page.goto("/alerts");
  await expect(page.getByTestId("alert-row").first()).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  await expect(page.getByTestId("alert-row").nth(1)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(page.getByTestId("alert-row").first()).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("Close as false positive");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const href = await page.getByTestId("alert-row").first().getByRole("link").first().getAttribute("href");
  await page.keyboard.press("a");
  await expect(page.getByTestId("alert-row").first().getByTestId("alert-status")).toHaveText("acknowledged");
  await page.keyboard.press("f");
  await expect(page.locator(`a[href="${href}"]`)).toHaveCount(0);
  const [closed] = await queryRows<{ status: string; close_reason: string }>(url, "SELECT status, close_reason FROM alerts WHERE id = $1", [Number(href?.split("/").pop())]);
  expect(closed).toEqual({ status: "closed", close_reason: "false_positive" });
});

test("a viewer reads everything but cannot change anything", async ({ page }) => {
  await signIn(page, VIEWER);
  const [target] = await queryRows<{ id: number; status: string }>(url, "SELECT id, status FROM alerts WHERE status = 'open' ORDER BY id LIMIT 1");
  await page.goto("/alerts");
  await expect(page.getByTestId("alert-row").first()).toBeVisible();
  await expect(page.getByRole("checkbox", { name: /Select alert/ })).toHaveCount(0);
  await page.goto(`/alerts/${target.id}`);
  await expect(page.getByTestId("explanation")).toBeVisible();
  await expect(page.getByTestId("read-only-note")).toBeVisible();
  await expect(page.getByTestId("triage-panel")).toHaveCount(0);
  await page.keyboard.press("a");

  const base = new URL(page.url()).origin;
  const res = await page.request.post(`${base}/api/alerts/${target.id}/triage`, { headers: { origin: base, "content-type": "application/json" }, data: JSON.stringify({ kind: "close", reason: "false_positive" }) });
  expect(res.status()).toBe(403);
  const bulk = await page.request.post(`${base}/api/alerts/bulk`, { headers: { origin: base, "content-type": "application/json" }, data: JSON.stringify({ ids: [target.id], action: { kind: "acknowledge" } }) });
  expect(bulk.status()).toBe(403);
  const [after] = await queryRows<{ status: string }>(url, "SELECT status FROM alerts WHERE id = $1", [target.id]);
  expect(after.status).toBe(target.status);
  expect(await queryRows(url, "SELECT 1 FROM alert_history WHERE alert_id = $1", [target.id])).toEqual([]);
});

test("the event explorer finds events and opens one on its timeline", async ({ page }) => {
  await signIn(page, VIEWER);
  await page.goto("/events");
  await page.getByLabel("Action contains").fill("iam.amazonaws.com:CreateAccessKey");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/action=iam\.amazonaws\.com/);
  const row = page.getByTestId("event-table").locator("tbody tr").first();
  await expect(row).toContainText("CreateAccessKey");
  await row.getByRole("link").first().click();
  await expect(page.getByTestId("timeline-flagged")).toHaveCount(1);
  await expect(page.getByTestId("event-inspector")).toContainText("CreateAccessKey");
});
