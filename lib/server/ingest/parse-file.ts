import path from "node:path";
import type { Readable } from "node:stream";
import { detectFormat } from "./detect";
import { InputError, openBytes, openFileStream } from "./read/gzip";
import { decodeUtf8 } from "./read/text";
import { readFormat } from "./read-format";
import type { TInputState } from "./read-format";
import { RecordSink } from "./record-sink";
import type { TParseOptions, TParseResult } from "./types";

// Entry point of ingestion parsing: a file path or a stream → events, rejects, skips and warnings.
// Memory stays bounded by the read chunk, the record cap and the Azure collapse window, whatever
// the input size. Nothing in here throws for bad input; an unreadable file is a file-level reject.

export type TParseInput = string | { stream: Readable; name: string };

const SNIFF_BYTES = 64 * 1024;

export const DEFAULT_OPTIONS: Required<Omit<TParseOptions, "defaultPrincipal">> = {
  maxRecordBytes: 1024 * 1024,
  maxDecompressedBytes: 4 * 1024 ** 3,
  maxCompressionRatio: 1000,
  ratioCheckAfterBytes: 64 * 1024 * 1024,
  maxDepth: 128,
  collapseWindow: 50_000,
};

/** "<parent dir>/<file>": stable across machines and distinct for console sessions all named InputEvents.json. */
export function fileKeyOf(name: string): string {
  const parent = path.basename(path.dirname(name));
  return parent && parent !== "." && parent !== "/" ? `${parent}/${path.basename(name)}` : path.basename(name);
}

async function* replay(head: Buffer[], rest: AsyncIterator<Buffer>, state: TInputState): AsyncGenerator<Buffer> {
  yield* head;
  for (;;) {
    let next: IteratorResult<Buffer>;
    try {
      next = await rest.next();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      state.error = error;
      return;
    }
    if (next.done) return;
    yield next.value;
  }
}

/** Parse results in batches (one per read chunk): the cheap way to consume millions of events. */
export async function* parseFileBatches(input: TParseInput, options: TParseOptions = {}): AsyncGenerator<TParseResult[]> {
  const opts = { ...DEFAULT_OPTIONS, ...options };
  const name = typeof input === "string" ? input : input.name;
  const stream = typeof input === "string" ? openFileStream(input) : input.stream;
  const sink = new RecordSink(name, { fileKey: fileKeyOf(name), defaultPrincipal: opts.defaultPrincipal }, opts.collapseWindow);
  const state: TInputState = { error: null };
  const bytes = openBytes(stream, opts);
  try {
    const head: Buffer[] = [];
    let headLength = 0;
    let complete = false;
    while (headLength < SNIFF_BYTES) {
      let next: IteratorResult<Buffer>;
      try {
        next = await bytes.next();
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        state.error = error;
        complete = true;
        break;
      }
      if (next.done) {
        complete = true;
        break;
      }
      head.push(next.value);
      headLength += next.value.length;
    }
    let sniff = Buffer.concat(head);
    if (sniff[0] === 0xef && sniff[1] === 0xbb && sniff[2] === 0xbf) sniff = sniff.subarray(3);
    const detected = detectFormat(sniff, complete);
    if (detected.format === "empty" || detected.format === "digest") {
      if (!state.error) sink.skip("file", detected.reason);
    } else if (detected.format === "unsupported") {
      if (!state.error || headLength > 0) sink.reject("file", detected.reason, null);
    } else {
      const text = decodeUtf8(replay(head, bytes, state));
      for await (const _ of readFormat(detected.format, text, sink, opts, state)) yield sink.take();
    }
    if (state.error) sink.reject(state.error.position, state.error.message, null);
    sink.flush();
    const rest = sink.take();
    if (rest.length > 0) yield rest;
  } finally {
    await bytes.return(undefined);
    stream.destroy();
  }
}

/** Every result of one input, in order (Azure events after their collapse window). */
export async function* parseFile(input: TParseInput, options: TParseOptions = {}): AsyncGenerator<TParseResult> {
  for await (const batch of parseFileBatches(input, options)) yield* batch;
}

export interface TParseCounts {
  events: number;
  rejects: number;
  skips: number;
  warnings: number;
  /** Rejects by reason class (the reason up to its first ':'). */
  rejectReasons: Record<string, number>;
  skipReasons: Record<string, number>;
}

/** Totals over several inputs; a convenience for tests and the CLI. */
export async function countParse(inputs: string[], options: TParseOptions = {}): Promise<TParseCounts> {
  const counts: TParseCounts = { events: 0, rejects: 0, skips: 0, warnings: 0, rejectReasons: {}, skipReasons: {} };
  for (const input of inputs) {
    for await (const batch of parseFileBatches(input, options)) {
      for (const r of batch) {
        if (r.kind === "event") counts.events++;
        else if (r.kind === "warning") counts.warnings++;
        else if (r.kind === "skip") {
          counts.skips++;
          const key = r.reason.split(":")[0];
          counts.skipReasons[key] = (counts.skipReasons[key] ?? 0) + 1;
        } else {
          counts.rejects++;
          const key = r.reject.reason.split(":")[0];
          counts.rejectReasons[key] = (counts.rejectReasons[key] ?? 0) + 1;
        }
      }
    }
  }
  return counts;
}
