// Which database this process uses (issue 2): DATABASE_URL when set, else the embedded PGlite
// in the data dir — served by a running `npm start` if there is one, else opened here.
import pg from "pg";
import { ConfigError, getEnv, redactUrl } from "@/lib/env";
import { findRunningEmbedded, startEmbedded } from "./embedded";

export interface DatabaseHandle {
  url: string;
  kind: "external" | "embedded" | "embedded-shared";
  /** Closes what this process opened (the embedded server); a no-op otherwise. */
  close(): Promise<void>;
}

/** Fails with a ConfigError naming DATABASE_URL when the server cannot be reached. */
export async function checkReachable(url: string, variable = "DATABASE_URL"): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message || String(e);
    throw new ConfigError(`Cannot connect to the database in ${variable} (${redactUrl(url)}): ${why}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabase(opts: { log?: (line: string) => void } = {}): Promise<DatabaseHandle> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    await checkReachable(env.DATABASE_URL);
    return { url: env.DATABASE_URL, kind: "external", close: async () => undefined };
  }
  const running = await findRunningEmbedded(env.TRAILWATCH_DATA_DIR);
  if (running) return { url: running, kind: "embedded-shared", close: async () => undefined };
  opts.log?.(`starting the embedded PostgreSQL (PGlite) in ${env.TRAILWATCH_DATA_DIR}/pg`);
  const db = await startEmbedded(env.TRAILWATCH_DATA_DIR);
  return { url: db.url, kind: "embedded", close: () => db.stop() };
}
