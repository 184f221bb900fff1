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
  return trailwatchWith({}, ...args);
}

function trailwatchWith(extraEnv: Record<string, string>, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, NODE_ENV: "production", ...extraEnv };
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
    expect(Object.keys(summary).sort()).toEqual(["duplicates", "files", "parsed", "rejected", "rejects", "rejectsTruncated", "retention", "skipped", "stored", "warnings"]);
    expect(summary).toMatchObject({ files: 2, parsed: 48, stored: 48, duplicates: 0, rejected: 15, rejectsTruncated: 0, warnings: [] });
    // The folders' LICENSE files were not read, and say so.
    expect(summary.skipped).toEqual([
      { file: datasetPath("aws/fixtures/streamalert/LICENSE"), position: "file", reason: expect.stringMatching(/^not read: the name is not a log/) },
      { file: datasetPath("aws/fixtures/plaso/LICENSE"), position: "file", reason: expect.stringMatching(/^not read: the name is not a log/) },
    ]);
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

  it("tells about records recovered from broken JSON, in both outputs", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tw-cli-import-"));
    const broken = path.join(tmp, "aws.execution.ec2-user-data.json");
    fs.copyFileSync(datasetPath("aws/fixtures/cloudtrail2sightings/aws.execution.ec2-user-data.json"), broken);
    const json = trailwatch(broken, "--json");
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout) as { parsed: number; rejected: number; warnings: unknown[] };
    expect(summary).toMatchObject({ parsed: 3, rejected: 0 });
    expect(summary.warnings).toEqual([
      { file: broken, position: "byte 3327", message: "missing ',' between records 1 and 2 (both kept)" },
      { file: broken, position: "byte 6226", message: "missing ',' between records 2 and 3 (both kept)" },
    ]);
    const human = trailwatch(broken);
    expect(human.stderr).toContain(`warning ${broken} (byte 3327): missing ',' between records 1 and 2 (both kept)`);
    expect(human.stderr).toContain(`warning ${broken} (byte 6226): missing ',' between records 2 and 3 (both kept)`);
    fs.rmSync(tmp, { recursive: true });
  });

  it("lists the files it skipped with the reason", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tw-cli-import-"));
    fs.writeFileSync(path.join(tmp, "empty.json"), "");
    fs.writeFileSync(path.join(tmp, "photo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    fs.writeFileSync(path.join(tmp, "README.md"), "# notes\n");
    fs.copyFileSync(datasetPath("aws/fixtures/plaso/aws_cloudtrail.jsonl"), path.join(tmp, "ok.jsonl"));
    const r = trailwatch(tmp, "--json");
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { files: number; rejected: number; skipped: Array<{ file: string; reason: string }> };
    expect(summary).toMatchObject({ files: 2, rejected: 0 });
    expect(summary.skipped.map((s) => [path.basename(s.file), s.reason.replace(/ \(.*$/, "")])).toEqual([
      ["empty.json", "empty file"],
      ["README.md", "not read: the name is not a log's"],
      ["photo.png", "not read: the name is not a log's"],
    ]);
    fs.rmSync(tmp, { recursive: true });
  });

  it("says how many imported events are older than the retention, from when, and until when they are kept", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tw-cli-import-"));
    // A Stratus detonation of 2024-08-01: far older than a 30-day retention.
    fs.copyFileSync(datasetPath("aws/attacks/stratus-detonations/aws.persistence.iam-create-admin-user.json"), path.join(tmp, "old.json"));
    const env = { TRAILWATCH_RETENTION_DAYS: "30" };
    const json = trailwatchWith(env, tmp, "--json");
    const summary = JSON.parse(json.stdout) as { stored: number; retention: Record<string, unknown> };
    expect(summary.stored).toBe(3);
    expect(summary.retention).toMatchObject({ days: 30, olderEvents: 3, olderFrom: "2024-08-01T13:33:28.000Z", olderTo: "2024-08-01T13:33:28.000Z" });
    const keptUntil = Date.parse(summary.retention.keptUntil as string);
    expect(Math.abs(keptUntil - (Date.now() + 30 * 86_400_000))).toBeLessThan(10 * 60_000);
    // Said while importing, and with the totals at the end.
    const human = trailwatchWith(env, tmp);
    expect(human.stderr).toMatch(/note: these files hold events older than the 30-day retention \(from 2024-08-01 on\): imported history is kept 30 days/);
    expect(human.stderr).toMatch(/3 event\(s\) are older than the 30-day retention \(2024-08-01 to 2024-08-01\): imported history is kept 30 days/);
    fs.rmSync(tmp, { recursive: true });
  });

  it("explains its usage when called without paths", () => {
    const r = trailwatch();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: trailwatch import");
  });
});
