// Issue 5: the generator's output goes through the real importer with zero rejects, and every
// label points at an event that was stored.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { importFiles } from "@/lib/server/ingest/import-files";
import { generateDemoOrg } from "./generate";

let db: TestDatabase;
let outDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "tw-demo-rt-"));
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe("demo organisation through the importer", () => {
  it("imports with zero rejects, no duplicates, and labels that point at stored events", async () => {
    const generated = await generateDemoOrg({ outDir, days: 3, seed: 11, startDate: new Date("2026-01-05T00:00:00Z") });
    expect(generated.labels).toBeGreaterThan(0);
    // The folder as demo-data wrote it (issue 15): labels.jsonl, benign-oddities.jsonl and
    // manifest.json are recognised by the manifest and not read, each with its reason.
    const result = await importFiles(db.prisma, [outDir]);
    expect(result.rejects.slice(0, 5)).toEqual([]);
    expect(result.rejected).toBe(0);
    expect(result.ignored.map((i) => path.basename(i.file)).sort()).toEqual(["benign-oddities.jsonl", "labels.jsonl", "manifest.json"]);
    expect(new Set(result.ignored.map((i) => i.reason))).toEqual(new Set(["not read: labels or manifest written by trailwatch demo-data, not audit logs"]));
    // An Azure operation whose start and end records fall in different hourly blobs is collapsed
    // once per blob; the store keeps one (same event id). Nothing else may repeat.
    expect(result.duplicates).toBeLessThanOrEqual(Math.ceil(generated.events * 0.001));
    // Azure begin/end records collapse to one event per operation, so stored ≤ generated records.
    expect(result.stored).toBeGreaterThan(generated.events * 0.95);
    expect(result.stored).toBeLessThanOrEqual(generated.events);

    const labels = fs
      .readFileSync(path.join(outDir, "labels.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { eventId: string; technique: string });
    const ids = [...new Set(labels.map((l) => l.eventId))];
    const found = await db.prisma.event.findMany({ where: { providerEventId: { in: ids } }, select: { providerEventId: true } });
    const missing = ids.filter((id) => !found.some((f) => f.providerEventId === id));
    expect(missing).toEqual([]);

    const accounts = await db.prisma.cloudAccount.findMany({ select: { externalId: true } });
    expect(accounts.map((a) => a.externalId).sort()).toEqual(generated.accounts.map((a) => a.id).sort());

    // One principal per identity (issue 17): the calls AWS made on a user's behalf are the user's,
    // so the only service principals are AWS services acting as themselves, named after the service.
    const services = await db.prisma.principal.findMany({ where: { key: { startsWith: "aws-service:" } }, select: { key: true, type: true, displayName: true } });
    expect(services.length).toBeGreaterThan(0);
    expect(services.filter((p) => p.type !== "AWSService" || `aws-service:${p.displayName}` !== p.key)).toEqual([]);
    expect(await db.prisma.event.count({ where: { invokedBy: "AWS Internal", principal: { type: "IAMUser" } } })).toBeGreaterThan(0);
  });
});
