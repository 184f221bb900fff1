import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import { finishImportRun, recordRejects, startImportRun, updateImportRunCounts } from "@/lib/server/dal/import-runs";
import type { ImportRunCounts } from "@/lib/server/dal/import-runs";
import { SYSTEM_ACTOR, writeAudit, type AuditActor } from "@/lib/server/dal/audit";
import { getEnv } from "@/lib/env";
import { listInputFiles, type TIgnoredFile } from "./import-paths";
import { storeIsolating } from "./import-isolate";
import type { TPendingEvent } from "./import-isolate";
import { parseFileBatches } from "./parse-file";
import { findOrCreateNamedAccount } from "./store-accounts";
import { storeEvents } from "./store";
import type { IngestReject, TParseOptions } from "./types";

// Files → events table, the path behind `trailwatch import` and the admin upload. Parsing streams;
// events go to the store in batches, each one transaction, with up to `concurrency` batches in
// flight while the next is parsed (the parser needs this process's CPU, the insert the database's). Counts are reported
// and written to import_runs only after a batch commits, so nothing reported is ever lost.

export interface ImportSummary {
  files: number;
  parsed: number;
  stored: number;
  duplicates: number;
  rejected: number;
  rejects: Array<{ file: string; position: string; reason: string }>;
  /** Rejects beyond the listed ones (all of them are in ingest_rejects). */
  rejectsTruncated: number;
}

/** Events older than the retention in this import: kept for the retention from their import (jobs/handlers/retention.ts). */
export interface ImportRetention {
  days: number;
  /** Parsed events whose event time is older than the retention (duplicates included). */
  olderEvents: number;
  olderFrom: Date | null;
  olderTo: Date | null;
  /** When the events stored by this import become due for retention. */
  keptUntil: Date;
}

export interface ImportResult extends ImportSummary {
  importRunId: bigint;
  skipped: Array<{ file: string; position: string; reason: string }>;
  /** Records read despite a flaw in the file (e.g. broken JSON recovered), so the user knows. */
  warnings: Array<{ file: string; position: string; message: string }>;
  /** Files in the given folders that were not read, with the reason. */
  ignored: TIgnoredFile[];
  retention: ImportRetention;
  timeFrom: Date | null;
  timeTo: Date | null;
  durationMs: number;
  /** False when no file yielded an event or a recognised skip: the CLI exits non-zero. */
  readAnything: boolean;
}

export interface ImportProgress {
  files: number;
  filesDone: number;
  file: string;
  parsed: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** Events older than the retention seen so far. */
  retention: Readonly<ImportRetention>;
  elapsedMs: number;
}

export interface ImportOptions {
  /** Display name of the cloud account every event goes to (found or created). */
  account?: string;
  /** Id of an existing cloud account every event goes to (the upload page's choice); wins over `account`. */
  accountId?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Events per store transaction. Default 4,000. */
  batchSize?: number;
  /** Rejects listed in the summary (all are recorded). Default 1,000. */
  maxListedRejects?: number;
  ownPrincipalKeys?: ReadonlySet<string>;
  parseOptions?: TParseOptions;
  /** Store transactions in flight at once while parsing continues. Default 2: the database gets both cores when parsing waits. */
  concurrency?: number;
  /** The store to use; tests inject one that fails part-way. */
  store?: typeof storeEvents;
  source?: string;
  /** Days of retention to report against. Default TRAILWATCH_RETENTION_DAYS. */
  retentionDays?: number;
  /** Who the audit log names as starting the import. Default SYSTEM_ACTOR (the first-start demo). */
  actor?: AuditActor;
}

function auditCounts(c: ImportRunCounts, accountId: string | undefined) {
  return { files: c.files, parsed: c.parsed, stored: c.stored, duplicates: c.duplicates, rejected: c.rejected, accountId: accountId ?? null };
}

