import { getEnv } from "@/lib/env";
import { openDatabase } from "@/lib/server/db/connection";
import { createMigration } from "@/lib/server/db/create-migration";
import { migrate } from "@/lib/server/db/migrate";
import { UsageError, parseOptions } from "../command";
import { info } from "../output";

export const usage = `Usage:
  trailwatch migrate                 apply pending migrations to the configured database
  trailwatch migrate create <name>   write prisma/migrations/<timestamp>_<name> from prisma/schema.prisma
                                     (developers; needs DATABASE_URL of a PostgreSQL server for a scratch database)`;

export async function run(args: string[]): Promise<number> {
  const { positionals } = parseOptions(args, {}, true);
  if (positionals[0] === "create") {
    const name = positionals[1];
    if (!name) throw new UsageError("migrate create needs a name");
    const url = getEnv().DATABASE_URL;
    if (!url) throw new UsageError("migrate create needs DATABASE_URL (PGlite cannot host the scratch database)");
    const dir = await createMigration(url, name, info);
    info(dir ? `wrote ${dir}/migration.sql` : "the schema matches the migrations: nothing to write");
    return 0;
  }
  if (positionals.length) throw new UsageError(`unknown argument "${positionals[0]}"`);
  const db = await openDatabase({ log: info });
  try {
    const result = await migrate(db.url, { log: info });
    info(result.applied.length ? `applied ${result.applied.length} migration(s)` : `database up to date (${result.alreadyApplied} migrations)`);
    return 0;
  } finally {
    await db.close();
  }
}
