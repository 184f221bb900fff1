// Every page at 1280×800 and 1440×900 without sideways page scroll (issue 17): the document is no
// wider than the viewport, and no card's content is wider than the card (compared as scroll and
// client widths; a deliberate scroll box such as the timeline table counts as fitting).
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { seedDashboard } from "../fixtures/seed-dashboard";
import { queryRows, resolveE2eDatabaseUrl } from "../fixtures/seed-dashboard-db";
import { ADMIN } from "./admin-helpers";

const expect = baseExpect.configure({ timeout: 15_000 });
const SIZES = [{ width: 1280, height: 800 }, { width: 1440, height: 900 }];
let pages: string[] = [];

test.beforeAll(async () => {
  const url = resolveE2eDatabaseUrl();
  const [{ n }] = await queryRows<{ n: number }>(url, "SELECT count(*)::int AS n FROM alerts");
  if (n === 0) await seedDashboard(url, { events: 20_000, alerts: 120, principalsPerAccount: 8 });
  const [alert] = await queryRows<{ id: number; principal_id: string; event_id: string }>(url, "SELECT id, principal_id::text, first_event_id::text AS event_id FROM alerts ORDER BY score DESC LIMIT 1");
  pages = ["/", "/alerts", `/alerts/${alert.id}`, "/events", `/events/${alert.event_id}`, "/principals", `/principals/${alert.principal_id}`, "/settings",
    "/admin/users", "/admin/accounts", "/admin/suppression-rules", "/admin/models", "/admin/import", "/admin/notifications", "/admin/jobs", "/admin/rejects", "/admin/audit"];
});

async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page ${doc.scrollWidth} > ${doc.clientWidth}`);
    for (const card of Array.from(document.querySelectorAll<HTMLElement>(".panel"))) {
      const style = getComputedStyle(card);
      if (style.overflowX !== "visible") continue;
      if (card.scrollWidth > card.clientWidth + 1) out.push(`card "${card.querySelector("h2,h3,legend")?.textContent ?? card.className}" ${card.scrollWidth} > ${card.clientWidth}`);
    }
    return out;
  });
}

for (const size of SIZES) {
  test(`no sideways overflow at ${size.width}×${size.height}`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await page.goto("/login");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN.email, { timeout: 30_000 });
    const found: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(300);
      for (const o of await overflows(page)) found.push(`${path}: ${o}`);
    }
    expect(found).toEqual([]);
  });
}
