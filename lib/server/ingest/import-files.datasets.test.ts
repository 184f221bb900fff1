import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetPath, DATASETS_DIR } from "@/test/helpers/datasets";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { importFiles } from "./import-files";
import { listInputFiles } from "./import-paths";
import { parseFile } from "./parse-file";

// Every dataset folder (prisma/seed/datasets), imported one after another into one database.
// Parsed and rejected follow parse-file.datasets.test.ts (per-file counts summed per folder;
// README/LICENSE files are not read inside folders). Duplicates are real: repeated eventIDs inside
// console sessions, Panther's test cases reuse eventIDs, the CloudTrail processing library's
// Serializer files share their six records, trailscraper ships each object plain and gzipped.
// The test also recounts them independently from the parser's output.

const FOLDERS: Array<[string, { files: number; parsed: number; stored: number; duplicates: number; rejected: number; skipped?: number }]> = [
  ["aws/attacks/stratus-detonations", { files: 26, parsed: 231, stored: 231, duplicates: 0, rejected: 1 }],
  ["aws/benign/console-sessions", { files: 21, parsed: 6268, stored: 6239, duplicates: 29, rejected: 0 }],
  ["aws/fixtures/aws_cloudtrail_processing_library", { files: 15, parsed: 37, stored: 16, duplicates: 21, rejected: 6, skipped: 1 }],
  ["aws/fixtures/cloudtrail2sightings", { files: 4, parsed: 15, stored: 15, duplicates: 0, rejected: 0 }],
  ["aws/fixtures/panther", { files: 1, parsed: 444, stored: 340, duplicates: 104, rejected: 20 }],
  ["aws/fixtures/plaso", { files: 1, parsed: 6, stored: 6, duplicates: 0, rejected: 0 }],
  ["aws/fixtures/streamalert", { files: 1, parsed: 42, stored: 42, duplicates: 0, rejected: 15 }],
  ["aws/fixtures/trailscraper", { files: 3, parsed: 7, stored: 3, duplicates: 4, rejected: 0 }],
  ["azure/benign", { files: 1, parsed: 192, stored: 192, duplicates: 0, rejected: 0 }],
  ["azure/fixtures/panther", { files: 1, parsed: 214, stored: 212, duplicates: 2, rejected: 35 }],
  ["azure/fixtures/plaso", { files: 1, parsed: 4, stored: 4, duplicates: 0, rejected: 0 }],
];

let db: TestDatabase;
const seen = new Set<string>(); // (provider, account, event id) of every event parsed so far, across folders

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

async function recountDuplicates(folder: string): Promise<number> {
  let duplicates = 0;
  for (const file of (await listInputFiles([datasetPath(folder)])).files) {
    for await (const r of parseFile(file)) {
      if (r.kind !== "event") continue;
      const key = `${r.event.provider}|${r.event.accountExternalId}|${r.event.providerEventId}`;
      if (seen.has(key)) duplicates++;
      seen.add(key);
    }
  }
  return duplicates;
}

describe("importing every dataset folder", () => {
  it.each(FOLDERS)("%s", async (folder, expected) => {
    const result = await importFiles(db.prisma, [datasetPath(folder)], { batchSize: 1000 });
    const { files, parsed, stored, duplicates, rejected } = result;
    expect({ files, parsed, stored, duplicates, rejected, skipped: result.skipped.length }).toEqual({ skipped: 0, ...expected });
    expect(duplicates).toBe(await recountDuplicates(folder));

    const run = await db.prisma.importRun.findUniqueOrThrow({ where: { id: result.importRunId } });
    expect(run).toMatchObject({ status: "succeeded", files, parsed, stored, duplicates, rejected });
    expect(await db.prisma.event.count({ where: { importRunId: result.importRunId } })).toBe(stored);
    const rejects = await db.prisma.ingestReject.findMany({ where: { importRunId: result.importRunId } });
    expect(rejects).toHaveLength(rejected);
    for (const r of rejects) {
      expect(r.reason.length).toBeGreaterThan(3);
      expect(r.file.startsWith(DATASETS_DIR)).toBe(true);
      expect(r.position).not.toBe("");
    }
  });

  it("stores each event once and counts it on its principal", async () => {
    const total = FOLDERS.reduce((s, [, e]) => s + e.stored, 0);
    expect(await db.prisma.event.count()).toBe(total);
    expect(seen.size).toBe(total);
    const sum = await db.prisma.principal.aggregate({ _sum: { eventCount: true } });
    expect(Number(sum._sum.eventCount)).toBe(total);
  });

  it("adds nothing when everything is imported again", async () => {
    const before = await db.prisma.event.count();
    const again = await importFiles(db.prisma, [DATASETS_DIR], { batchSize: 3000 });
    expect(again.stored).toBe(0);
    expect(again.duplicates).toBe(again.parsed);
    expect(again.parsed).toBe(FOLDERS.reduce((s, [, e]) => s + e.parsed, 0));
    expect(await db.prisma.event.count()).toBe(before);
    const sum = await db.prisma.principal.aggregate({ _sum: { eventCount: true } });
    expect(Number(sum._sum.eventCount)).toBe(before);
  });
});
