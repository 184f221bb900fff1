import { start } from "@/lib/server/launcher/start";
import { parseOptions } from "../command";
import { info } from "../output";

export const usage = `Usage: trailwatch start   (npm start)
  Opens the database (DATABASE_URL, else the embedded PostgreSQL in .data/), applies migrations,
  creates the first admin (ADMIN_EMAIL / ADMIN_PASSWORD, else a generated password printed once),
  builds the web app if needed, and runs it on PORT (3000) with the background worker. Ctrl-C stops all.`;

export async function run(args: string[]): Promise<number> {
  parseOptions(args, {});
  return start(info);
}
