// Every API route under app/api, found on disk (so a new route is covered without editing this
// file), called with hostile input: NUL bytes, numbers past int4/int8, dates outside PostgreSQL's
// range, malformed, wrongly typed and oversized bodies, hostile path segments. Whatever a route
// answers, it must not be a 500 (issue 16).
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { encodeCursor } from "@/lib/shared/cursor";
import { HTTP_METHODS, ROOT, listRouteFiles, routePath } from "@/test/authz/walk";
import { CookieJar, send, signIn, type RunningServer } from "./server";

const QUERY_NAMES = ["cursor", "limit", "from", "to", "principalId", "principal", "action", "category", "search", "status", "severity", "sort", "range", "days", "before", "after", "keepEvents", "assignee", "accountId", "sourceIp", "outcome", "id"];
const QUERY_VALUES = [
  "a\u0000b",
  "9999999999999999999",
  "-2147483649",
  "0000-01-01T00:00:00Z",
  "-271821-04-20T00:00:00Z",
  encodeCursor(["2026-01-01T00:00:00.000Z", 99999999999]),
  encodeCursor(["-271821-04-20T00:00:00.000Z", "9999999999999999999"]),
  "x".repeat(5000),
];
const SEGMENT_VALUES = ["1", "0", "-1", "2147483648", "9999999999999999999", "a%00b", "00000000-0000-4000-8000-000000000000", "%E0%A4%A", "x".repeat(3000)];
const BODIES: Array<{ label: string; body?: string; contentType?: string; hugeBodyBytes?: number }> = [
  { label: "empty object", body: "{}" },
  { label: "malformed JSON", body: '{"a":' },
  { label: "JSON null", body: "null" },
  { label: "JSON array", body: "[]" },
  { label: "NUL strings", body: JSON.stringify({ name: "a\u0000b", email: "a\u0000b@x.test", reason: "a\u0000b", body: "a\u0000b", kind: "comment", displayName: "a\u0000b", "k\u0000": 1 }) },
  { label: "out-of-range numbers", body: '{"ids":[2147483648,9999999999999999999],"expiresInDays":1e308,"limit":-1,"action":{"kind":"acknowledge"}}' },
  { label: "out-of-range dates", body: JSON.stringify({ expiresAt: "0000-01-01T00:00:00Z", from: "-271821-04-20T00:00:00Z", reason: "dates", action: "x" }) },
  { label: "deep nesting", body: `${"[".repeat(5000)}${"]".repeat(5000)}` },
  { label: "form body", body: "a=1&b=%00", contentType: "application/x-www-form-urlencoded" },
  { label: "multipart garbage", body: "--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a\u0000.json\"\r\n\r\n\u0000\u0000\r\n--x--", contentType: "multipart/form-data; boundary=x" },
  { label: "2 MB JSON", hugeBodyBytes: 2 * 1024 * 1024 },
];

interface RouteMethod {
  method: string;
  path: string;
  file: string;
}

function apiRoutes(): RouteMethod[] {
  const out: RouteMethod[] = [];
  for (const file of listRouteFiles()) {
    const urlPath = routePath(file);
    if (!urlPath.startsWith("/api/")) continue;
    const src = fs.readFileSync(file, "utf8");
    for (const m of HTTP_METHODS) if (new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s+const\\s*\\{[^}]*\\b${m}\\b`).test(src)) out.push({ method: m, path: urlPath, file });
  }
  return out;
}

/**
 * The query names worth trying on a route: those of QUERY_NAMES that its file, or the schema
 * modules it imports (lib/shared, ./schemas), mention. Unknown names are dropped by zod anyway,
 * so sending them would only repeat the plain request.
 */
function queryNamesFor(file: string): string[] {
  const texts = [fs.readFileSync(file, "utf8")];
  for (const m of texts[0]!.matchAll(/from\s+"(@\/lib\/shared\/[^"]+|\.{1,2}\/[^"]*schemas)"/g)) {
    const spec = m[1]!;
    const base = spec.startsWith("@/") ? path.join(ROOT, spec.slice(2)) : path.resolve(path.dirname(file), spec);
    if (fs.existsSync(`${base}.ts`)) texts.push(fs.readFileSync(`${base}.ts`, "utf8"));
  }
  const all = texts.join("\n");
  const named = QUERY_NAMES.filter((n) => new RegExp(`\\b${n}\\b`).test(all));
  return named.length ? named : ["cursor", "limit"];
}

/** Dynamic segments filled with an ordinary value, and one at a time with each hostile value. */
function concretePaths(urlPath: string): string[] {
  const segments = [...urlPath.matchAll(/\[\.{0,3}\w+\]/g)].map((m) => m[0]);
  const plain = urlPath.replace(/\[\.{0,3}\w+\]/g, "1");
  if (segments.length === 0) return [plain];
  return [plain, ...SEGMENT_VALUES.map((v) => urlPath.replace(/\[\.{0,3}\w+\]/g, v))];
}

export function defineHostileInput(world: () => { server: RunningServer; adminEmail: string; password: string }) {
  it("finds API routes on disk, and none of them answers hostile input with a 500", async () => {
    const { server, adminEmail, password } = world();
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(25);
    const failures: string[] = [];
    let requests = 0;
    // A fresh admin session per route: a route may end sessions (sign-out, "sign out everywhere").
    for (const { method, path: routeUrl, file } of routes) {
      const jar = new CookieJar();
      const signedIn = await signIn(server, jar, adminEmail, password, { from: "127.0.0.90" });
      expect(signedIn.ok, `admin sign-in before ${method} ${routeUrl}`).toBe(true);
      const calls: Array<{ url: string; body?: string; contentType?: string; hugeBodyBytes?: number; label: string }> = [];
      const [plain, ...hostileSegments] = concretePaths(routeUrl) as [string, ...string[]];
      if (method === "GET") {
        calls.push({ url: plain, label: "plain" });
        for (const name of queryNamesFor(file)) for (const value of QUERY_VALUES) calls.push({ url: `${plain}?${name}=${encodeURIComponent(value)}`, label: `${name}=${value.slice(0, 30)}` });
      } else {
        for (const b of BODIES) calls.push({ url: plain, body: b.body, contentType: b.contentType, hugeBodyBytes: b.hugeBodyBytes, label: b.label });
      }
      for (const url of hostileSegments) calls.push({ url, body: method === "GET" ? undefined : "{}", label: "hostile segment" });
      // A few at a time: enough to finish in reasonable time, few enough not to starve the machine.
      const queue = [...calls];
      const worker = async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const res = await send(server, c.url, {
            method,
            jar: jar.clone(),
            from: "127.0.0.90",
            body: c.body,
            hugeBodyBytes: c.hugeBodyBytes,
            headers: method === "GET" ? {} : { origin: server.base, "content-type": c.contentType ?? "application/json" },
          });
          requests++;
          if (res.status >= 500) failures.push(`${method} ${c.url.slice(0, 150)} [${c.label}] → ${res.status} ${res.text.slice(0, 120)}`);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    }
    expect(failures, `${failures.length} of ${requests} hostile requests got a 5xx`).toEqual([]);
  }, 900_000);
}
