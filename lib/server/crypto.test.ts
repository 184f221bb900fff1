import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptJson, decryptSecret, encryptJson, encryptSecret, parseSecretKey } from "./crypto";

const KEY = crypto.randomBytes(32);

describe("credential encryption", () => {
  it("round-trips and never contains the plaintext", () => {
    const env = encryptSecret("s3cr3t-value", KEY);
    expect(env).toMatch(/^v1:/);
    expect(env).not.toContain("s3cr3t");
    expect(decryptSecret(env, KEY)).toBe("s3cr3t-value");
    expect(decryptJson(encryptJson({ a: 1 }, KEY), KEY)).toEqual({ a: 1 });
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("x", KEY)).not.toBe(encryptSecret("x", KEY));
  });

  it("refuses a wrong key, a tampered value and garbage with a clear error", () => {
    const env = encryptSecret("x", KEY);
    expect(() => decryptSecret(env, crypto.randomBytes(32))).toThrow(/wrong key or tampered/);
    const parts = env.split(":");
    parts[3] = Buffer.from("y").toString("base64");
    expect(() => decryptSecret(parts.join(":"), KEY)).toThrow(/wrong key or tampered/);
    expect(() => decryptSecret("hello", KEY)).toThrow(/not an encrypted/);
  });

  it("parses hex and base64 keys and rejects other lengths", () => {
    expect(parseSecretKey(KEY.toString("hex")).equals(KEY)).toBe(true);
    expect(parseSecretKey(KEY.toString("base64")).equals(KEY)).toBe(true);
    expect(() => parseSecretKey("abcd")).toThrow(/32 bytes/);
    expect(() => parseSecretKey(crypto.randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});
