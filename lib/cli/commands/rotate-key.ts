import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { getEnv } from "@/lib/env";
import { openDatabase } from "@/lib/server/db/connection";
import { createPrisma } from "@/lib/server/db/client";
import { migrate } from "@/lib/server/db/migrate";
import { SecretKeyError, parseSecretKey } from "@/lib/server/crypto";
import { reencryptAllCredentials } from "@/lib/server/dal/accounts";
import { ensureSecrets } from "@/lib/server/secrets";
import { UsageError, parseOptions } from "../command";
import { info } from "../output";

export const usage = `Usage: trailwatch rotate-key --new-key-stdin | --generate
  Re-encrypts every stored cloud credential with a new TRAILWATCH_SECRET_KEY in one transaction.
  --new-key-stdin  read the new key (64 hex characters or base64 of 32 bytes) from stdin
  --generate       generate a new random key and print it once
  Keys are never accepted as arguments (they would land in shell history). The old key is the
  current TRAILWATCH_SECRET_KEY, else the one in <data dir>/secrets.json, which is updated in place.
  Restart Trailwatch afterwards so the web app and worker use the new key.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { "new-key-stdin": { type: "boolean" }, generate: { type: "boolean" } });
  if (Boolean(values["new-key-stdin"]) === Boolean(values.generate)) throw new UsageError("give exactly one of --new-key-stdin or --generate");
  const newText = values.generate ? crypto.randomBytes(32).toString("hex") : await readStdin();
  let newKey: Buffer;
  try {
    newKey = parseSecretKey(newText);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const env = getEnv();
  const secrets = ensureSecrets(env);
  const oldKey = parseSecretKey(secrets.secretKey);
  if (oldKey.equals(newKey)) throw new UsageError("the new key is the current key");

  const db = await openDatabase({ log: info });
  const prisma = createPrisma(db.url, { max: 1 });
  try {
    await migrate(db.url);
    const count = await reencryptAllCredentials(prisma, oldKey, newKey);
    info(`re-encrypted ${count} credential${count === 1 ? "" : "s"} with the new key`);
  } catch (e) {
    if (!(e instanceof SecretKeyError)) throw e;
    info(`nothing changed: a stored credential does not decrypt with the current key (${e.message})`);
    return 1;
  } finally {
    await prisma.$disconnect();
    await db.close();
  }
  const hex = newKey.toString("hex");
  if (env.TRAILWATCH_SECRET_KEY) {
    info("TRAILWATCH_SECRET_KEY is set in the environment: set it to the new key before restarting.");
    if (values.generate) info(`new key (shown once): ${hex}`);
  } else {
    const file = path.join(env.TRAILWATCH_DATA_DIR, "secrets.json");
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...stored, secretKey: hex }), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
    info(`updated ${file}; restart Trailwatch to use the new key.`);
  }
  return 0;
}
