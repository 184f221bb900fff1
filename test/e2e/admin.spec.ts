// Issue 8 "done when": an admin signs in, adds an analyst, connects an AWS account against the
// mocked cloud (TRAILWATCH_FAKE_CLOUD, set by scripts/e2e.mjs) and sees the test-connection result;
// the analyst can open no admin page and call no admin API.
import { expect, test } from "@playwright/test";
import { ADMIN, apiWrite, signIn } from "./admin-helpers";

test.describe.configure({ mode: "serial" });

const ANALYST_EMAIL = `analyst-${Date.now()}@e2e.test`;
let analystPassword = "";

test("an admin adds an analyst and connects an AWS account, then tests the connection", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  const addUser = page.getByRole("form", { name: "Add user" });
  await addUser.getByLabel("Email").fill(ANALYST_EMAIL);
  await addUser.getByLabel("Role").selectOption("analyst");
  await addUser.getByRole("button", { name: "Add user" }).click();
  const shown = page.getByTestId("generated-password");
  await expect(shown).toContainText(ANALYST_EMAIL);
  analystPassword = (await shown.locator("code").textContent()) ?? "";
  expect(analystPassword.length).toBeGreaterThanOrEqual(12);
  await expect(page.getByTestId(`user-${ANALYST_EMAIL}`)).toContainText("analyst");

  await page.getByRole("link", { name: "Cloud accounts" }).click();
  await page.getByRole("button", { name: "Connect account" }).click();
  const form = page.getByRole("form", { name: "Connect account" });
  await form.getByLabel("Display name").fill("Production");
  await form.getByLabel("AWS account id (12 digits)").fill("123456789012");
  await form.getByLabel("Regions to watch").fill("us-east-1, eu-west-1");
  await form.getByLabel("Trail bucket (optional, for S3 ingestion)").fill("org-trail-bucket");
  await form.getByLabel("Role ARN").fill("arn:aws:iam::123456789012:role/TrailwatchReader");
  const externalId = (await form.getByTestId("external-id").textContent()) ?? "";
  expect(externalId).toMatch(/^trailwatch-[0-9a-f]{24}$/);
  await expect(form.getByTestId("trust-policy")).toContainText(`"sts:ExternalId": "${externalId}"`);
  await expect(form.getByTestId("permission-policy")).toContainText("arn:aws:s3:::org-trail-bucket/AWSLogs/*");
  await form.getByRole("button", { name: "Connect" }).click();

  const row = page.getByTestId("account-123456789012");
  await expect(row).toContainText("Production");
  await expect(row).toContainText("•••• set");
  // Before any test the account is "not tested", not "pending"; the result is one sentence on its row.
  await expect(row.getByTestId("account-status")).toContainText("not tested");
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.getByTestId("account-status")).toContainText("Missing permission: s3:ListBucket");
  const result = row.getByTestId("connection-result");
  await result.locator("summary").click();
  await expect(result).toContainText("✓ sts:AssumeRole arn:aws:iam::123456789012:role/TrailwatchReader");
  await expect(result).toContainText("✓ cloudtrail:LookupEvents eu-west-1");
  await expect(result).toContainText("missing permission s3:ListBucket");

  await page.getByRole("link", { name: "Audit log" }).click();
  // Newest first: the connection test just made is the top row, attributed to the admin.
  await expect(page.getByTestId("audit-row").first()).toContainText("account.test");
  await expect(page.getByTestId("audit-row").first()).toContainText(ADMIN.email);
  await expect(page.getByTestId("audit-row").filter({ hasText: "user.create" }).first()).toContainText(ADMIN.email);
});

test("the analyst can open no admin page and call no admin API", async ({ page }) => {
  expect(analystPassword).not.toBe("");
  await signIn(page, ANALYST_EMAIL, analystPassword);
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  for (const path of ["/admin/users", "/admin/accounts", "/admin/suppression-rules", "/admin/models", "/admin/jobs", "/admin/rejects", "/admin/audit", "/admin/import"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "Users" })).toHaveCount(0);
  }
  for (const path of ["/api/admin/users", "/api/admin/accounts", "/api/admin/audit", "/api/admin/jobs"]) {
    expect((await page.request.get(path)).status(), path).toBe(403);
  }
  const create = await apiWrite(page, "POST", "/api/admin/users", { email: "sneaky@e2e.test", role: "admin" });
  expect(create.status).toBe(403);
  // The analyst changes their own password (every user may).
  const changed = await apiWrite(page, "POST", "/api/me/password", { currentPassword: analystPassword, newPassword: "analyst-new-password-1" });
  expect(changed.status).toBe(200);
});

test("pages carry a nonce CSP without inline scripts, and the security headers", async ({ request }) => {
  const res = await request.get("/login");
  const csps = res.headersArray().filter((h) => h.name.toLowerCase() === "content-security-policy").map((h) => h.value);
  const pageCsp = csps.find((v) => v.includes("script-src")) ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(pageCsp)?.[1];
  expect(nonce, csps.join(" | ")).toBeTruthy();
  expect(pageCsp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  for (const v of csps) expect(v).toContain("frame-ancestors 'none'");
  const html = await res.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  expect(res.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  // The session cookie is httpOnly and SameSite (secure is added by Auth.js when served over https).
  const api = await request.get("/api/admin/users");
  expect(api.status()).toBe(401);
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});
