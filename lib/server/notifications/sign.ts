// Webhook signatures (issue 17), in the scheme Stripe and Slack use: the receiver recomputes
// HMAC-SHA256 over "<timestamp>.<raw body>" with the shared secret and compares in constant time,
// and rejects timestamps outside a few minutes so a captured request cannot be replayed later.
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "x-trailwatch-signature";
export const TIMESTAMP_HEADER = "x-trailwatch-timestamp";
export const DELIVERY_HEADER = "x-trailwatch-delivery";
const SCHEME = "v1";

/** `v1=<hex>` for a body sent at `timestamp` (Unix seconds). */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `${SCHEME}=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does (and what our tests do): true when signature and timestamp check out. */
export function verifySignature(secret: string, headers: { timestamp: string | null; signature: string | null }, body: string, opts: { nowSeconds?: number; toleranceSeconds?: number } = {}): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts)) return false;
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signBody(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
