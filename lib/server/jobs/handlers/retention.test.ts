import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFiles } from "@/lib/server/ingest/import-files";
import { parseFile } from "@/lib/server/ingest/parse-file";
import { storeEvents } from "@/lib/server/ingest/store";
import type { NormalizedEvent } from "@/lib/server/ingest/types";
import { silentJobContext } from "@/lib/server/scoring/test-world";
import { datasetPath } from "@/test/helpers/datasets";
import { createTestDatabase, type TestDatabase } from "@/test/helpers/db";
import { retentionHandler } from "./retention";

// Issue 15: retention ran within minutes of a worker start and deleted a whole import of logs from
// earlier in the year. Imported history counts from its import; the rest still goes by event time.

let db: TestDatabase;
let pool: pg.Pool;
const count = async (sql: string, params: unknown[] = []) => Number((await pool.query<{ n: string }>(sql, params)).rows[0].n);
const DAY = 86_400_000;

async function eventsOf(file: string): Promise<NormalizedEvent[]> {
  const out: NormalizedEvent[] = [];
  for await (const r of parseFile(file)) if (r.kind === "event") out.push(r.event);
  return out;
}

/** A CloudTrail file of `n` records `daysAgo` days old, as someone would import it. */
function recentTrail(dir: string, n: number, daysAgo: number): string {
  const file = path.join(dir, "recent.json");
  const at = Date.now() - daysAgo * DAY;
  const Records = Array.from({ length: n }, (_, i) => ({
    eventVersion: "1.08", eventID: `recent-${i}`, eventTime: new Date(at + i * 1000).toISOString(), eventSource: "s3.amazonaws.com",
    eventName: "GetObject", awsRegion: "eu-west-1", recipientAccountId: "111122223333",
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/alice", accountId: "111122223333" },
  }));
  fs.writeFileSync(file, JSON.stringify({ Records }));
  return file;
}

describe("retention and imported history (real PostgreSQL)", () => {
  let tmp: string;
  let oldImportRun: bigint;
  let oldImported: number;
  let recentImported: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pool.on("error", () => undefined);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tw-retention-"));
    // Years-old Stratus detonations, imported today.
    const old = await importFiles(db.prisma, [datasetPath("aws/attacks/stratus-detonations/aws.execution.ssm-send-command.json"), datasetPath("aws/attacks/stratus-detonations/aws.persistence.iam-create-admin-user.json")]);
    oldImportRun = old.importRunId;
    oldImported = old.stored;
    expect(old.timeTo!.getTime()).toBeLessThan(Date.now() - 365 * DAY);
    recentImported = (await importFiles(db.prisma, [recentTrail(tmp, 5, 2)])).stored;
    // Old events stored without an import run (the synthetic loaders do this): event time decides.
    await storeEvents(db.prisma, await eventsOf(datasetPath("aws/attacks/stratus-detonations/aws.credential-access.ec2-get-password-data.json")));
  }, 120_000);

  afterAll(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await pool?.end();
    await db?.drop();
  });

  it("keeps what was just imported, however old its events, and purges old events no import brought", async () => {
    expect(oldImported).toBe(59);
    const noRun = await count(`SELECT count(*) AS n FROM events WHERE import_run_id IS NULL`);
    expect(noRun).toBe(34);
    const out = (await retentionHandler({}, silentJobContext(pool, db.prisma))) as { deletedEvents: number };
    expect(out.deletedEvents).toBe(noRun);
    expect(await count(`SELECT count(*) AS n FROM events WHERE import_run_id = $1`, [oldImportRun])).toBe(oldImported);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(oldImported + recentImported);
  });

  it("purges imported history once the retention has passed since its import, and keeps recent events", async () => {
    await pool.query(`UPDATE events SET ingested_at = now() - interval '91 days'`);
    const out = (await retentionHandler({ days: 90 }, silentJobContext(pool, db.prisma))) as { deletedEvents: number };
    expect(out.deletedEvents).toBe(oldImported);
    expect(await count(`SELECT count(*) AS n FROM events`)).toBe(recentImported);
    expect(recentImported).toBe(5);
  });
});
