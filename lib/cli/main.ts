// `trailwatch <command>`: one registry of commands, each loaded only when it runs.
import { ConfigError } from "@/lib/env";
import { MigrationError } from "@/lib/server/db/migrate";
import { UsageError, type CommandModule } from "./command";

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  start: { summary: "migrate, then run the web app and the worker (what `npm start` runs)", load: () => import("./commands/start") },
  web: { summary: "run the built web app only (what `start` runs beside the worker)", load: () => import("./commands/web") },
  worker: { summary: "run the background worker only", load: () => import("./commands/worker") },
  migrate: { summary: "apply database migrations (`migrate create <name>` writes a new one)", load: () => import("./commands/migrate") },
  "demo-data": { summary: "write a simulated organisation's logs with injected attacks", load: () => import("./commands/demo-data") },
  bench: { summary: "run a benchmark: `bench <name> --json`", load: () => import("./commands/bench") },
  import: { summary: "import CloudTrail / Azure Activity files or folders: `import <paths…> [--account <name>] [--json]`", load: () => import("./commands/import") },
  eval: { summary: "train on some log files, score others, compare with baselines: `eval --train … --test …`", load: () => import("./commands/eval") },
  "eval-report": { summary: "the evaluation report (`npm run eval`): model vs baselines on simulated + real data", load: () => import("./commands/eval-report") },
  "eval-e2e": { summary: "end-to-end evaluation: the demo organisation through import, the worker's training and scoring, figures from the alerts table", load: () => import("./commands/eval-e2e") },
  train: { summary: "train a model version from log files: `train --from … --out <dir>`", load: () => import("./commands/train") },
  user: { summary: "manage users: `user add --email … --role admin|analyst|viewer`", load: () => import("./commands/user") },
  "rotate-key": { summary: "re-encrypt stored cloud credentials with a new secret key", load: () => import("./commands/rotate-key") },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: trailwatch <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Database: DATABASE_URL when set, else the embedded PostgreSQL in TRAILWATCH_DATA_DIR (.data).",
    "Run `trailwatch <command> --help` for a command's options.",
  ].join("\n");
}

/** Runs a command and returns the process exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`trailwatch: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`trailwatch ${name}: ${e.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (e instanceof ConfigError || e instanceof MigrationError) {
      process.stderr.write(`trailwatch: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`trailwatch ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