export async function importFiles(db: TPrisma, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const input = await listInputFiles(paths);
  const batchSize = opts.batchSize ?? 4000;
  const maxListed = opts.maxListedRejects ?? 1000;
  const actor = opts.actor ?? SYSTEM_ACTOR;
  const runId = await startImportRun(db, { source: opts.source ?? `import ${paths.join(" ")}` });
  await writeAudit(db, actor, { action: "import.start", targetType: "import_run", targetId: runId, details: { source: opts.source ?? "import", files: input.files.length, account: opts.account ?? null, accountId: opts.accountId ?? null } });
  const days = opts.retentionDays ?? getEnv().TRAILWATCH_RETENTION_DAYS;
  const cutoff = Date.now() - days * 86_400_000;
  const retention: ImportRetention = { days, olderEvents: 0, olderFrom: null, olderTo: null, keptUntil: new Date(Date.now() + days * 86_400_000) };
  const counts: ImportRunCounts = { files: 0, parsed: 0, stored: 0, duplicates: 0, rejected: 0, timeFrom: null, timeTo: null };
  const result: ImportResult = {
    files: input.files.length, parsed: 0, stored: 0, duplicates: 0, rejected: 0, rejects: [], rejectsTruncated: 0,
    importRunId: runId, skipped: [], warnings: [], ignored: input.ignored, retention, timeFrom: null, timeTo: null, durationMs: 0, readAnything: false,
  };
  let account: { id: string } | undefined = opts.accountId ? { id: opts.accountId } : undefined;
  let pendingRejects: IngestReject[] = [];
  let batch: TPendingEvent[] = [];
  const inflight: Array<Promise<void>> = [];
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  let file = "";

  const progress = () =>
    opts.onProgress?.({ ...counts, files: input.files.length, filesDone: counts.files, file, retention, elapsedMs: performance.now() - started });
  const noteOlder = (t: Date) => {
    if (t.getTime() >= cutoff) return;
    retention.olderEvents++;
    if (!retention.olderFrom || t < retention.olderFrom) retention.olderFrom = t;
    if (!retention.olderTo || t > retention.olderTo) retention.olderTo = t;
  };
  const reject = (r: IngestReject) => {
    counts.rejected++;
    pendingRejects.push(r);
    if (result.rejects.length < maxListed) result.rejects.push({ file: r.file, position: r.position, reason: r.reason });
    else result.rejectsTruncated++;
  };
  const flushRejects = async () => {
    const rows = pendingRejects;
    pendingRejects = [];
    await recordRejects(db, runId, rows);
  };
  const storeBatch = async (events: TPendingEvent[]) => {
    if (opts.account && !account) account = await findOrCreateNamedAccount(db, opts.account, events[0].event.provider);
    const { stored, duplicates, timeFrom, timeTo, refused } = await storeIsolating(db, events, opts.store ?? storeEvents, {
      accountOverride: account, importRunId: runId, ownPrincipalKeys: opts.ownPrincipalKeys,
    });
    counts.stored += stored;
    counts.duplicates += duplicates;
    if (timeFrom && (!counts.timeFrom || timeFrom < counts.timeFrom)) counts.timeFrom = timeFrom;
    if (timeTo && (!counts.timeTo || timeTo > counts.timeTo)) counts.timeTo = timeTo;
    for (const r of refused) reject(r);
    await flushRejects();
    await updateImportRunCounts(db, runId, counts);
    progress();
  };
  const dispatch = async () => {
    const events = batch;
    batch = [];
    if (events.length === 0) return;
    while (inflight.length >= concurrency) await inflight.shift();
    const p = storeBatch(events);
    p.catch(() => undefined); // awaited later (or at the end); this only keeps the interim rejection handled
    inflight.push(p);
  };

  try {
    for (const path of input.files) {
      file = path;
      for await (const results of parseFileBatches(path, opts.parseOptions)) {
        for (const r of results) {
          if (r.kind === "event") {
            counts.parsed++;
            noteOlder(r.event.eventTime);
            batch.push({ event: r.event, file: path, position: r.position });
          } else if (r.kind === "reject") reject(r.reject);
          else if (r.kind === "skip") result.skipped.push({ file: r.file, position: r.position, reason: r.reason });
          else result.warnings.push({ file: r.file, position: r.position, message: r.reason });
        }
        if (batch.length >= batchSize) await dispatch();
      }
      counts.files++;
      if (pendingRejects.length >= 1000) await flushRejects();
      progress();
    }
    await dispatch();
    while (inflight.length) await inflight.shift();
    await flushRejects();
    await finishImportRun(db, runId, counts, { status: "succeeded", accountId: account?.id });
  } catch (error) {
    // Batches that committed stay, and so do their counts; the rest is retried by importing again.
    await Promise.allSettled(inflight);
    await finishImportRun(db, runId, counts, { status: "failed", error: error instanceof Error ? error.message : String(error), accountId: account?.id }).catch(() => undefined);
    await writeAudit(db, actor, { action: "import.fail", targetType: "import_run", targetId: runId, details: auditCounts(counts, account?.id) }).catch(() => undefined);
    throw error;
  }
  await writeAudit(db, actor, { action: "import.finish", targetType: "import_run", targetId: runId, details: auditCounts(counts, account?.id) });
  Object.assign(result, { parsed: counts.parsed, stored: counts.stored, duplicates: counts.duplicates, rejected: counts.rejected, timeFrom: counts.timeFrom, timeTo: counts.timeTo });
  result.durationMs = Math.round(performance.now() - started);
  result.readAnything = counts.parsed > 0 || result.skipped.length > 0;
  return result;
}
