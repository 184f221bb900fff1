import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { datasetPath } from "@/test/helpers/datasets";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { importFiles } from "./import-files";
import { ImportPathError } from "./import-paths";
import { parseFileBatches } from "./parse-file";
import { storeEvents } from "./store";
import { isVerbatimSafe } from "./store-json";
import type { NormalizedEvent } from "./types";

// Crash and retry, hostile input, --account and the detector's own identity. Each test starts
// from empty event tables.

let db: TestDatabase;
let tmp: string;
const SESSIONS = datasetPath("aws/benign/console-sessions");
const SESSIONS_DISTINCT = 6239; // import-files.datasets.test.ts

function record(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: "1.08", eventID: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, eventTime: "2024-03-01T10:00:00Z",
    eventSource: "iam.amazonaws.com", eventName: "ListUsers", awsRegion: "us-east-1", recipientAccountId: "123456789012",
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/alice", accountId: "123456789012" }, ...extra,
  };
}

function write(name: string, content: string | Buffer): string {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});
beforeEach(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tw-import-"));
  await db.prisma.$executeRawUnsafe("TRUNCATE events, principals, cloud_accounts, import_runs, ingest_rejects CASCADE");
});

describe("importFiles", () => {
  it("loses nothing and duplicates nothing when a crash mid-import is retried", async () => {
    let calls = 0;
    const failing: typeof storeEvents = async (tx, events, opts) => {
      if (++calls > 3) throw new Error("simulated crash");
      return storeEvents(tx, events, opts);
    };
    await expect(importFiles(db.prisma, [SESSIONS], { batchSize: 500, store: failing })).rejects.toThrow("simulated crash");
    const failed = await db.prisma.importRun.findFirstOrThrow();
    expect(failed.status).toBe("failed");
    expect(failed.error).toBe("simulated crash");
    const committed = await db.prisma.event.count();
    expect(committed).toBeGreaterThan(0);
    expect(failed.stored).toBe(committed); // what the run reported as stored is exactly what is there

    const retry = await importFiles(db.prisma, [SESSIONS], { batchSize: 500 });
    expect(retry.stored).toBe(SESSIONS_DISTINCT - committed);
    expect(await db.prisma.event.count()).toBe(SESSIONS_DISTINCT);
    const sum = await db.prisma.principal.aggregate({ _sum: { eventCount: true } });
    expect(Number(sum._sum.eventCount)).toBe(SESSIONS_DISTINCT);
  });

  it("names a missing path and imports nothing", async () => {
    await expect(importFiles(db.prisma, [path.join(tmp, "nope"), SESSIONS])).rejects.toThrow(ImportPathError);
    await expect(importFiles(db.prisma, [path.join(tmp, "nope")])).rejects.toThrow(/nope \(ENOENT\)/);
    expect(await db.prisma.importRun.count()).toBe(0);
  });

  it("reports an empty folder as nothing read", async () => {
    fs.mkdirSync(path.join(tmp, "empty"));
    const result = await importFiles(db.prisma, [path.join(tmp, "empty")]);
    expect(result).toMatchObject({ files: 0, parsed: 0, stored: 0, readAnything: false });
  });

  it("keeps a 1 MB <script> string verbatim in raw and strings PostgreSQL cannot hold as U+FFFD", async () => {
    const script = `<script>alert(1)</script>${"x".repeat(1_000_000)}`;
    const file = write("hostile.json", JSON.stringify({ Records: [
      record(1, { userAgent: script }),
      record(2, { requestParameters: { nul: "a\u0000b", lone: "c\ud800d", escaped: "\\u0000 stays" } }),
    ] }));
    const result = await importFiles(db.prisma, [file], { parseOptions: { maxRecordBytes: 2 * 1024 * 1024 } });
    expect(result).toMatchObject({ parsed: 2, stored: 2, rejected: 0 });
    const [first, second] = await db.prisma.event.findMany({ orderBy: { providerEventId: "asc" }, select: { raw: true, userAgent: true } });
    expect((first.raw as { userAgent: string }).userAgent).toBe(script);
    expect(first.userAgent).toBe(script);
    expect((second.raw as { requestParameters: unknown }).requestParameters).toEqual({ nul: "a\ufffdb", lone: "c\ufffdd", escaped: "\\u0000 stays" });
  });

  it("stores records as the text they arrived in, except numbers jsonb would expand or refuse", async () => {
    const line = (i: number, extra: string) => JSON.stringify(record(i)).replace(/}$/, `, ${extra}}`);
    const file = write("numbers.jsonl", [
      line(1, '"big": 12345678901234567890,   "id": "e12345-1e999"'), // digits JSON.parse would round; exponent-like text in a string
      line(2, '"huge": 1e9999'), // jsonb: 10,000 digits
      line(3, '"tiny": 1e-16384'), // jsonb: refused
    ].join("\n"));
    const parsed: NormalizedEvent[] = [];
    for await (const batch of parseFileBatches(file)) for (const r of batch) if (r.kind === "event") parsed.push(r.event);
    expect(parsed.map((e) => isVerbatimSafe(e.rawText!))).toEqual([true, false, false]);
    expect(await importFiles(db.prisma, [file])).toMatchObject({ parsed: 3, stored: 3, rejected: 0 });
    const rows = await db.prisma.$queryRawUnsafe<Array<{ big: string | null; id: string | null; huge: string | null; tiny: string | null; size: number }>>(
      `SELECT raw->>'big' AS big, raw->>'id' AS id, raw->>'huge' AS huge, raw->>'tiny' AS tiny, length(raw::text) AS size FROM events ORDER BY provider_event_id`,
    );
    expect(rows.map(({ size, ...r }) => ({ ...r, small: size < 1000 }))).toEqual([
      { big: "12345678901234567890", id: "e12345-1e999", huge: null, tiny: null, small: true },
      { big: null, id: null, huge: null, tiny: null, small: true },
      { big: null, id: null, huge: null, tiny: "0", small: true },
    ]);
  });

  it("turns an event the database refuses into a reject and stores the rest of its batch", async () => {
    // The parser already rejects what PostgreSQL would refuse (far dates, huge ids), so a hook
    // makes the real database raise a data error (22012) whenever the poisoned event is in the batch.
    const poisoned = "00000000-0000-4000-8000-000000000007";
    const store: typeof storeEvents = async (tx, events, opts) => {
      if (events.some((e) => e.providerEventId === poisoned)) await tx.$queryRawUnsafe("SELECT 1/0");
      return storeEvents(tx, events, opts);
    };
    const file = write("ten.json", JSON.stringify({ Records: Array.from({ length: 10 }, (_, i) => record(i)) }));
    const result = await importFiles(db.prisma, [file], { store });
    expect(result).toMatchObject({ parsed: 10, stored: 9, rejected: 1 });
    expect(result.rejects).toEqual([{ file, position: "record 8", reason: expect.stringMatching(/^refused by the database: .*division by zero/) }]);
    const [reject] = await db.prisma.ingestReject.findMany();
    expect(reject.raw).toContain(poisoned);
    expect(await db.prisma.event.count()).toBe(9);
  });

  it("stores everything under --account and marks the detector's own principal", async () => {
    const file = write("a.jsonl", [record(1), record(2, { userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/trailwatch" } })].map((r) => JSON.stringify(r)).join("\n"));
    const own = new Set(["arn:aws:iam::123456789012:user/trailwatch"]);
    const result = await importFiles(db.prisma, [file], { account: "Production", ownPrincipalKeys: own });
    expect(result.stored).toBe(2);
    const accounts = await db.prisma.cloudAccount.findMany();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ displayName: "Production", provider: "aws", status: "active", config: { source: "file" } });
    const events = await db.prisma.event.findMany({ select: { isOwn: true, accountId: true }, orderBy: { providerEventId: "asc" } });
    expect(events).toEqual([{ isOwn: false, accountId: accounts[0].id }, { isOwn: true, accountId: accounts[0].id }]);
    const again = await importFiles(db.prisma, [file], { account: "Production" });
    expect(again).toMatchObject({ stored: 0, duplicates: 2 });
    expect(await db.prisma.cloudAccount.count()).toBe(1);
  });

  it("records binary junk as file rejects and reports nothing read", async () => {
    write("junk/a.json", Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x00, 0x9c]));
    write("junk/b", Buffer.alloc(5000, 0x07));
    const result = await importFiles(db.prisma, [path.join(tmp, "junk")]);
    expect(result).toMatchObject({ files: 2, parsed: 0, rejected: 2, readAnything: false });
    const rejects = await db.prisma.ingestReject.findMany({ orderBy: { file: "asc" } });
    expect(rejects.map((r) => path.basename(r.file))).toEqual(["a.json", "b"]);
  });
});
