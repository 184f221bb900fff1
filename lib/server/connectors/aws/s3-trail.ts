import "server-only";
import { Readable } from "node:stream";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { parseFileBatches } from "@/lib/server/ingest/parse-file";
import type { IngestReject, NormalizedEvent } from "@/lib/server/ingest/types";
import type { TAwsAccountConfig } from "../config";
import { awsErrorName, errorMessage, withRetry } from "../retry";
import type { TSleep } from "../retry";
import type { RunRecorder } from "../run-recorder";
import type { PageBudget } from "../types";
import { dayOf, dayPrefix, dayStart, isLogObjectKey, keyTime, lookbackStartAfter, nextDay } from "./trail-layout";

// One region of the trail bucket: list a day's folder, read each object with the file parser, commit
// its events with the checkpoint {day, lastKey, recent}. A day is left only once it is over by
// DAY_GRACE_MS, because delivery lags the events by minutes.
// Keys do not arrive in key order: two objects delivered in the same minute differ only in their
// random suffix, so one listed later can sort before the last key read. Each listing therefore
// starts KEY_LOOKBACK_MS of delivery time before the last key, and `recent` (the keys read within
// that span) keeps those from being read twice.

export const ZS3State = z.object({
  day: z.string().regex(/^\d{4}\/\d{2}\/\d{2}$/),
  lastKey: z.string().optional(),
  recent: z.array(z.string()).optional(),
});
export type TS3State = z.infer<typeof ZS3State>;

const DAY_GRACE_MS = 2 * 3_600_000;
export const KEY_LOOKBACK_MS = 20 * 60_000;
/** Events per transaction inside one large object; the checkpoint moves only when the object is whole. */
const CHUNK_EVENTS = 5_000;
const RETRYABLE = new Set(["SlowDown", "ThrottlingException", "InternalError", "ServiceUnavailable", "RequestTimeout"]);

export interface TS3Context {
  client: S3Client;
  trail: NonNullable<TAwsAccountConfig["trail"]>;
  accountId: string;
  region: string;
  recorder: RunRecorder;
  budget: PageBudget;
  now: Date;
  backfillDays: number;
  sleep: TSleep;
  signal?: AbortSignal;
  onPage?: () => void;
}

function toReadable(body: unknown): Readable {
  if (body instanceof Readable) return body;
  if (body && typeof body === "object" && Symbol.asyncIterator in body) return Readable.from(body as AsyncIterable<Uint8Array>);
  throw new Error("GetObject returned no readable body");
}

async function readObject(ctx: TS3Context, state: TS3State, key: string): Promise<void> {
  const retry = { sleep: ctx.sleep, signal: ctx.signal, classify: (e: unknown) => (RETRYABLE.has(awsErrorName(e) ?? "") ? null : undefined) };
  let events: NormalizedEvent[] = [];
  let rejects: IngestReject[] = [];
  let parsed = 0;
  try {
    const out = await withRetry(() => ctx.client.send(new GetObjectCommand({ Bucket: ctx.trail.bucket, Key: key }), { abortSignal: ctx.signal }), retry);
    for await (const batch of parseFileBatches({ stream: toReadable(out.Body), name: key })) {
      for (const r of batch) {
        if (r.kind === "event") events.push(r.event);
        else if (r.kind === "reject") rejects.push(r.reject);
        if (r.kind === "event" || r.kind === "reject") parsed++;
      }
      if (events.length >= CHUNK_EVENTS) {
        await ctx.recorder.commit({ events, rejects, parsed, checkpoint: { key: ctx.region, state } });
        events = [];
        rejects = [];
        parsed = 0;
      }
    }
  } catch (error) {
    // Deleted between list and get (lifecycle rules): the object is gone, record it and move on.
    if (awsErrorName(error) !== "NoSuchKey") throw error;
    rejects.push({ file: key, position: "file", reason: `object disappeared: ${errorMessage(error)}`, raw: null });
  }
  await ctx.recorder.commit({ events, rejects, parsed, files: 1, checkpoint: { key: ctx.region, state: afterRead(state, key) } });
}

/** The state once `key` is read: lastKey the greatest key read, recent the keys within the lookback of it. */
export function afterRead(state: TS3State, key: string): TS3State {
  const lastKey = state.lastKey && state.lastKey > key ? state.lastKey : key;
  const lastTime = keyTime(lastKey);
  if (lastTime === null) return { day: state.day, lastKey };
  const recent = [...(state.recent ?? []), key].filter((k) => (keyTime(k) ?? -Infinity) >= lastTime - KEY_LOOKBACK_MS);
  return { day: state.day, lastKey, recent: [...new Set(recent)].sort() };
}

/** Reads the region's folder up to now; returns whether it is caught up. */
export async function pollTrailRegion(ctx: TS3Context, saved: unknown): Promise<boolean> {
  const ok = ZS3State.safeParse(saved);
  const startDay = ctx.trail.startDate?.replaceAll("-", "/") ?? dayOf(new Date(ctx.now.getTime() - ctx.backfillDays * 86_400_000));
  let state: TS3State = ok.success ? ok.data : { day: startDay };
  const retry = { sleep: ctx.sleep, signal: ctx.signal, classify: (e: unknown) => (RETRYABLE.has(awsErrorName(e) ?? "") ? null : undefined) };
  for (;;) {
    let continuationToken: string | undefined;
    do {
      if (ctx.budget.exhausted || ctx.signal?.aborted) return false;
      const startAfter = state.lastKey ? (lookbackStartAfter(state.lastKey, KEY_LOOKBACK_MS) ?? state.lastKey) : undefined;
      const listing = await withRetry(
        () =>
          ctx.client.send(
            new ListObjectsV2Command({ Bucket: ctx.trail.bucket, Prefix: dayPrefix(ctx.trail, ctx.accountId, ctx.region, state.day), StartAfter: startAfter, ContinuationToken: continuationToken }),
            { abortSignal: ctx.signal },
          ),
        retry,
      );
      for (const object of listing.Contents ?? []) {
        if (!object.Key || !isLogObjectKey(object.Key)) continue;
        if (object.Key === state.lastKey || state.recent?.includes(object.Key)) continue;
        if (ctx.budget.exhausted || ctx.signal?.aborted) return false;
        ctx.budget.take();
        await readObject(ctx, state, object.Key);
        state = afterRead(state, object.Key);
        ctx.recorder.pages++;
        ctx.onPage?.();
      }
      continuationToken = listing.IsTruncated ? listing.NextContinuationToken : undefined;
    } while (continuationToken);
    const dayOver = dayStart(state.day).getTime() + 86_400_000 + DAY_GRACE_MS <= ctx.now.getTime();
    if (!dayOver) return true;
    state = { day: nextDay(state.day) };
    await ctx.recorder.commit({ events: [], parsed: 0, checkpoint: { key: ctx.region, state } });
  }
}
