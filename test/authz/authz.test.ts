// The authorization matrix, run against real PostgreSQL with forged sessions: for every route
// handler and server action in app/, anonymous → 401 (or an "unauthenticated" action result),
// every role without the permission → 403, and the database byte-for-byte unchanged afterwards.
// Listing is automatic (walk.ts): a route or action without an entry in matrix.ts fails here.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import { ROLE_PERMISSIONS, type TPermission } from "@/lib/server/permissions";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { createSession } from "@/lib/server/dal/sessions";
import { ACTION_MATRIX, ROUTE_MATRIX, entryOf, type RouteEntry } from "./matrix";
import { HTTP_METHODS, exportedNames, listRouteFiles, listServerActionFiles, rel, routePath } from "./walk";
import { databaseFingerprint, seedAuthzData, type Seeded } from "./seed";
import { mockSession } from "@/test/helpers/auth-mock";

vi.mock("@/lib/server/auth/auth", () => import("@/test/helpers/auth-mock"));

let db: TestDatabase;
let seeded: Seeded;

/** One real server-side session per user (dal/sessions.ts), created before any fingerprint is taken. */
const sessionIds = new Map<string, string>();

function signInAs(userId: string | null) {
  mockSession.current = userId ? { user: { id: userId }, sessionId: sessionIds.get(userId) ?? "missing", expires: new Date(Date.now() + 3600_000).toISOString() } : null;
}

function rolesWithout(permission: TPermission): Role[] {
  return (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => !ROLE_PERMISSIONS[r].includes(permission));
}

const ROUTES = listRouteFiles().map((file) => ({ file, path: routePath(file) }));

beforeAll(async () => {
  db = await createTestDatabase();
  (globalThis as unknown as { trailwatchPrisma: unknown }).trailwatchPrisma = db.prisma;
  seeded = await seedAuthzData(db.prisma);
  for (const id of Object.values(seeded.users)) sessionIds.set(id, await createSession(db.prisma, id, { ip: "127.0.0.1", userAgent: "authz" }));
});
afterAll(async () => {
  await db?.drop();
});

async function callRoute(file: string, method: string, entry: RouteEntry): Promise<Response> {
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, (req: NextRequest, ctx: unknown) => Promise<Response>>;
  const params = Object.fromEntries(Object.entries(entry.params ?? {}).map(([k, v]) => [k, v.startsWith("$") ? seeded.ids[v.slice(1) as keyof Seeded["ids"]] : v]));
  const urlPath = routePath(file).replace(/\[\.{0,3}(\w+)\]/g, (_m, name: string) => params[name] ?? "1");
  const hasBody = !["GET", "HEAD"].includes(method);
  const req = new NextRequest(`http://localhost:3000${urlPath}${entry.query ? `?${entry.query}` : ""}`, {
    method,
    headers: { host: "localhost:3000", origin: "http://localhost:3000", "content-type": "application/json" },
    body: hasBody ? JSON.stringify(entry.body ?? {}) : undefined,
  });
  const filled = Object.fromEntries(Object.keys(params).map((k) => [k, params[k]]));
  for (const m of urlPath.matchAll(/\[\.{0,3}(\w+)\]/g)) filled[m[1] as string] ??= "1";
  return mod[method]!(req, { params: Promise.resolve(filled) });
}

describe("every route handler is in the matrix", () => {
  it("has an entry for each exported method, and no stale entries", async () => {
    const found: string[] = [];
    for (const { file, path } of ROUTES) {
      const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      for (const m of HTTP_METHODS) if (typeof mod[m] === "function") found.push(`${m} ${path}`);
    }
    const missing = found.filter((k) => !(k in ROUTE_MATRIX));
    expect(missing, `add these to test/authz/matrix.ts ROUTE_MATRIX`).toEqual([]);
    const stale = Object.keys(ROUTE_MATRIX).filter((k) => !found.includes(k));
    expect(stale, "remove these from test/authz/matrix.ts (the route is gone)").toEqual([]);
  });

  it("has an entry for each exported server action, and no stale entries", () => {
    const found = listServerActionFiles().flatMap((file) => exportedNames(file).map((name) => `${rel(file)}#${name}`));
    expect(found.filter((k) => !(k in ACTION_MATRIX)), "add these to test/authz/matrix.ts ACTION_MATRIX").toEqual([]);
    expect(Object.keys(ACTION_MATRIX).filter((k) => !found.includes(k)), "remove these from ACTION_MATRIX").toEqual([]);
  });
});

describe("route handlers refuse anonymous and under-privileged callers", () => {
  const cases = Object.entries(ROUTE_MATRIX).map(([key, v]) => ({ key, entry: entryOf(v) })).filter((c) => typeof c.entry.access === "string");
  it.each(cases)("$key", async ({ key, entry }) => {
    const [method, path] = key.split(" ") as [string, string];
    const file = ROUTES.find((r) => r.path === path)?.file;
    expect(file, `no route file for ${path}`).toBeDefined();
    const before = await databaseFingerprint(db.prisma);

    signInAs(null);
    const anon = await callRoute(file as string, method, entry);
    expect(anon.status, `${key} anonymous`).toBe(401);

    for (const role of rolesWithout(entry.access as TPermission)) {
      signInAs(seeded.users[role]);
      const res = await callRoute(file as string, method, entry);
      expect(res.status, `${key} as ${role}`).toBe(403);
    }
    expect(await databaseFingerprint(db.prisma), `${key} changed the database`).toEqual(before);
  });
});

describe("server actions refuse anonymous and under-privileged callers", () => {
  const cases = Object.entries(ACTION_MATRIX).filter(([, a]) => typeof a === "string").map(([key, access]) => ({ key, access: access as TPermission }));
  it("lists at least the public actions with a reason", () => {
    for (const [key, access] of Object.entries(ACTION_MATRIX)) if (typeof access !== "string") expect(access.public.length, key).toBeGreaterThan(10);
  });
  it.runIf(cases.length > 0).each(cases.length ? cases : [{ key: "none", access: "read" as TPermission }])("$key", async ({ key, access }) => {
    const [file, name] = key.split("#") as [string, string];
    const mod = (await import(/* @vite-ignore */ `${process.cwd()}/${file}`)) as Record<string, (input: unknown) => Promise<unknown>>;
    const before = await databaseFingerprint(db.prisma);
    signInAs(null);
    expect(await mod[name]!({})).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    for (const role of rolesWithout(access)) {
      signInAs(seeded.users[role]);
      expect(await mod[name]!({})).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await databaseFingerprint(db.prisma)).toEqual(before);
  });
});
