import { openDatabase } from "@/lib/server/db/connection";
import { migrate } from "@/lib/server/db/migrate";
import { runWorker } from "@/lib/server/worker/main";
import { parseOptions } from "../command";
import { info } from "../output";

export const usage = `Usage: trailwatch worker
  Runs the background worker against DATABASE_URL (or the embedded database). Run several, on one
  machine or many, against the same PostgreSQL to share the work. Stops cleanly on SIGTERM.`;

export async function run(args: string[]): Promise<number> {
  parseOptions(args, {});
  const db = await openDatabase({ log: info });
  try {
    await migrate(db.url, { log: info });
    await runWorker(db.url);
    return 0;
  } finally {
    await db.close();
  }
}
