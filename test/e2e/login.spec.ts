import { expect, test } from "@playwright/test";

const ADMIN = { email: process.env.ADMIN_EMAIL ?? "admin@e2e.test", password: process.env.ADMIN_PASSWORD ?? "" };

test("an anonymous visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password is refused without saying whether the email exists", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Invalid email or password.");
  await page.getByLabel("Email").fill("nobody@e2e.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Invalid email or password.");
});

test("the first admin signs in through the real page, sees the overview, and signs out", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN.email);
  // Settings lists this browser's session, with its address, and a way to end it (issue 16).
  await page.goto("/settings");
  const sessions = page.getByRole("region", { name: "Sessions" });
  await expect(sessions.getByRole("button", { name: "Sign out (this browser)" })).toBeVisible();
  await expect(sessions.getByRole("cell", { name: "127.0.0.1" }).first()).toBeVisible();
  // Back to a page whose only "Sign out" is the layout's (Settings has one per session).
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  // Keep the session cookie as an attacker who captured it would (issue 16, finding 2).
  const captured = (await page.context().cookies()).filter((c) => c.name.includes("session-token"));
  expect(captured).toHaveLength(1);
  await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  // The old cookie is dead: neither the API nor Auth.js's refresh accepts it.
  await page.context().addCookies(captured);
  expect((await page.request.get("/api/alerts")).status()).toBe(401);
  expect(await (await page.request.get("/api/auth/session")).json()).toBeNull();
});
