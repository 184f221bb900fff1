import "server-only";
// One path for every route handler (STYLE.md): session + permission check + same-origin check
// for writes + body size cap + zod parse of query and body → the handler → one JSON response.
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { AppError, ERROR_STATUS, isInvalidDataError } from "@/lib/server/errors";
import { can, type TPermission } from "@/lib/server/permissions";
import { clientIpFrom, publicHostFrom } from "@/lib/server/net/client-address";
import { findNulPath } from "@/lib/shared/schemas";
import { getSessionUser, type SessionUser } from "@/lib/server/auth/session";

export const MAX_JSON_BODY_BYTES = 256 * 1024;

export interface ApiContext<Q, B> {
  user: SessionUser;
  query: Q;
  body: B;
  params: Record<string, string>;
  req: NextRequest;
  ip: string | null;
}

interface ApiOptions<QS extends z.ZodType, BS extends z.ZodType> {
  permission: TPermission;
  query?: QS;
  body?: BS;
  maxBodyBytes?: number;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** The address the web server took from the socket (or a trusted proxy), for limits and the audit log. */
export function clientIp(req: NextRequest): string | null {
  return clientIpFrom(req.headers);
}

/**
 * Refuses cross-site writes: the Origin (or Referer) must match the host the request came to. The
 * host is the web server's resolved one: a client-sent X-Forwarded-Host is never compared with.
 */
export function isSameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get("origin") ?? req.headers.get("referer");
  if (!origin) return false;
  try {
    return new URL(origin).host === publicHostFrom(req.headers);
  } catch {
    return false;
  }
}

export function errorResponse(e: unknown): NextResponse {
  if (e instanceof AppError) {
    return NextResponse.json({ error: { code: e.code, message: e.message, issues: e.issues } }, { status: ERROR_STATUS[e.code] });
  }
  if (isInvalidDataError(e)) {
    console.warn(JSON.stringify({ level: "warn", msg: "database refused a value", error: e instanceof Error ? e.message.slice(0, 300) : String(e) }));
    return NextResponse.json({ error: { code: "bad_request", message: "A value is outside what the database can store" } }, { status: 400 });
  }
  console.error(JSON.stringify({ level: "error", msg: "unhandled API error", error: e instanceof Error ? e.message : String(e) }));
  return NextResponse.json({ error: { code: "internal", message: "Internal error" } }, { status: 500 });
}

function zodIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

/** The body as text, refusing it as soon as it passes `max` bytes (a chunked body has no length to check first). */
async function readCapped(req: NextRequest, max: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new AppError("payload_too_large", `Body larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** PostgreSQL text cannot hold NUL: refused for every route here, naming where it was. */
function assertNoNul(value: unknown, where: "query" | "body" | "path") {
  let path: string | null;
  try {
    path = findNulPath(value);
  } catch (e) {
    if (e instanceof RangeError) throw new AppError("bad_request", `Invalid ${where}: ${e.message}`);
    throw e;
  }
  if (path !== null) throw new AppError("bad_request", `Invalid ${where}`, [{ path, message: "must not contain NUL characters" }]);
}

async function readBody(req: NextRequest, max: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw new AppError("payload_too_large", `Body larger than ${max} bytes`);
  if (!(req.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError("unsupported_media_type", "Expected application/json");
  }
  const text = await readCapped(req, max);
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new AppError("bad_request", "Body is not valid JSON");
  }
}

export function withApi<QS extends z.ZodType = z.ZodType<Record<string, never>>, BS extends z.ZodType = z.ZodType<undefined>>(
  opts: ApiOptions<QS, BS>,
  handler: (ctx: ApiContext<z.infer<QS>, z.infer<BS>>) => Promise<unknown>,
) {
  return async (req: NextRequest, route?: RouteContext): Promise<NextResponse> => {
    try {
      const user = await getSessionUser();
      if (!user) throw new AppError("unauthenticated", "Sign in first");
      if (!can(user.role, opts.permission)) throw new AppError("forbidden", "Your role does not allow this");
      const isWrite = !["GET", "HEAD", "OPTIONS"].includes(req.method);
      if (isWrite && !isSameOrigin(req)) throw new AppError("forbidden", "Cross-origin request refused");
      const rawQuery = Object.fromEntries(req.nextUrl.searchParams.entries());
      assertNoNul(rawQuery, "query");
      const query = opts.query ? opts.query.safeParse(rawQuery) : { success: true as const, data: {} };
      if (!query.success) throw new AppError("bad_request", "Invalid query", zodIssues(query.error));
      let body: unknown = undefined;
      if (opts.body) {
        const raw = await readBody(req, opts.maxBodyBytes ?? MAX_JSON_BODY_BYTES);
        assertNoNul(raw, "body");
        const parsed = opts.body.safeParse(raw);
        if (!parsed.success) throw new AppError("bad_request", "Invalid body", zodIssues(parsed.error));
        body = parsed.data;
      }
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      assertNoNul(params, "path");
      const result = await handler({ user, query: query.data as z.infer<QS>, body: body as z.infer<BS>, params, req, ip: clientIp(req) });
      if (result instanceof NextResponse || result instanceof Response) return result as NextResponse;
      return jsonResponse(result ?? { ok: true });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** JSON with BigInt ids as strings (events and scores use bigint keys). */
export function jsonResponse(data: unknown, init?: ResponseInit): NextResponse {
  const body = JSON.stringify(data, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  return new NextResponse(body, { ...init, headers: { "content-type": "application/json", "cache-control": "no-store", ...init?.headers } });
}
