// `trailwatch eval-e2e` refuses bad options and a missing server before it generates anything.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");

function evalE2e(args: string[], env: Record<string, string | undefined>) {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/trailwatch.mjs"), "eval-e2e", ...args], { cwd: ROOT, env: merged, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("trailwatch eval-e2e", () => {
  it("needs a PostgreSQL server in DATABASE_URL", () => {
    const r = evalE2e([], { DATABASE_URL: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("DATABASE_URL must name a PostgreSQL server");
    expect(r.stdout).toBe("");
  });

  it("rejects an unknown mode and --initial-days outside the daily mode", () => {
    const env = { DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none" };
    expect(evalE2e(["--mode", "hourly"], env)).toMatchObject({ code: 2, stdout: "" });
    const r = evalE2e(["--initial-days", "3"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--initial-days applies to --mode daily only");
    expect(evalE2e(["--mode", "daily", "--days", "4", "--initial-days", "4"], env).stderr).toContain("--initial-days must be a whole number from 1 to 3");
  });
});
