// Every page at 1280×800 and 1440×900 without sideways page scroll (issue 17): the document is no
// wider than the viewport, and no card's content is wider than the card (compared as scroll and
// client widths; a deliberate scroll box such as the timeline table counts as fitting).
//
// And no raw id where a name exists: the visible text holds no uuid (a user, an account, an Azure
// app) and no bare row number after a noun or an arrow ("rule 1", "assignee: — → 12"). Before the
// walk an alert is assigned and closed with a suppression rule, so the alert's history, the rules
// page and the audit log all have ids to name. Counts, scores and times are not ids: the patterns
// only match a number after "rule", "alert", "user", "channel" or "→".
// Exceptions, each marked `data-raw-id` in the page because the identifier itself is what it shows:
// - the raw event record, and a refused record on the ingestion rejects page (evidence, as stored);
// - a principal's key under its name on its own page;
// - a cloud account's own id (AWS account number, Azure subscription id) under its name on the
//   accounts page, and as the "account id" an audit entry recorded.
import { expect as baseExpect, test, type Page } from "@playwright/test";
import type { TTriageAction } from "../../lib/shared/alerts";
import { seedDashboard } from "../fixtures/seed-dashboard";
import { queryRows, resolveE2eDatabaseUrl } from "../fixtures/seed-dashboard-db";
import { ADMIN } from "./admin-helpers";

const expect = baseExpect.configure({ timeout: 15_000 });
const SIZES = [{ width: 1280, height: 800 }, { width: 1440, height: 900 }];
let pages: string[] = [];
let triagedAlertId: number | null = null;

test.beforeAll(async () => {
  const url = resolveE2eDatabaseUrl();
  const [{ n }] = await queryRows<{ n: number }>(url, "SELECT count(*)::int AS n FROM alerts");
  if (n === 0) await seedDashboard(url, { events: 20_000, alerts: 120, principalsPerAccount: 8 });
  const [alert] = await queryRows<{ id: number; principal_id: string; event_id: string }>(url, "SELECT id, principal_id::text, first_event_id::text AS event_id FROM alerts ORDER BY score DESC LIMIT 1");
  const [open] = await queryRows<{ id: number }>(url, "SELECT id FROM alerts WHERE status <> 'closed' AND id <> $1 ORDER BY id LIMIT 1", [alert.id]);
  triagedAlertId = open?.id ?? null;
  pages = ["/", "/alerts", `/alerts/${alert.id}`, ...(open ? [`/alerts/${open.id}`] : []), "/events", `/events/${alert.event_id}`, "/principals", `/principals/${alert.principal_id}`, "/settings",
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

const ID_PATTERNS = [
  "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
  "\\b(?:rule|alert|user|channel) #?\\d+\\b",
  "→ #?\\d+(?![\\d:.,%-])",
];

/** Raw ids in the page's visible text, each with a little context; `data-raw-id` elements are skipped. */
async function rawIds(page: Page): Promise<string[]> {
  return page.evaluate((patterns) => {
    const hide = document.createElement("style");
    hide.textContent = "[data-raw-id] { display: none !important; }";
    document.head.append(hide);
    const text = document.body.innerText;
    hide.remove();
    return patterns.flatMap((p) => [...text.matchAll(new RegExp(p, "gi"))].map((m) => text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 10).replace(/\s+/g, " ")));
  }, ID_PATTERNS);
}

/** Assigns an alert to the signed-in admin and closes it with a suppression rule, once (the API the pages use). */
async function triageOnce(page: Page) {
  if (triagedAlertId === null) return;
  const url = resolveE2eDatabaseUrl();
  const [done] = await queryRows(url, "SELECT 1 FROM alert_history WHERE alert_id = $1 AND field = 'suppression_rule'", [triagedAlertId]);
  if (done) return;
  const [admin] = await queryRows<{ id: string }>(url, "SELECT id::text FROM users WHERE email = $1", [ADMIN.email]);
  const actions: TTriageAction[] = [
    { kind: "assign", assigneeId: admin.id },
    { kind: "close", reason: "false_positive", suppression: { scope: "principal_action", reason: "known deploy job", expiresInDays: 7 } },
  ];
  for (const action of actions) {
    const status = await page.evaluate(async ([id, body]) => (await fetch(`/api/alerts/${id}/triage`, { method: "POST", headers: { "content-type": "application/json" }, body })).status,
      [String(triagedAlertId), JSON.stringify(action)] as const);
    expect(status).toBe(200);
  }
}

for (const size of SIZES) {
  test(`no sideways overflow and no raw ids at ${size.width}×${size.height}`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await page.goto("/login");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN.email, { timeout: 30_000 });
    await triageOnce(page);
    const found: string[] = [];
    const ids: string[] = [];
    for (const path of pages) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(300);
      for (const o of await overflows(page)) found.push(`${path}: ${o}`);
      for (const id of await rawIds(page)) ids.push(`${path}: …${id}…`);
    }
    expect(found).toEqual([]);
    expect(ids).toEqual([]);
  });
}
