import "server-only";
// Failure counters for sign-in throttling (issues 8, 16), kept in PostgreSQL (login_throttles) so
// every web process counts the same attempts. One atomic upsert per failure: a counter restarts
// when its last failure is older than the window. Times come from the database clock, so
// processes with skewed clocks still agree. The policy built on them is in auth/login-throttle.ts.
import type { TPrisma } from "@/lib/server/db/client";

export interface TThrottleState {
  failures: number;
  /** Milliseconds since the key's last failure. */
  sinceMs: number;
}

/** Counts one failure for the key; returns the failures in the current window (this one included). */
export async function recordFailure(db: TPrisma, key: string, windowMs: number): Promise<number> {
  const windowS = windowMs / 1000;
  const rows = await db.$queryRaw<Array<{ failures: number }>>`
    INSERT INTO login_throttles AS t (key, failures, last_failure_at) VALUES (${key}, 1, now())
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.last_failure_at < now() - make_interval(secs => ${windowS}::float8) THEN 1 ELSE t.failures + 1 END,
      last_failure_at = now()
    RETURNING failures`;
  return rows[0]?.failures ?? 1;
}

/** The counters of these keys whose last failure is within the window; missing keys have none. */
export async function readFailures(db: TPrisma, keys: string[], windowMs: number): Promise<Map<string, TThrottleState>> {
  const windowS = windowMs / 1000;
  const rows = await db.$queryRaw<Array<{ key: string; failures: number; since_ms: number }>>`
    SELECT key, failures, (EXTRACT(EPOCH FROM (now() - last_failure_at)) * 1000)::float8 AS since_ms
    FROM login_throttles WHERE key = ANY(${keys}::text[]) AND last_failure_at >= now() - make_interval(secs => ${windowS}::float8)`;
  return new Map(rows.map((r) => [r.key, { failures: r.failures, sinceMs: Math.max(0, r.since_ms) }]));
}

export async function clearFailures(db: TPrisma, keys: string[]): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: { in: keys } } });
}

/** The login form's one message for a throttled attempt; seconds under a minute, else whole minutes. */
export function tooManyAttemptsMessage(remainingMs: number): string {
  if (remainingMs < 60_000) {
    const s = Math.max(1, Math.ceil(remainingMs / 1000));
    return `Too many attempts, try again in ${s} second${s === 1 ? "" : "s"}.`;
  }
  const minutes = Math.ceil(remainingMs / 60_000);
  return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
