// `trailwatch eval-e2e`: detection measured in the product as it runs (issue 14) — the demo
// organisation imported into a fresh database, the worker's own training and scoring, figures
// read from the alerts table (lib/server/eval/end-to-end.ts).
import { getEnv } from "@/lib/env";
import { createLogger } from "@/lib/server/log";
import { UsageError, parseOptions } from "../command";
import { info, printJson } from "../output";

export const usage = `Usage: trailwatch eval-e2e [--seed 7] [--days 14] [--mode backfill|daily] [--initial-days K]
                          [--start YYYY-MM-DD] [--epochs N] [--keep-db] [--json]
  Generates the simulated organisation (defaults: the first-start demo's, seed 7 and 14 days),
  creates a new database on the PostgreSQL server in DATABASE_URL (dropped at the end unless
  --keep-db), imports the logs as the demo does, runs the worker's first training and scoring
  passes, and reads technique recall and false alerts from the alerts table.
  --mode backfill   import everything, train, score all (what \`npm start\` does; default)
  --mode daily      import the first K days (default half), train, score; then each day: import,
                    score, nightly retrain
  --start           the first simulated day (default the generator's fixed 2025-03-03)
  --epochs          epochs of every training (default the worker's)
  --json            the result as one JSON object on stdout (progress and logs go to stderr)`;

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseOptions(argv, {
    seed: { type: "string" }, days: { type: "string" }, mode: { type: "string" }, "initial-days": { type: "string" },
    start: { type: "string" }, epochs: { type: "string" }, "keep-db": { type: "boolean" }, json: { type: "boolean" },
  });
  const mode = values.mode ?? "backfill";
  if (mode !== "backfill" && mode !== "daily") throw new UsageError(`--mode must be backfill or daily, got "${mode}"`);
  const days = integer("days", values.days, 14, mode === "daily" ? 2 : 1, 365);
  const initialDays = values["initial-days"] === undefined ? undefined : integer("initial-days", values["initial-days"], 0, 1, days - 1);
  if (initialDays !== undefined && mode !== "daily") throw new UsageError("--initial-days applies to --mode daily only");
  let startDate: Date | undefined;
  if (values.start !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.start) || Number.isNaN(Date.parse(`${values.start}T00:00:00Z`))) throw new UsageError("--start must be a date YYYY-MM-DD");
    startDate = new Date(`${values.start}T00:00:00Z`);
  }
  const env = getEnv();
  if (!env.DATABASE_URL) throw new UsageError("DATABASE_URL must name a PostgreSQL server where a database may be created (the embedded database cannot host a second one)");
  const serverUrl = env.DATABASE_URL;

  const [{ runEndToEnd, createServerDatabase }, { formatEndToEnd }] = await Promise.all([import("@/lib/server/eval/end-to-end"), import("@/lib/server/eval/end-to-end-format")]);
  const result = await runEndToEnd({
    seed: integer("seed", values.seed, 7, 0, 2 ** 32 - 1), days, mode, initialDays, startDate,
    epochs: values.epochs === undefined ? undefined : integer("epochs", values.epochs, 0, 1, 50),
    scoreBatch: env.TRAILWATCH_SCORE_BATCH,
    keepDb: Boolean(values["keep-db"]),
    createDatabase: () => createServerDatabase(serverUrl),
    log: createLogger({ component: "eval-e2e" }, env.LOG_LEVEL, (line) => process.stderr.write(line)),
    onStep: (line) => info(`eval-e2e: ${line}`),
  });
  if (values.json) printJson(result);
  else process.stdout.write(`${formatEndToEnd(result)}\n`);
  return 0;
}
