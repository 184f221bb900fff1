// Each integration test file gets its own database (STYLE.md): a fresh database on the
// PostgreSQL server in DATABASE_URL when set (CI), else a fresh in-memory PGlite served on
// loopback — real PostgreSQL either way, migrated by the product's own runner.
import crypto from "node:crypto";
import { runAdminQuery as admin, withDatabaseName } from "@/lib/server/db/admin";
import { createPrisma, type TPrisma } from "@/lib/server/db/client";
import { startEmbedded } from "@/lib/server/db/embedded";
import { migrate } from "@/lib/server/db/migrate";

export interface TestDatabase {
  url: string;
  prisma: TPrisma;
  kind: "server" | "pglite";
  drop(): Promise<void>;
}

export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  let url: string;
  let cleanup: () => Promise<void>;
  let kind: TestDatabase["kind"];
  if (serverUrl) {
    const name = `tw_test_${crypto.randomBytes(5).toString("hex")}`;
    await admin(serverUrl, `CREATE DATABASE ${name}`);
    url = withDatabaseName(serverUrl, name);
    kind = "server";
    cleanup = () => admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const db = await startEmbedded(null);
    url = db.url;
    kind = "pglite";
    cleanup = () => db.stop();
  }
  if (opts.migrate !== false) await migrate(url);
  const prisma = createPrisma(url, { max: 4 });
  return {
    url,
    prisma,
    kind,
    async drop() {
      await prisma.$disconnect();
      await cleanup();
    },
  };
}
