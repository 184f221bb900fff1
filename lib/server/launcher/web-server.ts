// The web server `trailwatch start` runs (issue 16): Next.js behind a plain Node HTTP server,
// because only here is the socket visible. Next's own server keeps a client-sent X-Forwarded-For
// (it only fills the header in when missing) and route handlers never see the socket, so an
// address limit built on headers alone is one header away from useless. Per request this:
//   - resolves the client address, public host and scheme (client-address.ts), deletes every
//     forwarded header unless the peer is a trusted proxy, and passes the result in x-trailwatch-*;
//   - refuses oversized bodies (413) on the endpoints that anyone can reach without signing in
//     (Auth.js under /api/auth and every page POST, i.e. server actions such as the sign-in form),
//     before Next reads a byte of them;
//   - adds HSTS when the request reached us over HTTPS.
import http from "node:http";
import type { TLSSocket } from "node:tls";
import { CLIENT_IP_HEADER, FORWARDED_HEADERS, PUBLIC_HOST_HEADER, PUBLIC_PROTO_HEADER, parseTrustedProxies, resolveClient } from "@/lib/server/net/client-address";

/** Sign-in forms and server actions carry a few fields; a megabyte is already an attack. */
export const UNAUTHENTICATED_BODY_LIMIT = 64 * 1024;
export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

/** The body limit for a request the app would read without a session, or null when the route caps it itself. */
export function unauthenticatedBodyLimit(method: string, pathname: string): number | null {
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  if (pathname.startsWith("/api/auth/") || !pathname.startsWith("/api/")) return UNAUTHENTICATED_BODY_LIMIT;
  return null;
}

/**
 * Answers before the body is read. The unread body is drained (discarded as it arrives, never
 * held) for a few seconds rather than the socket closed at once: closing with unread data makes
 * the kernel reset the connection, and the client may never see the answer.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { code, message } }));
  if (!req.complete) {
    const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
    req.once("end", () => clearTimeout(timer));
    req.resume();
  }
}

const DRAIN_MS = 5000;

/** False for a path Next could not decode (e.g. "%E0%A4%A"): its router would answer 500. */
function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export async function runWebServer(opts: { dir: string; host: string; port: number; trustedProxies: string | undefined }): Promise<http.Server> {
  const trusted = parseTrustedProxies(opts.trustedProxies);
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: opts.dir, hostname: opts.host, port: opts.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = http.createServer((req, res) => {
    const client = resolveClient({ peer: req.socket.remoteAddress, encrypted: Boolean((req.socket as TLSSocket).encrypted), headers: req.headers, trusted });
    for (const name of Object.keys(req.headers)) if (name.startsWith("x-trailwatch-")) delete req.headers[name];
    if (!client.viaTrustedProxy) for (const name of FORWARDED_HEADERS) delete req.headers[name];
    req.headers[CLIENT_IP_HEADER] = client.ip;
    req.headers[PUBLIC_PROTO_HEADER] = client.proto;
    if (client.host) req.headers[PUBLIC_HOST_HEADER] = client.host;
    // Next and Auth.js build absolute URLs from these; now they hold what we decided, not what was sent.
    req.headers["x-forwarded-for"] = client.ip;
    req.headers["x-forwarded-proto"] = client.proto;
    if (client.host) req.headers["x-forwarded-host"] = client.host;
    if (client.proto === "https") res.setHeader("strict-transport-security", HSTS_VALUE);

    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    if (!isDecodablePath(pathname)) return refuse(req, res, 400, "bad_request", "The URL path is not valid percent-encoding");
    const limit = unauthenticatedBodyLimit(req.method ?? "GET", pathname);
    if (limit !== null) {
      const declared = req.headers["content-length"];
      if (declared === undefined && req.headers["transfer-encoding"]) return refuse(req, res, 411, "length_required", "Send a Content-Length");
      if (Number(declared ?? 0) > limit) return refuse(req, res, 413, "payload_too_large", `Body larger than ${limit} bytes`);
    }
    void handle(req, res).catch((e: unknown) => {
      console.error(JSON.stringify({ level: "error", msg: "request failed", error: e instanceof Error ? e.message : String(e) }));
      if (!res.headersSent) refuse(req, res, 500, "internal", "Internal error");
      else res.end();
    });
  });
  // Slow-body clients cannot hold sockets forever.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  return server;
}
