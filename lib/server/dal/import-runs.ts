import "server-only";
import type pg from "pg";
import type { TPrisma } from "@/lib/server/db/client";
import { capUtf8, toPostgresJson, toPostgresText } from "@/lib/server/ingest/store-json";
import type { IngestReject } from "@/lib/server/ingest/types";

// What each import or connector run did (issue 3): one import_runs row per run, its rejected
// records in ingest_rejects. Counts are written as the run goes, so a run that dies mid-way
// still shows what it committed; its status stays "running" until finished or failed, or until the
// hourly housekeeping finds its heartbeat stopped (a killed process) and marks it interrupted.

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
  await db.importRun.update({ where: { id }, data: { ...counts, heartbeatAt: new Date() } });
}

/** A running run without a progress write for this long belonged to a process that stopped. */
export const IMPORT_RUN_STALE_MINUTES = 30;

/**
 * Marks "running" runs whose heartbeat stopped IMPORT_RUN_STALE_MINUTES ago as failed (interrupted),
 * keeping their counts: what they committed stays stored. A run that is only slow and writes again
 * later is finished by its own process as usual. Returns the ids marked.
 */
export async function markInterruptedImportRuns(pool: pg.Pool, staleMinutes = IMPORT_RUN_STALE_MINUTES): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `UPDATE import_runs SET status = 'failed', finished_at = now(),
       error = 'interrupted: no progress for ' || $1::int || ' minutes (the process running it stopped); what it stored is kept'
     WHERE status = 'running' AND heartbeat_at < now() - make_interval(mins => $1::int)
     RETURNING id::text`,
    [staleMinutes],
  );
  return rows.map((r) => r.id);
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
