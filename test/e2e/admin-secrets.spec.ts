// Secrets never leave the server: an account created with a known secret, then every API answer,
// the rendered admin page's HTML and the server's log output are searched for it.
import fs from "node:fs";
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { ADMIN, apiWrite, signIn } from "./admin-helpers";

test("a stored credential appears in no API response, page source or log line", async ({ page }) => {
  const secret = `SeCrEt${crypto.randomBytes(12).toString("hex")}`;
  const azureSecret = `AzSeCrEt${crypto.randomBytes(12).toString("hex")}`;
  await signIn(page, ADMIN.email, ADMIN.password);
  const bodies: string[] = [];
  page.on("response", async (res) => {
    if (res.url().includes("/api/")) bodies.push(await res.text().catch(() => ""));
  });

  const created = await apiWrite(page, "POST", "/api/admin/accounts", {
    provider: "aws", displayName: "Keys account", externalId: "210987654321", config: { regions: ["us-east-1"] },
    credentials: { kind: "keys", accessKeyId: "AKIAE2EE2EE2EE2EE2E0", secretAccessKey: secret },
  });
  expect(created.status).toBe(200);
  const id = (JSON.parse(created.text) as { account: { id: string; credentialsSet: boolean } }).account.id;
  const azure = await apiWrite(page, "POST", "/api/admin/accounts", {
    provider: "azure", displayName: "Azure sub", externalId: "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f", config: {},
    credentials: { kind: "secret", tenantId: "tenant-1", clientId: "client-1", clientSecret: azureSecret },
  });
  expect(azure.status).toBe(200);
  const replaced = await apiWrite(page, "PATCH", `/api/admin/accounts/${id}`, { credentials: { kind: "keys", accessKeyId: "AKIAE2EE2EE2EE2EE2E0", secretAccessKey: secret } });
  expect(replaced.status).toBe(200);
  const tested = await apiWrite(page, "POST", `/api/admin/accounts/${id}/test`);
  const responses = [created.text, azure.text, replaced.text, tested.text, (await apiWrite(page, "GET", `/api/admin/accounts/${id}`)).text];

  const html = await (await page.request.get("/admin/accounts")).text();
  await page.goto("/admin/accounts");
  await expect(page.getByTestId("account-210987654321")).toContainText("•••• set");
  await page.getByTestId("account-210987654321").getByRole("button", { name: "Edit" }).click();
  await expect(page.getByTestId("credentials-set")).toBeVisible();
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  const rendered = [html, await page.content()];

  // The pages' own API calls (the accounts list, the audit log) are captured asynchronously: wait
  // until both have been read, so the search below covers what the browser received.
  await expect.poll(() => bodies.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  const logFile = process.env.E2E_SERVER_LOG;
  const logs = logFile && fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : null;
  for (const s of [secret, azureSecret]) {
    for (const text of [...responses, ...bodies]) expect(text).not.toContain(s);
    for (const text of rendered) expect(text).not.toContain(s);
    if (logs !== null) expect(logs.includes(s), "the secret is in the server's output").toBe(false);
  }
  test.info().annotations.push({ type: "server log checked", description: logs === null ? "no (run via scripts/e2e.mjs to check)" : `${logs.length} bytes` });
});
