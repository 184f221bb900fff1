import type { TDb } from "./store-accounts";
import { isDataError, isRetryable } from "./store-json";
import type { storeEvents, StoreOptions } from "./store";
import type { IngestReject, NormalizedEvent } from "./types";

// A batch is one transaction, so one event PostgreSQL refuses (a value it cannot represent that
// the parser let through, e.g. a year past 9999) would sink the whole batch. On a data error the
// batch is split in halves and retried until the refused events stand alone; they become rejects
// with the database's reason. Any other error (connection lost, server down) propagates
// untouched: the caller stops, and a retry re-imports without duplicates.

export interface TPendingEvent {
  event: NormalizedEvent;
  file: string;
  position: string;
}

export interface TIsolatedResult {
  stored: number;
  duplicates: number;
  timeFrom: Date | null;
  timeTo: Date | null;
  refused: IngestReject[];
}

export async function storeIsolating(db: TDb, items: TPendingEvent[], store: typeof storeEvents, opts: StoreOptions): Promise<TIsolatedResult> {
  const out: TIsolatedResult = { stored: 0, duplicates: 0, timeFrom: null, timeTo: null, refused: [] };
  const run = async (part: TPendingEvent[], attempt = 0): Promise<void> => {
    try {
      const r = await store(db, part.map((p) => p.event), opts);
      out.stored += r.stored;
      out.duplicates += r.duplicates;
      if (r.timeFrom && (!out.timeFrom || r.timeFrom < out.timeFrom)) out.timeFrom = r.timeFrom;
      if (r.timeTo && (!out.timeTo || r.timeTo > out.timeTo)) out.timeTo = r.timeTo;
    } catch (error) {
      // Concurrent batches holding the same new event ids can deadlock on the unique index; PostgreSQL aborts one.
      if (isRetryable(error) && attempt < 3) return run(part, attempt + 1);
      if (!isDataError(error)) throw error;
      if (part.length === 1) {
        const { event, file, position } = part[0];
        const message = error instanceof Error ? error.message.split("\n").filter(Boolean).pop() : String(error);
        out.refused.push({ file, position, reason: `refused by the database: ${message}`, raw: safeJson(event.raw) });
        return;
      }
      const half = Math.ceil(part.length / 2);
      await run(part.slice(0, half));
      await run(part.slice(half));
    }
  };
  await run(items);
  return out;
}

function safeJson(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}
