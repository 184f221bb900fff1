import "server-only";
import type { TPrisma } from "@/lib/server/db/client";
import { finishImportRun, recordRejects, startImportRun, updateImportRunCounts } from "@/lib/server/dal/import-runs";
import type { ImportRunCounts } from "@/lib/server/dal/import-runs";
import { storeEvents } from "@/lib/server/ingest/store";
import type { IngestReject, NormalizedEvent } from "@/lib/server/ingest/types";
import { saveStreamCheckpoint } from "./checkpoint";
import type { TStreamName } from "./checkpoint";
import { errorMessage } from "./retry";

// One import_runs row per connector stream per poll ("connector:aws-lookup", …). Each commit is
// one transaction holding the events, the rejects and the checkpoint that covers them: a crash
// before it loses nothing (the page is read again), a crash after it repeats nothing.

export interface TCommit {
  events: NormalizedEvent[];
  rejects?: IngestReject[];
  /** Records read (events + rejects before dedupe), for import_runs.parsed. */
  parsed: number;
  files?: number;
  checkpoint: { key: string; state: unknown };
}

export class RunRecorder {
  readonly counts: ImportRunCounts = { files: 0, parsed: 0, stored: 0, duplicates: 0, rejected: 0, timeFrom: null, timeTo: null };
  pages = 0;

  private constructor(
    private readonly db: TPrisma,
    private readonly accountId: string,
    private readonly stream: TStreamName,
    readonly runId: bigint,
    private readonly ownPrincipalKeys: ReadonlySet<string>,
  ) {}

  static async start(db: TPrisma, accountId: string, stream: TStreamName, ownPrincipalKeys: ReadonlySet<string>): Promise<RunRecorder> {
    const runId = await startImportRun(db, { source: `connector:${stream}`, accountId });
    return new RunRecorder(db, accountId, stream, runId, ownPrincipalKeys);
  }

  async commit(c: TCommit): Promise<void> {
    const rejects = c.rejects ?? [];
    const result = await this.db.$transaction(
      async (tx) => {
        const stored = await storeEvents(tx, c.events, { accountOverride: { id: this.accountId }, importRunId: this.runId, ownPrincipalKeys: this.ownPrincipalKeys });
        if (rejects.length > 0) await recordRejects(tx as TPrisma, this.runId, rejects);
        await saveStreamCheckpoint(tx, this.accountId, this.stream, c.checkpoint.key, c.checkpoint.state);
        return stored;
      },
      { maxWait: 30_000, timeout: 300_000 },
    );
    const k = this.counts;
    k.files += c.files ?? 0;
    k.parsed += c.parsed;
    k.stored += result.stored;
    k.duplicates += result.duplicates;
    k.rejected += rejects.length;
    if (result.timeFrom && (!k.timeFrom || result.timeFrom < k.timeFrom)) k.timeFrom = result.timeFrom;
    if (result.timeTo && (!k.timeTo || result.timeTo > k.timeTo)) k.timeTo = result.timeTo;
    await updateImportRunCounts(this.db, this.runId, k);
  }

  async finish(error?: unknown): Promise<void> {
    await finishImportRun(this.db, this.runId, this.counts, error === undefined ? { status: "succeeded" } : { status: "failed", error: errorMessage(error) });
  }
}
