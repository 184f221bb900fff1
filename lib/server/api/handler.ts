import "server-only";
// One path for every route handler (STYLE.md): session + permission check + same-origin check
// for writes + body size cap + zod parse of query and body → the handler → one JSON response.
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { AppError, ERROR_STATUS } from "@/lib/server/errors";
import { can, type TPermission } from "@/lib/server/permissions";
import { ipFromHeaders } from "@/lib/server/auth/login-throttle";
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

/** The same address the sign-in limits use (the hop the nearest proxy added), for the audit log. */
export function clientIp(req: NextRequest): string | null {
  return ipFromHeaders(req.headers);
}

/** Refuses cross-site writes: the Origin (or Referer) must match the Host the request came to. */
export function isSameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get("origin") ?? req.headers.get("referer");
  if (!origin) return false;
  try {
    return new URL(origin).host === (req.headers.get("x-forwarded-host") ?? req.headers.get("host"));
  } catch {
    return false;
  }
}

export function errorResponse(e: unknown): NextResponse {
  if (e instanceof AppError) {
    return NextResponse.json({ error: { code: e.code, message: e.message, issues: e.issues } }, { status: ERROR_STATUS[e.code] });
  }
  console.error(JSON.stringify({ level: "error", msg: "unhandled API error", error: e instanceof Error ? e.message : String(e) }));
  return NextResponse.json({ error: { code: "internal", message: "Internal error" } }, { status: 500 });
}

function zodIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

async function readBody(req: NextRequest, max: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > max) throw new AppError("payload_too_large", `Body larger than ${max} bytes`);
  if (!(req.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError("unsupported_media_type", "Expected application/json");
  }
  const text = await req.text();
  if (Buffer.byteLength(text) > max) throw new AppError("payload_too_large", `Body larger than ${max} bytes`);
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
      const query = opts.query ? opts.query.safeParse(rawQuery) : { success: true as const, data: {} };
      if (!query.success) throw new AppError("bad_request", "Invalid query", zodIssues(query.error));
      let body: unknown = undefined;
      if (opts.body) {
        const parsed = opts.body.safeParse(await readBody(req, opts.maxBodyBytes ?? MAX_JSON_BODY_BYTES));
        if (!parsed.success) throw new AppError("bad_request", "Invalid body", zodIssues(parsed.error));
        body = parsed.data;
      }
      const rawParams = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
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
