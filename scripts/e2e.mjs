// Runs the Playwright browser tests against a real `trailwatch start`, in a fresh database:
// a new database on the server in DATABASE_URL when set, else a new embedded data dir.
// Skips (and says so) when no Chromium is installed.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function admin(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function runE2e(extraArgs = []) {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`SKIPPED: browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
    return { skipped: true, code: 0 };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trailwatch-e2e-"));
  const env = {
    ...process.env,
    TRAILWATCH_DATA_DIR: dataDir,
    ADMIN_EMAIL: "admin@e2e.test",
    ADMIN_PASSWORD: "e2e-admin-password-1",
    TRAILWATCH_DEMO: "0",
    LOG_LEVEL: "warn",
    // Cloud SDK clients answer canned responses (app/api/admin/accounts/fake-cloud.ts); only here.
    TRAILWATCH_FAKE_CLOUD: "1",
    // The browser plays a reverse proxy: specs that test address limits each claim their own
    // client address with X-Forwarded-For, which the server believes only from a trusted peer.
    TRAILWATCH_TRUSTED_PROXIES: "127.0.0.1",
    // Everything the run prints (the server's logs included) is also written here, so a spec can
    // check that no secret was ever logged.
    E2E_SERVER_LOG: path.join(dataDir, "output.log"),
  };
  let dropDb = async () => {};
  if (process.env.DATABASE_URL) {
    const name = `tw_e2e_${crypto.randomBytes(4).toString("hex")}`;
    await admin(process.env.DATABASE_URL, `CREATE DATABASE ${name}`);
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    dropDb = () => admin(process.env.DATABASE_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  try {
    const log = fs.createWriteStream(env.E2E_SERVER_LOG);
    const child = spawn(process.execPath, ["node_modules/@playwright/test/cli.js", "test", ...extraArgs], { stdio: ["inherit", "pipe", "pipe"], env });
    child.stdout.on("data", (d) => (process.stdout.write(d), log.write(d)));
    child.stderr.on("data", (d) => (process.stderr.write(d), log.write(d)));
    const code = await new Promise((resolve) => child.on("close", (c) => resolve(c ?? 1)));
    await new Promise((resolve) => log.end(resolve));
    return { skipped: false, code };
  } finally {
    await dropDb().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { code } = await runE2e(process.argv.slice(2));
  process.exit(code);
}
