// The `trailwatch` command as a user runs it: a real process, the real embedded database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dataDirs: string[] = [];

function trailwatch(args: string[], env: Record<string, string | undefined> = {}, input?: string) {
  const cleanEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete cleanEnv[k];
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/trailwatch.mjs"), ...args], { cwd: ROOT, env: cleanEnv, encoding: "utf8", input, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-cli-"));
  dataDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("trailwatch CLI", () => {
  it("prints help listing its commands", () => {
    const r = trailwatch(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: trailwatch <command>/);
    for (const c of ["start", "worker", "migrate", "user"]) expect(r.stdout).toContain(`  ${c}`);
  });

  it("rejects an unknown command with exit code 2", () => {
    const r = trailwatch(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it("stops with one line naming the variable on malformed configuration", () => {
    const r = trailwatch(["migrate"], { PORT: "not-a-port", DATABASE_URL: undefined, TRAILWATCH_DATA_DIR: tempDataDir() });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('trailwatch: Invalid configuration: PORT must be a whole number from 1 to 65535 (got "not-a-port")');
  });

  it("names DATABASE_URL, hiding its password, when the server is unreachable", () => {
    const r = trailwatch(["migrate"], { DATABASE_URL: "postgresql://u:s3cret@127.0.0.1:1/db" });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^trailwatch: Cannot connect to the database in DATABASE_URL \(postgresql:\/\/u:\*\*\*@127\.0\.0\.1:1\/db\): .*ECONNREFUSED/);
    expect(r.stderr).not.toContain("s3cret");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("keeps data in the embedded database across runs", () => {
    const env = { DATABASE_URL: undefined, TRAILWATCH_DATA_DIR: tempDataDir() };
    const first = trailwatch(["user", "add", "--email", "ops@example.com", "--role", "analyst"], env);
    expect(first.stderr).toContain("created analyst ops@example.com");
    expect(first.stderr).toMatch(/password \(shown once\): \S{20,}/);
    expect(first.code).toBe(0);
    const second = trailwatch(["user", "add", "--email", "OPS@example.com", "--role", "viewer"], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("already exists");
    expect(fs.statSync(path.join(env.TRAILWATCH_DATA_DIR, "pg")).isDirectory()).toBe(true);
  });

  it("validates user add input and never takes a password as an argument", () => {
    const env = { DATABASE_URL: undefined, TRAILWATCH_DATA_DIR: tempDataDir() };
    expect(trailwatch(["user", "add", "--email", "nope", "--role", "admin"], env).stderr).toContain("--email must be an email address");
    expect(trailwatch(["user", "add", "--email", "a@b.co", "--role", "root"], env).stderr).toContain("--role must be admin, analyst or viewer");
    const r = trailwatch(["user", "add", "--email", "a@b.co", "--role", "admin", "--password", "x"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--password'/);
    const short = trailwatch(["user", "add", "--email", "a@b.co", "--role", "admin", "--password-stdin"], env, "short\n");
    expect(short.stderr).toContain("at least 12 characters");
  });
});
