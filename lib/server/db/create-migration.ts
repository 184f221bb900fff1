// `trailwatch migrate create <name>` (developers): writes the SQL that takes a database at the
// latest migration to prisma/schema.prisma. Needs a real PostgreSQL server (DATABASE_URL) for the
// scratch database, as the stock `prisma migrate dev` needs its shadow database; PGlite cannot host one.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { runAdminQuery as adminQuery, withDatabaseName } from "./admin";
import { MIGRATIONS_DIR, migrate, readMigrations } from "./migrate";
import { openSchemaEngine } from "./schema-engine";

const SCHEMA_FILE = path.resolve(import.meta.dirname, "../../../prisma/schema.prisma");
const NO_FILTER = { externalTables: [], externalEnums: [] };

/** Returns the migration folder written, or null when the schema matches the migrations. */
export async function createMigration(serverUrl: string, name: string, log: (line: string) => void): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name must be lower_snake_case");
  const schema = fs.readFileSync(SCHEMA_FILE, "utf8");
  const scratch = `tw_scratch_${crypto.randomBytes(4).toString("hex")}`;
  const scratchUrl = withDatabaseName(serverUrl, scratch);
  await adminQuery(serverUrl, `CREATE DATABASE ${scratch}`);
  try {
    const existing = readMigrations().length;
    if (existing) await migrate(scratchUrl, { log });
    const handle = await openSchemaEngine(scratchUrl, schema);
    let script: string;
    try {
      const result = await handle.engine.diff({
        // "schemaDatasource" = the live database behind the adapter, i.e. the scratch database.
        from: existing ? { tag: "schemaDatasource", files: [{ path: "schema.prisma", content: schema }], configDir: "." } : { tag: "empty" },
        to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      });
      script = result.stdout ?? "";
    } finally {
      await handle.close();
    }
    if (!script.trim() || /^-- This is an empty migration/.test(script.trim())) return null;
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), script);
    fs.writeFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
    return dir;
  } finally {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  }
}
