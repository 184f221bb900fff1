import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "./sign";

describe("webhook signatures", () => {
  const secret = "a-shared-secret-of-some-length";
  const body = JSON.stringify({ type: "alert.created", alert: { id: 7 } });
  const ts = 1_800_000_000;

  it("is HMAC-SHA256 over timestamp.body, hex, with a scheme prefix", () => {
    // Computed independently: printf '1800000000.{"a":1}' | openssl dgst -sha256 -hmac k
    expect(signBody("k", ts, '{"a":1}')).toBe("v1=a776b22fd93f756bb625f275db2abe8a55e6c7d8b59d2533b90bc67b8569d2b7");
    expect(signBody(secret, ts, body)).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it("verifies what it signed and rejects tampering, another secret, and stale timestamps", () => {
    const signature = signBody(secret, ts, body);
    const headers = { timestamp: String(ts), signature };
    expect(verifySignature(secret, headers, body, { nowSeconds: ts + 10 })).toBe(true);
    expect(verifySignature(secret, headers, body.replace("7", "8"), { nowSeconds: ts })).toBe(false);
    expect(verifySignature("another-secret-entirely", headers, body, { nowSeconds: ts })).toBe(false);
    expect(verifySignature(secret, { timestamp: String(ts + 1), signature }, body, { nowSeconds: ts })).toBe(false);
    expect(verifySignature(secret, headers, body, { nowSeconds: ts + 301 })).toBe(false);
    expect(verifySignature(secret, { timestamp: null, signature }, body, { nowSeconds: ts })).toBe(false);
  });
});
