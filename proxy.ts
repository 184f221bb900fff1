// Next 16's proxy (the renamed middleware). It only sets security headers: a per-request nonce
// Content-Security-Policy, which Next reads from the request header and stamps on its own
// scripts, so no inline script runs without the nonce (issue 8). It never decides access: every
// page, route handler and server action checks the session itself.
import { NextResponse, type NextRequest } from "next/server";

function contentSecurityPolicy(nonce: string): string {
  const isDev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts the nonced bootstrap loads are trusted; nothing inline without the nonce.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // React's style={{…}} attributes need inline styles; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${isDev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Pages only: API answers are JSON (next.config.js gives them frame-ancestors and nosniff), and
  // static assets need no per-request nonce. Prefetches are NOT skipped (issue 16): a browser may
  // show a prefetched page as the real one, so it must carry the same script policy.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
