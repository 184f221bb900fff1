// The README's screenshots, taken from the product as `npm start` seeds it (issue 17): the
// overview, the inbox and an alert page, in the light and the dark theme, at 1440×900.
//   npm start                     # on a fresh data dir; wait until the banner says the demo is ready
//   node scripts/readme-screenshots.mjs --url http://127.0.0.1:3000 --email admin@trailwatch.local --password …
// Writes docs/screenshots/{overview,inbox,alert}-{light,dark}.png (--out to change).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    email: { type: "string", default: process.env.ADMIN_EMAIL ?? "admin@trailwatch.local" },
    password: { type: "string", default: process.env.ADMIN_PASSWORD },
    out: { type: "string", default: "docs/screenshots" },
    alert: { type: "string" },
  },
});
if (!values.password) {
  console.error("--password (or ADMIN_PASSWORD) is required: the admin password `npm start` printed");
  process.exit(2);
}
fs.mkdirSync(values.out, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--headless"] });
try {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ baseURL: values.url, viewport: { width: 1440, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByLabel("Email").fill(values.email);
    await page.getByLabel("Password").fill(values.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    const shoot = async (name) => {
      await page.waitForLoadState("networkidle");
      const file = path.join(values.out, `${name}-${scheme}.png`);
      await page.screenshot({ path: file });
      console.log(`wrote ${file}`);
    };
    // The demo's 14 days: the default last 24 hours would show its quiet tail only.
    await page.goto("/?range=30d");
    await shoot("overview");
    // The inbox by score: its first alert is the one shown on the alert page.
    await page.goto("/alerts?sort=score");
    await shoot("inbox");
    const href = values.alert ? `/alerts/${values.alert}` : await page.locator("table a[href^='/alerts/']").first().getAttribute("href");
    if (!href) throw new Error("the inbox lists no alert: is the demo scored yet?");
    await page.goto(href);
    await page.getByTestId("explanation").waitFor();
    await shoot("alert");
    await context.close();
  }
} finally {
  await browser.close();
}
