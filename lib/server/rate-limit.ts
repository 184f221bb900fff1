import "server-only";
// Failed sign-in limits (issue 8), per IP and per account, kept in PostgreSQL (login_throttles) so
// every web process counts the same attempts. One atomic upsert per failure: the counter restarts
// when its window has passed or its lockout has expired, and reaching the limit locks the key.
// Times come from the database clock, so processes with skewed clocks still agree.
import type { TPrisma } from "@/lib/server/db/client";

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const IP_POLICY: ThrottlePolicy = { maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export const ipKey = (ip: string) => `ip:${ip}`;
export const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;

/** Counts one failure for the key; returns when it is locked until (null while under the limit). */
export async function recordFailure(db: TPrisma, key: string, policy: ThrottlePolicy): Promise<Date | null> {
  const windowS = policy.windowMs / 1000;
  const lockS = policy.lockMs / 1000;
  const rows = await db.$queryRaw<Array<{ locked_until: Date | null }>>`
    INSERT INTO login_throttles AS t (key, failures, window_start, locked_until)
    VALUES (${key}, 1, now(), CASE WHEN 1 >= ${policy.maxFailures}::int THEN now() + make_interval(secs => ${lockS}::float8) END)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN t.window_start < now() - make_interval(secs => ${windowS}::float8) OR t.locked_until <= now() THEN 1 ELSE t.failures + 1 END,
      window_start = CASE WHEN t.window_start < now() - make_interval(secs => ${windowS}::float8) OR t.locked_until <= now() THEN now() ELSE t.window_start END,
      locked_until = CASE
        WHEN t.window_start < now() - make_interval(secs => ${windowS}::float8) OR t.locked_until <= now()
          THEN CASE WHEN 1 >= ${policy.maxFailures}::int THEN now() + make_interval(secs => ${lockS}::float8) END
        WHEN t.failures + 1 >= ${policy.maxFailures}::int THEN COALESCE(t.locked_until, now() + make_interval(secs => ${lockS}::float8))
        ELSE t.locked_until END
    RETURNING locked_until`;
  return rows[0]?.locked_until ?? null;
}

/** A successful sign-in clears the account's counter (never the IP's: one good password must not reset a spray). */
export async function clearFailures(db: TPrisma, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

/** How long the key stays locked, in ms; 0 when it is not locked. */
export async function lockRemainingMs(db: TPrisma, key: string): Promise<number> {
  const rows = await db.$queryRaw<Array<{ ms: number }>>`
    SELECT GREATEST(0, EXTRACT(EPOCH FROM (locked_until - now())) * 1000)::float8 AS ms
    FROM login_throttles WHERE key = ${key} AND locked_until > now()`;
  return rows[0]?.ms ?? 0;
}

/** The login form's one message for a locked IP; whole minutes, at least one. */
export function tooManyAttemptsMessage(remainingMs: number): string {
  const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  return `Too many attempts, try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
