// Failed sign-ins are limited per account and per IP (lib/server/rate-limit.ts). A locked account
// still reads "Invalid email or password" (no account enumeration); only a locked IP is named.
// Each test claims its own documentation-range address through x-forwarded-for, so the lockouts
// here never touch the other specs' 127.0.0.1.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, apiWrite, signIn } from "./admin-helpers";

async function attempt(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const error = page.getByTestId("login-error");
  await expect(error).toBeVisible();
  const text = (await error.textContent()) ?? "";
  await page.goto("/login");
  return text;
}

test("a locked account gets the same answer as a wrong password, even with the right one", async ({ browser, page: adminPage }) => {
  // A real account to lock (never the admin the other specs sign in as).
  await signIn(adminPage, ADMIN.email, ADMIN.password);
  const email = `locked-${Date.now()}@e2e.test`;
  const password = "locked-user-password-1";
  expect((await apiWrite(adminPage, "POST", "/api/admin/users", { email, role: "viewer", password })).status).toBe(200);

  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.10" } });
  const page = await context.newPage();
  await page.goto("/login");
  for (let i = 0; i < 5; i++) expect(await attempt(page, email, "wrong-password")).toBe("Invalid email or password.");
  expect(await attempt(page, email, password)).toBe("Invalid email or password.");
  expect(await attempt(page, `nobody-${Date.now()}@e2e.test`, "wrong-password")).toBe("Invalid email or password.");
  await context.close();
});

test("after 20 failures from one IP the form says to wait, and the right password is refused too", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.20" } });
  const page = await context.newPage();
  await page.goto("/login");
  const answers: string[] = [];
  for (let i = 0; i < 20; i++) answers.push(await attempt(page, `spray-${i}-${Date.now()}@e2e.test`, "wrong-password"));
  expect(answers.slice(0, 19).every((a) => a === "Invalid email or password.")).toBe(true);
  expect(answers[19]).toBe("Too many attempts, try again in 15 minutes.");
  expect(await attempt(page, ADMIN.email, ADMIN.password)).toMatch(/^Too many attempts, try again in (14|15) minutes\.$/);
  await context.close();
});
