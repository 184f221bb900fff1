import "server-only";
import { LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import type { CloudTrailClient, Event as TLookupEvent } from "@aws-sdk/client-cloudtrail";
import { normalizeRecord } from "@/lib/server/ingest/normalize-record";
import type { IngestReject, NormalizedEvent } from "@/lib/server/ingest/types";
import { awsErrorName, createPacer, withRetry } from "../retry";
import type { TSleep } from "../retry";
import type { RunRecorder } from "../run-recorder";
import type { PageBudget } from "../types";
import { ZLookupState } from "./lookup-state";
import type { TLookupState } from "./lookup-state";

// One region's LookupEvents stream (DOMAIN.md §2). LookupEvents answers newest first, 50 per page,
// at most 2 requests/s per account and region. A window [start, end] is read page by page; after
// each committed page the checkpoint holds the NextToken and the oldest time read so far, so a
// crash resumes at the next page, and an expired token resumes at that time (duplicates dropped).

const PAGE_SIZE = 50;
const REQUEST_INTERVAL_MS = 500;
/** Events reach LookupEvents minutes after the call: each new window re-reads this much of the last. */
export const LOOKUP_OVERLAP_MS = 20 * 60_000;
/** A caught-up region is not queried again until this much time has passed. */
const MIN_WINDOW_MS = 60_000;

export interface TLookupContext {
  client: CloudTrailClient;
  region: string;
  recorder: RunRecorder;
  budget: PageBudget;
  now: Date;
  backfillDays: number;
  sleep: TSleep;
  signal?: AbortSignal;
  /** With a trail bucket, LookupEvents only onboards: a finished first window is not renewed. */
  onboardOnly: boolean;
  onPage?: () => void;
}

export function initialLookupState(saved: unknown, now: Date, backfillDays: number, onboardOnly: boolean): TLookupState | null {
  const parsed = ZLookupState.safeParse(saved);
  if (parsed.success) {
    const s = parsed.data;
    if (!s.complete) return s;
    if (onboardOnly) return null;
    const end = new Date(s.windowEnd);
    if (now.getTime() - end.getTime() < MIN_WINDOW_MS) return null;
    return { windowStart: new Date(end.getTime() - LOOKUP_OVERLAP_MS).toISOString(), windowEnd: now.toISOString(), complete: false };
  }
  return { windowStart: new Date(now.getTime() - backfillDays * 86_400_000).toISOString(), windowEnd: now.toISOString(), complete: false };
}

function toEvents(page: TLookupEvent[], region: string): { events: NormalizedEvent[]; rejects: IngestReject[]; oldest: Date | null } {
  const events: NormalizedEvent[] = [];
  const rejects: IngestReject[] = [];
  let oldest: Date | null = null;
  const file = `lookup-events/${region}`;
  for (const item of page) {
    if (item.EventTime && (!oldest || item.EventTime < oldest)) oldest = item.EventTime;
    const position = `event ${item.EventId ?? "?"}`;
    let record: unknown;
    try {
      record = JSON.parse(item.CloudTrailEvent ?? "");
    } catch {
      rejects.push({ file, position, reason: "CloudTrailEvent is not JSON", raw: item.CloudTrailEvent ?? null });
      continue;
    }
    const out = normalizeRecord(record, { fileKey: file }, "aws");
    if (out.ok) events.push(out.event);
    else rejects.push({ file, position, reason: out.reason, raw: item.CloudTrailEvent ?? null });
  }
  return { events, rejects, oldest };
}

/** Reads one region until its window is done or the budget/abort stops it; returns whether the region is caught up. */
export async function pollLookupRegion(ctx: TLookupContext, saved: unknown): Promise<boolean> {
  let state = initialLookupState(saved, ctx.now, ctx.backfillDays, ctx.onboardOnly);
  if (!state) return true;
  const pace = createPacer(REQUEST_INTERVAL_MS, ctx.sleep);
  while (!state.complete) {
    if (ctx.budget.exhausted || ctx.signal?.aborted) return false;
    ctx.budget.take();
    const current: TLookupState = state;
    let out;
    try {
      out = await withRetry(
        async () => {
          await pace(ctx.signal);
          return ctx.client.send(
            new LookupEventsCommand({ StartTime: new Date(current.windowStart), EndTime: new Date(current.windowEnd), MaxResults: PAGE_SIZE, NextToken: current.nextToken }),
            { abortSignal: ctx.signal },
          );
        },
        { sleep: ctx.sleep, signal: ctx.signal, classify: (e) => (awsErrorName(e) === "ThrottlingException" ? null : undefined) },
      );
    } catch (error) {
      if (awsErrorName(error) !== "InvalidNextTokenException" || !current.nextToken) throw error;
      // Tokens expire: everything newer than the oldest event read is stored, so narrow the window to it.
      state = { ...current, windowEnd: current.lastEventTime ?? current.windowEnd, nextToken: undefined };
      continue;
    }
    const { events, rejects, oldest } = toEvents(out.Events ?? [], ctx.region);
    const lastEventTime = oldest && (!current.lastEventTime || oldest < new Date(current.lastEventTime)) ? oldest.toISOString() : current.lastEventTime;
    state = out.NextToken
      ? { ...current, nextToken: out.NextToken, lastEventTime }
      : { windowStart: current.windowStart, windowEnd: current.windowEnd, lastEventTime, complete: true };
    await ctx.recorder.commit({ events, rejects, parsed: (out.Events ?? []).length, checkpoint: { key: ctx.region, state } });
    ctx.recorder.pages++;
    ctx.onPage?.();
  }
  return true;
}
