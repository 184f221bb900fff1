// AES-256-GCM for cloud credentials at rest (issue 8). The key is TRAILWATCH_SECRET_KEY (32 bytes,
// hex or base64; `npm start` generates one into the data dir). An envelope is
// "v1:<iv>:<tag>:<ciphertext>" in base64, so a tampered or wrongly keyed value fails loudly
// instead of decrypting to garbage. Plaintext and keys are never logged.
import crypto from "node:crypto";
import { getEnv } from "@/lib/env";

const VERSION = "v1";
const IV_BYTES = 12;

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyError";
  }
}

/** Parses a 32-byte key given as 64 hex characters or base64. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, "hex");
  const b = Buffer.from(trimmed, "base64");
  if (b.length === 32 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return b;
  throw new SecretKeyError("the key must be 32 bytes, as 64 hex characters or base64");
}

/** The process's key, from the validated environment. */
export function getSecretKey(): Buffer {
  const text = getEnv().TRAILWATCH_SECRET_KEY;
  if (!text) throw new SecretKeyError("TRAILWATCH_SECRET_KEY is not set (`npm start` provides one)");
  return parseSecretKey(text);
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(":");
}

export function decryptSecret(envelope: string, key: Buffer): string {
  const [version, iv, tag, ct] = envelope.split(":");
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new SecretKeyError("not an encrypted credential envelope");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretKeyError("the credential cannot be decrypted with this key (wrong key or tampered value)");
  }
}

/** Credentials objects are stored as one encrypted JSON document per account. */
export function encryptJson(value: unknown, key: Buffer = getSecretKey()): string {
  return encryptSecret(JSON.stringify(value), key);
}

export function decryptJson<T = unknown>(envelope: string, key: Buffer = getSecretKey()): T {
  return JSON.parse(decryptSecret(envelope, key)) as T;
}
