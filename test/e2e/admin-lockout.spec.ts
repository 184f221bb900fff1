// Sign-in throttling (issue 16, lib/server/auth/login-throttle.ts): an address that keeps failing
// for an account is slowed with a growing wait, an address that fails for many accounts is
// refused for a while, and failures from elsewhere never keep the user out. The wait names no
// account (unknown emails are throttled alike). Each test claims its own documentation-range
// address through x-forwarded-for: scripts/e2e.mjs runs the server with the browser's loopback
// address as a trusted proxy, so these never touch the other specs' 127.0.0.1.
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

test("guessing one account from one address is slowed, and the user still signs in from elsewhere", async ({ browser, page: adminPage }) => {
  // A real account to guess at (never the admin the other specs sign in as).
  await signIn(adminPage, ADMIN.email, ADMIN.password);
  const email = `guessed-${Date.now()}@e2e.test`;
  const password = "guessed-user-password-1";
  expect((await apiWrite(adminPage, "POST", "/api/admin/users", { email, role: "viewer", password })).status).toBe(200);

  const guesser = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.10" } });
  const page = await guesser.newPage();
  await page.goto("/login");
  const answers: string[] = [];
  for (let i = 0; i < 10; i++) answers.push(await attempt(page, email, "wrong-password"));
  expect(answers.slice(0, 3)).toEqual(Array(3).fill("Invalid email or password."));
  for (const a of answers) expect(a).toMatch(/^(Invalid email or password\.|Too many attempts, try again in \d+ (seconds?|minutes?)\.)$/);
  expect(answers.some((a) => a.startsWith("Too many attempts"))).toBe(true);
  await guesser.close();

  // The user, from an address that has not failed, is not locked out.
  const user = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.11" } });
  const userPage = await user.newPage();
  await userPage.goto("/login");
  await userPage.getByLabel("Email").fill(email);
  await userPage.getByLabel("Password").fill(password);
  await userPage.getByRole("button", { name: "Sign in" }).click();
  await expect(userPage.getByTestId("signed-in-as")).toHaveText(email);
  await user.close();
});

test("after 20 failures from one IP the form says to wait, and the right password is refused too", async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.20" } });
  const page = await context.newPage();
  await page.goto("/login");
  const answers: string[] = [];
  for (let i = 0; i < 20; i++) answers.push(await attempt(page, `spray-${i}-${Date.now()}@e2e.test`, "wrong-password"));
  expect(answers.every((a) => a === "Invalid email or password.")).toBe(true);
  expect(await attempt(page, ADMIN.email, ADMIN.password)).toMatch(/^Too many attempts, try again in (14|15) minutes\.$/);
  await context.close();
});
