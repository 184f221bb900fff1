// Each numbered finding of issue 16, reproduced against the real server and PostgreSQL. Every
// test here asserts the fixed behaviour; on the code before issue 16 each of them fails.
import { expect, it } from "vitest";
import type { TPrisma } from "@/lib/server/db/client";
import { encodeCursor } from "@/lib/shared/cursor";
import type { Seeded } from "@/test/authz/seed";
import { CookieJar, PROXY_ADDRESS, send, sessionEmail, signIn, signOut, type RunningServer } from "./server";

export interface SecurityWorld {
  server: RunningServer;
  db: TPrisma;
  seeded: Seeded;
}

export const PASSWORD = "authz-password-1";
const EMAIL = { admin: "admin@authz.test", analyst: "analyst@authz.test", viewer: "viewer@authz.test" };

/** A user of its own per test, so one test's sign-outs and throttles never touch another's. */
async function makeUser(w: SecurityWorld, name: string, role: "admin" | "analyst" | "viewer" = "analyst"): Promise<{ id: string; email: string }> {
  const template = await w.db.user.findUniqueOrThrow({ where: { email: EMAIL.admin }, select: { passwordHash: true } });
  return w.db.user.create({ data: { email: `${name}@security.test`, role, passwordHash: template.passwordHash }, select: { id: true, email: true } });
}

