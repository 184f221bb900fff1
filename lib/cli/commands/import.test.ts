import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetPath } from "@/test/helpers/datasets";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";

// The real `trailwatch import` process against a real database: output shape and exit codes.

const ROOT = path.resolve(import.meta.dirname, "../../..");
let db: TestDatabase;

function trailwatch(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, NODE_ENV: "production" };
  const r = spawnSync(process.execPath, [path.join(ROOT, "bin/trailwatch.mjs"), "import", ...args], { cwd: ROOT, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("trailwatch import", () => {
  it("prints exactly the JSON summary with --json", () => {
    const r = trailwatch(datasetPath("aws/fixtures/streamalert"), datasetPath("aws/fixtures/plaso"), "--json");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(summary).sort()).toEqual(["duplicates", "files", "parsed", "rejected", "rejects", "rejectsTruncated", "stored"]);
    expect(summary).toMatchObject({ files: 2, parsed: 48, stored: 48, duplicates: 0, rejected: 15, rejectsTruncated: 0 });
    const rejects = summary.rejects as Array<Record<string, string>>;
    expect(rejects).toHaveLength(15);
    expect(Object.keys(rejects[0]).sort()).toEqual(["file", "position", "reason"]);
    expect(rejects[0].reason).toMatch(/^unparseable eventTime/);

    const again = JSON.parse(trailwatch(datasetPath("aws/fixtures/plaso"), "--json").stdout) as Record<string, unknown>;
    expect(again).toMatchObject({ parsed: 6, stored: 0, duplicates: 6 });
  });

  it("exits 1 only when nothing could be read", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tw-cli-import-"));
    fs.writeFileSync(path.join(tmp, "junk.json"), Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00]));
    fs.writeFileSync(path.join(tmp, "junk2"), Buffer.alloc(2048, 0x01));
    const junk = trailwatch(tmp, "--json");
    expect(junk.code).toBe(1);
    expect(JSON.parse(junk.stdout)).toMatchObject({ files: 2, parsed: 0, rejected: 2 });

    const missing = trailwatch(path.join(tmp, "does-not-exist"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("does-not-exist (ENOENT)");

    // Some junk beside one readable file: the readable file is imported and the exit is 0.
    fs.copyFileSync(datasetPath("aws/fixtures/plaso/aws_cloudtrail.jsonl"), path.join(tmp, "ok.jsonl"));
    const mixed = trailwatch(tmp);
    expect(mixed.code).toBe(0);
    expect(mixed.stderr).toMatch(/3 file\(s\): 6 events parsed, 0 stored, 6 duplicates, 2 rejected/);
  });

  it("explains its usage when called without paths", () => {
    const r = trailwatch();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: trailwatch import");
  });
});
