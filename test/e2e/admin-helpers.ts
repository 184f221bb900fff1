import { expect, type Page } from "@playwright/test";

export const ADMIN = { email: process.env.ADMIN_EMAIL ?? "admin@e2e.test", password: process.env.ADMIN_PASSWORD ?? "" };

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Sign-in hashes with scrypt on a shared 2-core machine, and the first one after start-up is
  // slower still: the same allowance analyst.spec.ts gives it.
  await expect(page.getByTestId("signed-in-as")).toHaveText(email, { timeout: 30_000 });
}

/** Same-origin JSON write through the page's own session cookie (what the UI's fetch does). */
export async function apiWrite(page: Page, method: string, path: string, body?: unknown) {
  const base = new URL(page.url()).origin;
  const res = await page.request.fetch(`${base}${path}`, {
    method,
    headers: { origin: base, "content-type": "application/json" },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status(), text: await res.text() };
}
