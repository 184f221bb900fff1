// `trailwatch bench <name> [--json]`: benchmarks, one module per name in lib/cli/bench/.
// Figures are measured, never asserted in tests (DEVELOPERS.md: these machines are shared).
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../command";

const BENCH_DIR = path.resolve(import.meta.dirname, "../bench");

export const usage = `Usage: trailwatch bench <name> [--json] [options]
  Benchmarks: ${listBenches().join(", ") || "(none yet)"}. Each prints its figures; --json prints one JSON object.`;

function listBenches(): string[] {
  if (!fs.existsSync(BENCH_DIR)) return [];
  return fs
    .readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => f.replace(/\.ts$/, ""))
    .sort();
}

interface BenchModule {
  run(args: string[]): Promise<number>;
}

export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || !listBenches().includes(name)) throw new UsageError(name ? `unknown benchmark "${name}"` : "name a benchmark");
  const mod = (await import(path.join(BENCH_DIR, `${name}.ts`))) as BenchModule;
  return mod.run(rest);
}