async function signedIn(w: SecurityWorld, email: string, from?: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const r = await signIn(w.server, jar, email, PASSWORD, { from });
  expect(r.ok, `sign-in of ${email} (${r.code})`).toBe(true);
  return jar;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const api = (w: SecurityWorld, jar: CookieJar, path: string, method = "GET", body?: unknown) =>
  send(w.server, path, { method, jar, sameOrigin: method !== "GET", body: body === undefined ? undefined : JSON.stringify(body) });

export function defineFindings(world: () => SecurityWorld) {
  it("finding 1: a password reset or change ends existing sessions, refresh path included", async () => {
    const w = world();
    const admin = await signedIn(w, EMAIL.admin);
    const user = await makeUser(w, "f1");
    const a = await signedIn(w, user.email);
    const captured = a.clone();
    expect((await api(w, a, "/api/alerts")).status).toBe(200);
    expect((await api(w, admin, `/api/admin/users/${user.id}/password`, "POST", {})).status).toBe(200);
    // Auth.js's refresh must not hand out a fresh cookie for the ended session.
    expect(await sessionEmail(w.server, a)).toBeNull();
    expect((await api(w, a, "/api/alerts")).status).toBe(401);
    expect((await api(w, captured, "/api/alerts")).status).toBe(401);
    expect((await api(w, captured, `/api/alerts/${w.seeded.ids.alert}/triage`, "POST", { kind: "acknowledge" })).status).toBe(401);

    // The user's own change: the other browser's session ends, the one that changed it stays.
    const newPassword = "f1-new-password-1";
    // The reset generated a password nobody here knows; put the known one back.
    await w.db.user.update({ where: { id: user.id }, data: { passwordHash: (await w.db.user.findUniqueOrThrow({ where: { email: EMAIL.admin } })).passwordHash } });
    const first = await signedIn(w, user.email);
    const second = await signedIn(w, user.email);
    expect((await api(w, second, "/api/me/password", "POST", { currentPassword: PASSWORD, newPassword })).status).toBe(200);
    expect(await sessionEmail(w.server, first)).toBeNull();
    expect((await api(w, first, "/api/alerts")).status).toBe(401);
    expect((await api(w, second, "/api/alerts")).status).toBe(200);
  });

  it("finding 2: sign-out ends the session, and re-enabling a user revives none", async () => {
    const w = world();
    const user = await makeUser(w, "f2");
    const jar = await signedIn(w, user.email);
    const captured = jar.clone();
    await signOut(w.server, jar);
    expect(await sessionEmail(w.server, captured.clone())).toBeNull();
    expect((await api(w, captured, "/api/alerts")).status).toBe(401);
    expect((await api(w, captured, `/api/alerts/${w.seeded.ids.alert}/triage`, "POST", { kind: "comment", body: "after sign-out" })).status).toBe(401);

    const admin = await signedIn(w, EMAIL.admin);
    const again = await signedIn(w, user.email);
    const before = again.clone();
    expect((await api(w, admin, `/api/admin/users/${user.id}`, "PATCH", { disabled: true })).status).toBe(200);
    expect(await sessionEmail(w.server, before.clone())).toBeNull();
    expect((await api(w, admin, `/api/admin/users/${user.id}`, "PATCH", { disabled: false })).status).toBe(200);
    expect(await sessionEmail(w.server, before.clone())).toBeNull();
    expect((await api(w, before, "/api/alerts")).status).toBe(401);

    // A role change and an admin's "sign out everywhere" end sessions too; Settings lists them.
    const s1 = await signedIn(w, user.email);
    const s2 = await signedIn(w, user.email);
    const listed = (await api(w, s2, "/api/me/sessions")).json<{ sessions: Array<{ id: string; current: boolean; ip: string }> }>().sessions;
    expect(listed).toHaveLength(2);
    expect(listed.filter((s) => s.current)).toHaveLength(1);
    const other = listed.find((s) => !s.current)!;
    expect((await api(w, s2, `/api/me/sessions/${other.id}`, "DELETE")).status).toBe(200);
    expect((await api(w, s1, "/api/alerts")).status).toBe(401);
    expect((await api(w, admin, `/api/admin/users/${user.id}`, "PATCH", { role: "viewer" })).status).toBe(200);
    expect((await api(w, s2, "/api/alerts")).status).toBe(401);
    const s3 = await signedIn(w, user.email);
    expect((await api(w, admin, `/api/admin/users/${user.id}/sessions`, "DELETE")).status).toBe(200);
    expect((await api(w, s3, "/api/alerts")).status).toBe(401);
  });

  it("finding 3: X-Forwarded-For from a client is not believed; from the trusted proxy it is", async () => {
    const w = world();
    const user = await makeUser(w, "f3");
    const from = "127.0.0.30";
    for (let i = 0; i < 22; i++) await signIn(w.server, new CookieJar(), `spray${i}@nowhere.test`, "wrong", { from, headers: { "x-forwarded-for": "192.0.2.50" } });
    const spoofed = await signIn(w.server, new CookieJar(), user.email, PASSWORD, { from, headers: { "x-forwarded-for": "192.0.2.51" } });
    expect(spoofed.ok).toBe(false);
    expect(spoofed.code).toBe("throttled");
    // Behind the trusted proxy, clients are told apart by the proxy's header.
    for (let i = 0; i < 22; i++) await signIn(w.server, new CookieJar(), `spray${i}@nowhere.test`, "wrong", { from: PROXY_ADDRESS, headers: { "x-forwarded-for": "192.0.2.60" } });
    expect((await signIn(w.server, new CookieJar(), user.email, PASSWORD, { from: PROXY_ADDRESS, headers: { "x-forwarded-for": "192.0.2.60" } })).code).toBe("throttled");
    expect((await signIn(w.server, new CookieJar(), user.email, PASSWORD, { from: PROXY_ADDRESS, headers: { "x-forwarded-for": "192.0.2.61" } })).ok).toBe(true);
  });

  it("finding 4: failures from other addresses never lock the user out; the guesser is slowed and audited", async () => {
    const w = world();
    const user = await makeUser(w, "f4", "admin");
    for (let i = 0; i < 10; i++) await signIn(w.server, new CookieJar(), user.email, "wrong-guess", { from: `127.0.0.${40 + (i % 5)}` });
    // The address that kept failing is slowed, even with the right password…
    const guesser = await signIn(w.server, new CookieJar(), user.email, PASSWORD, { from: "127.0.0.40" });
    expect(guesser.code).toBe("throttled");
    // …but the user, from an address that has not failed, signs in at once.
    const jar = new CookieJar();
    expect((await signIn(w.server, jar, user.email, PASSWORD, { from: "127.0.0.49" })).ok).toBe(true);
    // Failed and throttled attempts are in the audit log with the email tried and the address.
    const audit = (await api(w, jar, "/api/admin/audit?action=auth.sign_in_&limit=200")).json<{ items: Array<{ action: string; ip: string; actorEmail: string; details: { email?: string } }> }>().items;
    const mine = audit.filter((e) => e.details.email === user.email);
    expect(mine.filter((e) => e.action === "auth.sign_in_failed").map((e) => e.ip)).toContain("127.0.0.41");
    expect(mine.some((e) => e.action === "auth.sign_in_throttled" && e.ip === "127.0.0.40")).toBe(true);
  });

  it("finding 5: NUL bytes and out-of-range numbers and dates are a 400 naming the field", async () => {
    const w = world();
    const admin = await signedIn(w, EMAIL.admin);
    const alert = w.seeded.ids.alert;
    const cases: Array<[string, string, unknown, string]> = [
      ["GET", "/api/events?principal=a%00b", undefined, "principal"],
      ["GET", "/api/alerts?action=a%00b", undefined, "action"],
      ["GET", "/api/alerts?category=a%00b", undefined, "category"],
      ["GET", "/api/principals?search=a%00b", undefined, "search"],
      ["GET", "/api/admin/audit?action=a%00b", undefined, "action"],
      ["GET", "/api/admin/audit?cursor=9999999999999999999", undefined, "cursor"],
      ["GET", "/api/admin/rejects?cursor=9999999999999999999", undefined, "cursor"],
      ["GET", "/api/events?principalId=9999999999999999999", undefined, "principalId"],
      ["GET", `/api/alerts?cursor=${encodeCursor(["2026-01-01T00:00:00.000Z", 99999999999])}`, undefined, "cursor"],
      ["GET", `/api/alerts?cursor=${encodeCursor(["-271821-04-20T00:00:00.000Z", 1])}`, undefined, "cursor"],
      ["GET", `/api/events?cursor=${encodeCursor(["2026-01-01T00:00:00.000Z", "99999999999999999999"])}`, undefined, "cursor"],
      ["GET", "/api/events?from=0000-01-01T00:00:00Z", undefined, "from"],
      ["POST", "/api/alerts/bulk", { ids: [2147483648], action: { kind: "acknowledge" } }, "ids.0"],
      ["POST", `/api/alerts/${alert}/triage`, { kind: "comment", body: "a\u0000b" }, "body"],
      ["POST", "/api/admin/suppression-rules", { action: "x", reason: "a\u0000b", expiresAt: inDays(10) }, "reason"],
      ["POST", "/api/admin/users", { email: "nul@security.test", role: "viewer", name: "a\u0000b" }, "name"],
      ["PATCH", `/api/admin/accounts/${w.seeded.ids.account}`, { displayName: "a\u0000b" }, "displayName"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api(w, admin, path, method, body);
      expect(res.status, `${method} ${path}: ${res.text.slice(0, 200)}`).toBe(400);
      expect(res.json<{ error: { issues?: Array<{ path: string }> } }>().error.issues?.map((i) => i.path), `${method} ${path}`).toContain(field);
    }
    // A NUL in the sign-in email is a failed sign-in, not a crash.
    const nul = await signIn(w.server, new CookieJar(), "adm\u0000in@authz.test", PASSWORD, { from: "127.0.0.50" });
    expect(nul.ok).toBe(false);
    expect(nul.status).toBeLessThan(500);
    expect(w.server.output()).not.toMatch(/invalid byte sequence|22021/);
  });

  it("finding 6: oversized bodies to the sign-in endpoint and server actions are refused with 413", async () => {
    const w = world();
    const big = 50 * 1024 * 1024;
    const auth = await send(w.server, "/api/auth/callback/credentials", { method: "POST", hugeBodyBytes: big, headers: { "content-type": "application/x-www-form-urlencoded" }, from: "127.0.0.60" });
    expect(auth.status).toBe(413);
    const action = await send(w.server, "/login", { method: "POST", hugeBodyBytes: big, headers: { "next-action": "0123456789abcdef", "content-type": "multipart/form-data; boundary=x" }, from: "127.0.0.60" });
    expect(action.status).toBe(413);
  });

  it("finding 7: analysts suppress narrowly and briefly, read every rule, and end only their own", async () => {
    const w = world();
    const analyst = await signedIn(w, EMAIL.analyst);
    const alert = w.seeded.ids.alert;
    const rulesBefore = await w.db.suppressionRule.count();
    const wide = await api(w, analyst, `/api/alerts/${alert}/triage`, "POST", { kind: "close", reason: "false_positive", suppression: { scope: "account", reason: "noisy", expiresInDays: 365 } });
    expect(wide.status).toBe(403);
    const long = await api(w, analyst, `/api/alerts/${alert}/triage`, "POST", { kind: "close", reason: "false_positive", suppression: { scope: "principal", reason: "noisy", expiresInDays: 31 } });
    expect(long.status).toBe(403);
    expect(await w.db.suppressionRule.count()).toBe(rulesBefore);
    const narrow = await api(w, analyst, `/api/alerts/${alert}/triage`, "POST", { kind: "close", reason: "false_positive", suppression: { scope: "principal_action", reason: "noisy", expiresInDays: 30 } });
    expect(narrow.status).toBe(200);
    const ruleId = narrow.json<{ suppressionRuleId: number }>().suppressionRuleId;
    const listed = await api(w, analyst, "/api/admin/suppression-rules");
    expect(listed.status).toBe(200);
    expect(listed.json<{ items: Array<{ id: number }> }>().items.map((r) => r.id)).toEqual(expect.arrayContaining([ruleId, Number(w.seeded.ids.rule)]));
    expect((await api(w, analyst, `/api/admin/suppression-rules/${ruleId}`, "PATCH", { expiresAt: inDays(200) })).status).toBe(403);
    expect((await api(w, analyst, `/api/admin/suppression-rules/${w.seeded.ids.rule}`, "PATCH", { enabled: false })).status).toBe(403);
    expect((await api(w, analyst, `/api/admin/suppression-rules/${ruleId}`, "PATCH", { enabled: false })).status).toBe(200);
    expect((await w.db.suppressionRule.findUniqueOrThrow({ where: { id: ruleId } })).enabled).toBe(false);
  });

  it("finding 8: HSTS over HTTPS, CSP on prefetches, forwarded host not believed, assignees, rule accounts, session of a disabled user", async () => {
    const w = world();
    const viaProxy = await send(w.server, "/login", { from: PROXY_ADDRESS, headers: { "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.7" } });
    expect(viaProxy.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    const spoofedProto = await send(w.server, "/login", { headers: { "x-forwarded-proto": "https" } });
    expect(spoofedProto.headers["strict-transport-security"]).toBeUndefined();

    const prefetch = await send(w.server, "/login", { headers: { purpose: "prefetch" } });
    expect(String(prefetch.headers["content-security-policy"])).toMatch(/script-src 'self' 'nonce-/);

    const admin = await signedIn(w, EMAIL.admin);
    const forged = await send(w.server, "/api/admin/users", {
      method: "POST",
      jar: admin,
      body: JSON.stringify({ email: "csrf@security.test", role: "admin" }),
      headers: { origin: "http://evil.example", "x-forwarded-host": "evil.example", "content-type": "application/json" },
    });
    expect(forged.status).toBe(403);
    expect(await w.db.user.count({ where: { email: "csrf@security.test" } })).toBe(0);

    const viewer = await signedIn(w, EMAIL.viewer);
    expect((await api(w, viewer, "/api/alerts/assignees")).status).toBe(403);

    const ghost = await api(w, admin, "/api/admin/suppression-rules", "POST", { accountId: "00000000-0000-4000-8000-000000000000", reason: "ghost", expiresAt: inDays(10) });
    expect(ghost.status).toBe(400);
    expect(ghost.text).toContain("accountId");

    const user = await makeUser(w, "f8");
    const jar = await signedIn(w, user.email);
    await w.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await sessionEmail(w.server, jar)).toBeNull();
  });
}
