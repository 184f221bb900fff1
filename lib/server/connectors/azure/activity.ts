import "server-only";
import { z } from "zod";
import { withRetry } from "../retry";
import type { TSleep } from "../retry";
import type { RunRecorder } from "../run-recorder";
import type { PageBudget } from "../types";
import { activityFilter, fetchActivityPage, normalizeActivityPage } from "./activity-page";
import type { TAzureClients } from "./clients";

// The subscription's Activity Log read in consecutive windows [windowStart, windowEnd], forward
// from the backfill horizon to now. After each committed page the checkpoint holds the nextLink;
// a finished window moves on, re-reading OVERLAP_MS of the last one for late-arriving records.

export const ZActivityState = z.object({
  windowStart: z.iso.datetime(),
  windowEnd: z.iso.datetime(),
  nextLink: z.url().optional(),
  /** Latest event time stored so far (the "synced until" the accounts page shows). */
  lastEventTime: z.iso.datetime().optional(),
  complete: z.boolean().default(false),
});
export type TActivityState = z.infer<typeof ZActivityState>;

export const ACTIVITY_OVERLAP_MS = 30 * 60_000;
const MIN_WINDOW_MS = 60_000;

export interface TActivityContext {
  clients: TAzureClients;
  subscriptionId: string;
  recorder: RunRecorder;
  budget: PageBudget;
  now: Date;
  backfillDays: number;
  windowHours: number;
  sleep: TSleep;
  signal?: AbortSignal;
  onPage?: () => void;
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

/** Retry-After in ms for 429 (seconds or an HTTP date), backoff for 5xx and network errors, else no retry. */
export function classifyAzureError(error: unknown): number | null | undefined {
  const status = statusOf(error);
  if (status === 429) {
    const header = (error as { response?: { headers?: { get(name: string): string | undefined } } }).response?.headers?.get("retry-after");
    const seconds = header ? Number(header) : NaN;
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = header ? Date.parse(header) : NaN;
    return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
  }
  if (status === undefined ? (error as { code?: string } | null)?.code === "REQUEST_SEND_ERROR" : status >= 500) return null;
  return undefined;
}

function nextWindow(start: Date, now: Date, hours: number): TActivityState {
  const end = Math.min(now.getTime(), start.getTime() + hours * 3_600_000);
  return { windowStart: start.toISOString(), windowEnd: new Date(end).toISOString(), complete: false };
}

function startState(saved: unknown, ctx: TActivityContext): TActivityState | null {
  const parsed = ZActivityState.safeParse(saved);
  if (!parsed.success) return nextWindow(new Date(ctx.now.getTime() - ctx.backfillDays * 86_400_000), ctx.now, ctx.windowHours);
  const s = parsed.data;
  if (!s.complete) return s;
  const end = new Date(s.windowEnd).getTime();
  if (ctx.now.getTime() - end < MIN_WINDOW_MS) return null;
  return { ...nextWindow(new Date(end - ACTIVITY_OVERLAP_MS), ctx.now, ctx.windowHours), lastEventTime: s.lastEventTime };
}

/** Reads windows until caught up with now (true) or stopped by the budget or abort (false). */
export async function pollActivityLog(ctx: TActivityContext, saved: unknown): Promise<boolean> {
  let state = startState(saved, ctx);
  const file = `activity-log/${ctx.subscriptionId}`;
  while (state) {
    if (ctx.budget.exhausted || ctx.signal?.aborted) return false;
    ctx.budget.take();
    const current: TActivityState = state;
    const filter = activityFilter(new Date(current.windowStart), new Date(current.windowEnd));
    let page;
    try {
      page = await withRetry(() => fetchActivityPage(ctx.clients, filter, current.nextLink, ctx.signal), { sleep: ctx.sleep, signal: ctx.signal, classify: classifyAzureError });
    } catch (error) {
      const status = statusOf(error);
      if (!current.nextLink || (status !== 400 && status !== 404)) throw error;
      // A stale nextLink: read the window again from its start; the store drops what was already stored.
      state = { ...current, nextLink: undefined };
      continue;
    }
    const { events, rejects } = normalizeActivityPage(page.records, file);
    let lastEventTime = current.lastEventTime;
    for (const e of events) if (!lastEventTime || e.eventTime.toISOString() > lastEventTime) lastEventTime = e.eventTime.toISOString();
    const after: TActivityState = page.nextLink
      ? { ...current, nextLink: page.nextLink, lastEventTime }
      : { windowStart: current.windowStart, windowEnd: current.windowEnd, lastEventTime, complete: true };
    await ctx.recorder.commit({ events, rejects, parsed: page.records.length, checkpoint: { key: "default", state: after } });
    ctx.recorder.pages++;
    ctx.onPage?.();
    state = after.complete ? startState(after, ctx) : after;
  }
  return true;
}
