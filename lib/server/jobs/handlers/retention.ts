// Purges events (and, by cascade, their scores) older than the retention, a small batch per
// statement so no lock is held for long; events linked to alerts are the evidence and are kept.
// History brought in by an import run (files, uploads, connector polls) counts from its arrival,
// not from its event time: someone who imports last year's CloudTrail to investigate keeps it for
// the retention period from the import, instead of losing it to the next hourly run (issue 15).
// Also marks import runs whose process died as interrupted (dal/import-runs.ts).
import { getEnv } from "@/lib/env";
import { markInterruptedImportRuns } from "@/lib/server/dal/import-runs";
import type { JobHandler } from "../context";
import type { ZRetentionPayload } from "../registry";
import type { z } from "zod";

const BATCH = 2_000;

export const retentionHandler: JobHandler<z.infer<typeof ZRetentionPayload>> = async (payload, ctx) => {
  const days = payload.days ?? getEnv().TRAILWATCH_RETENTION_DAYS;
  const cutoff = new Date(Date.now() - days * 86_400_000);
  let deleted = 0;
  for (;;) {
    if (ctx.signal.aborted) break;
    const { rowCount } = await ctx.pool.query(
      `DELETE FROM events WHERE id IN (
         SELECT e.id FROM events e WHERE e.event_time < $1
            AND (e.import_run_id IS NULL OR e.ingested_at < $1)
            AND NOT EXISTS (SELECT 1 FROM alert_events ae WHERE ae.event_id = e.id)
          LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [cutoff, BATCH],
    );
    deleted += rowCount ?? 0;
    if ((rowCount ?? 0) < BATCH) break;
  }
  // Scores of kept (alert-linked) events stay: they are part of the alert's evidence.
  // Housekeeping on the same hourly slot: imports and connector runs whose process was killed.
  const interrupted = await markInterruptedImportRuns(ctx.pool);
  if (interrupted.length) ctx.log.warn("import runs marked interrupted", { importRunIds: interrupted });
  ctx.log.info("retention done", { days, cutoff: cutoff.toISOString(), deletedEvents: deleted });
  return { deletedEvents: deleted, cutoff: cutoff.toISOString(), interruptedImportRuns: interrupted.length };
};
