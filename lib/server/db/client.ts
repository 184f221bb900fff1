// The Prisma client over the `pg` driver adapter: the same code path for an external PostgreSQL
// and for the embedded PGlite served on loopback (embedded.ts).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type TPrisma = PrismaClient;

// The adapter's connection pool, kept for the bulk event store (ingest/store.ts): Prisma hands a
// raw query's parameters through JSON.stringify and JSON.parse, an extra escape-and-unescape pass
// over every batch's megabytes of event JSON; on the pool's own connection they go to the server
// as they are.
const pools = new WeakMap<PrismaClient, pg.Pool>();

export function createPrisma(url: string, opts: { max?: number } = {}): PrismaClient {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle connection the server ends (a restart, DROP DATABASE … WITH (FORCE)) is an 'error'
  // event on the pool, which Node throws when nobody listens; the pool drops that connection and
  // opens another when one is needed. Errors of connections in use reach their queries.
  pool.on("error", () => undefined);
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

/** The client's pool while it is open; null for a client not made by createPrisma, or after $disconnect. */
export function poolOf(client: PrismaClient): pg.Pool | null {
  const pool = pools.get(client);
  return pool && !pool.ending && !pool.ended ? pool : null;
}
