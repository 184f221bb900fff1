// AUTH_SECRET (session signing) and TRAILWATCH_SECRET_KEY (credential encryption): from the
// environment when set, else generated once into <data dir>/secrets.json with owner-only
// permissions (issue 8), so the embedded default needs no setup and survives restarts.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TEnv } from "@/lib/env";

export interface Secrets {
  authSecret: string;
  secretKey: string;
  generated: boolean;
}

export function ensureSecrets(env: TEnv): Secrets {
  if (env.AUTH_SECRET && env.TRAILWATCH_SECRET_KEY) {
    return { authSecret: env.AUTH_SECRET, secretKey: env.TRAILWATCH_SECRET_KEY, generated: false };
  }
  const file = path.join(env.TRAILWATCH_DATA_DIR, "secrets.json");
  let stored: { authSecret?: string; secretKey?: string } = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8")) as typeof stored;
  const next = {
    authSecret: stored.authSecret ?? crypto.randomBytes(32).toString("base64url"),
    secretKey: stored.secretKey ?? crypto.randomBytes(32).toString("hex"),
  };
  const generated = next.authSecret !== stored.authSecret || next.secretKey !== stored.secretKey;
  if (generated) {
    fs.mkdirSync(env.TRAILWATCH_DATA_DIR, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify(next), { mode: 0o600 });
  }
  fs.chmodSync(file, 0o600);
  return {
    authSecret: env.AUTH_SECRET ?? next.authSecret,
    secretKey: env.TRAILWATCH_SECRET_KEY ?? next.secretKey,
    generated,
  };
}
