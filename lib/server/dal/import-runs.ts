import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import { capUtf8, toPostgresJson, toPostgresText } from "@/lib/server/ingest/store-json";
import type { IngestReject } from "@/lib/server/ingest/types";

// What each import or connector run did (issue 3): one import_runs row per run, its rejected
// records in ingest_rejects. Counts are written as the run goes, so a run that dies mid-way
// still shows what it committed; its status stays "running" until finished or failed.

export interface ImportRunCounts {
  files: number;
  parsed: number;
  stored: number;
  duplicates: number;
  rejected: number;
  timeFrom: Date | null;
  timeTo: Date | null;
}

export type TImportRunStatus = "succeeded" | "failed";

/** Raw text of a reject is capped to this many UTF-8 bytes. */
export const REJECT_RAW_MAX_BYTES = 8192;

export async function startImportRun(db: TPrisma, input: { source: string; accountId?: string | null }): Promise<bigint> {
  const run = await db.importRun.create({
    data: { source: toPostgresText(input.source).slice(0, 1000), accountId: input.accountId ?? null },
    select: { id: true },
  });
  return run.id;
}

/** Writes the counts so far (the run stays "running"). */
export async function updateImportRunCounts(db: TPrisma, id: bigint, counts: ImportRunCounts): Promise<void> {
  await db.importRun.update({ where: { id }, data: { ...counts } });
}

export async function finishImportRun(
  db: TPrisma,
  id: bigint,
  counts: ImportRunCounts,
  outcome: { status: TImportRunStatus; error?: string | null; accountId?: string | null } = { status: "succeeded" },
): Promise<void> {
  await db.importRun.update({
    where: { id },
    data: {
      ...counts,
      status: outcome.status,
      error: outcome.error ? toPostgresText(outcome.error).slice(0, 4000) : null,
      ...(outcome.accountId ? { accountId: outcome.accountId } : {}),
      finishedAt: new Date(),
    },
  });
}

/** Inserts rejects in one statement; raw capped at REJECT_RAW_MAX_BYTES. */
export async function recordRejects(db: TPrisma, importRunId: bigint | null, rejects: readonly IngestReject[]): Promise<void> {
  if (rejects.length === 0) return;
  const rows = rejects.map((r) => ({
    f: capUtf8(r.file, 2048),
    p: capUtf8(r.position, 1024),
    r: capUtf8(r.reason, 4096),
    w: capUtf8(r.raw, REJECT_RAW_MAX_BYTES),
  }));
  await db.$executeRawUnsafe(
    `INSERT INTO ingest_rejects (import_run_id, file, position, reason, raw)
     SELECT $2::bigint, x.f, x.p, x.r, x.w FROM jsonb_to_recordset($1::jsonb) AS x(f text, p text, r text, w text)`,
    toPostgresJson(rows),
    importRunId,
  );
}

export async function getImportRun(db: TPrisma, id: bigint) {
  return db.importRun.findUnique({
    where: { id },
    select: { id: true, source: true, accountId: true, status: true, files: true, parsed: true, stored: true, duplicates: true, rejected: true, timeFrom: true, timeTo: true, error: true, startedAt: true, finishedAt: true },
  });
}

export async function listImportRuns(db: TPrisma, opts: { take?: number } = {}) {
  return db.importRun.findMany({
    orderBy: { startedAt: "desc" },
    take: Math.min(opts.take ?? 50, 500),
    select: { id: true, source: true, accountId: true, status: true, files: true, parsed: true, stored: true, duplicates: true, rejected: true, timeFrom: true, timeTo: true, error: true, startedAt: true, finishedAt: true },
  });
}
