import "server-only";
// Sign-in throttling glue between Auth.js's authorize() and lib/server/rate-limit.ts. The answer
// never says whether the email exists: an unknown email is counted and locked exactly like a real
// one, and a locked account gets the same "Invalid email or password" as a wrong password.
import type { TPrisma } from "@/lib/server/db/client";
import { ACCOUNT_POLICY, IP_POLICY, accountKey, clearFailures, ipKey, lockRemainingMs, recordFailure, tooManyAttemptsMessage } from "@/lib/server/rate-limit";

/**
 * The client address for IP limits. Next sets x-forwarded-for from the socket only when the request
 * has none, and a reverse proxy appends the address it saw, so the right-most entry is the one a
 * client cannot choose when a proxy is in front (the left-most is whatever the client sent).
 */
export function ipFromHeaders(headers: Pick<Headers, "get">): string | null {
  const hops = headers.get("x-forwarded-for")?.split(",").map((h) => h.trim()).filter(Boolean) ?? [];
  return hops[hops.length - 1] || headers.get("x-real-ip") || null;
}

export interface LoginGate {
  ipLocked: boolean;
  accountLocked: boolean;
}

export async function checkLoginGate(db: TPrisma, email: string, ip: string | null): Promise<LoginGate> {
  const [ipMs, accountMs] = await Promise.all([ip ? lockRemainingMs(db, ipKey(ip)) : 0, lockRemainingMs(db, accountKey(email))]);
  return { ipLocked: ipMs > 0, accountLocked: accountMs > 0 };
}

export async function noteLoginFailure(db: TPrisma, email: string, ip: string | null): Promise<void> {
  await recordFailure(db, accountKey(email), ACCOUNT_POLICY);
  if (ip) await recordFailure(db, ipKey(ip), IP_POLICY);
}

export async function noteLoginSuccess(db: TPrisma, email: string): Promise<void> {
  await clearFailures(db, accountKey(email));
}

/** For the login form: the "too many attempts" text when this IP is locked, else null. */
export async function ipLockMessage(db: TPrisma, ip: string | null): Promise<string | null> {
  if (!ip) return null;
  const ms = await lockRemainingMs(db, ipKey(ip));
  return ms > 0 ? tooManyAttemptsMessage(ms) : null;
}
