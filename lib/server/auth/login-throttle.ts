import "server-only";
// Sign-in throttling (issue 16) that slows guessing without letting anyone lock a user out.
// - Per address: ADDRESS_LIMIT failures (any accounts) within the window and that address is
//   refused until the window after its last failure has passed. The address is the socket's
//   (lib/server/net/client-address.ts), so it cannot be chosen with a header.
// - Per account: a backoff that doubles with the account's failures (from anywhere), but it only
//   applies to addresses that have themselves failed for this account. An address that has not
//   failed always gets to try, so failures from elsewhere never keep the user out; a distributed
//   guesser gets one free try per fresh address and then the same backoff.
// The answer never says whether the email exists: unknown emails are counted exactly like real ones.
import type { TPrisma } from "@/lib/server/db/client";
import { clearFailures, readFailures, recordFailure, tooManyAttemptsMessage } from "@/lib/server/rate-limit";

export const ADDRESS_LIMIT = { maxFailures: 20, windowMs: 15 * 60_000 };
export const ACCOUNT_BACKOFF = { freeFailures: 3, baseMs: 1000, maxMs: 15 * 60_000, windowMs: 60 * 60_000 };

const ipKey = (ip: string) => `ip:${ip}`;
const accountKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const pairKey = (email: string, ip: string) => `pair:${ip}|${email.trim().toLowerCase()}`;
const addressOf = (ip: string | null) => ip ?? "unknown";

/** The wait after `failures` failures of one account: none for the first few, then doubling to a cap. */
export function accountBackoffMs(failures: number): number {
  if (failures <= ACCOUNT_BACKOFF.freeFailures) return 0;
  return Math.min(ACCOUNT_BACKOFF.maxMs, ACCOUNT_BACKOFF.baseMs * 2 ** (failures - ACCOUNT_BACKOFF.freeFailures - 1));
}

export interface LoginGate {
  /** 0 when this attempt may check the password. */
  waitMs: number;
  reason: "address" | "account" | null;
}

export async function checkLoginGate(db: TPrisma, email: string, ip: string | null): Promise<LoginGate> {
  const address = addressOf(ip);
  const [byAddress, byAccount] = await Promise.all([
    readFailures(db, [ipKey(address)], ADDRESS_LIMIT.windowMs),
    readFailures(db, [accountKey(email), pairKey(email, address)], ACCOUNT_BACKOFF.windowMs),
  ]);
  const ipState = byAddress.get(ipKey(address));
  if (ipState && ipState.failures >= ADDRESS_LIMIT.maxFailures) return { waitMs: Math.max(1, ADDRESS_LIMIT.windowMs - ipState.sinceMs), reason: "address" };
  const account = byAccount.get(accountKey(email));
  if (account && byAccount.has(pairKey(email, address))) {
    const wait = accountBackoffMs(account.failures) - account.sinceMs;
    if (wait > 0) return { waitMs: wait, reason: "account" };
  }
  return { waitMs: 0, reason: null };
}

export async function noteLoginFailure(db: TPrisma, email: string, ip: string | null): Promise<void> {
  const address = addressOf(ip);
  await recordFailure(db, accountKey(email), ACCOUNT_BACKOFF.windowMs);
  await recordFailure(db, pairKey(email, address), ACCOUNT_BACKOFF.windowMs);
  await recordFailure(db, ipKey(address), ADDRESS_LIMIT.windowMs);
}

/** A success clears the account's counters (never the address's: one good password must not reset a spray). */
export async function noteLoginSuccess(db: TPrisma, email: string, ip: string | null): Promise<void> {
  await clearFailures(db, [accountKey(email), pairKey(email, addressOf(ip))]);
}

/** For the login form: the "too many attempts" text when this attempt would be throttled, else null. */
export async function throttleMessage(db: TPrisma, email: string, ip: string | null): Promise<string | null> {
  const gate = await checkLoginGate(db, email, ip);
  return gate.waitMs > 0 ? tooManyAttemptsMessage(gate.waitMs) : null;
}
