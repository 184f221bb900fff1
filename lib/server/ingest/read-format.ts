import { readHeader, rowToRecord } from "./azure/csv";
import type { TAzureCsvHeader } from "./azure/csv";
import type { InputError } from "./read/gzip";
import { readCsv } from "./read/csv";
import { JsonSplitter } from "./read/json-stream";
import { readLines } from "./read/json-lines";
import type { TTextChunk } from "./read/text";
import type { RecordSink } from "./record-sink";
import type { TParseOptions } from "./types";
import type { THint } from "./unwrap";

// Runs the reader for a detected format and feeds the sink; yields once per chunk so the caller
// can hand the sink's results on. When the byte source failed (truncated gzip, bomb cap), the
// cut-off tail is not reported a second time: the source's own reject names the position.

export interface TInputState {
  error: InputError | null;
}

type TOptions = Required<Omit<TParseOptions, "defaultPrincipal">>;

const CONTAINER_HINT: Record<string, THint> = { Records: "aws", Events: "aws", records: "azure", value: "azure" };

async function* readJson(text: AsyncIterable<TTextChunk>, sink: RecordSink, opts: TOptions, state: TInputState): AsyncGenerator<void> {
  const splitter = new JsonSplitter({ maxRecordChars: opts.maxRecordBytes, maxDepth: opts.maxDepth });
  let lastByte = 0;
  for await (const chunk of text) {
    lastByte = chunk.byteStart + chunk.text.length;
    for (const item of splitter.push(chunk)) {
      const position = "index" in item ? `record ${item.index + 1}` : `byte ${item.byte}`;
      if (item.kind === "element") sink.text(item.text, item.container ? (CONTAINER_HINT[item.container] ?? null) : null, position);
      else if (item.kind === "oversize") sink.reject(position, `record too large: ${item.chars} bytes > ${opts.maxRecordBytes} (at byte ${item.byte})`, null);
      else if (item.kind === "too-deep") sink.reject(position, `record nested too deeply: more than ${opts.maxDepth} levels (at byte ${item.byte})`, null);
      else if (item.kind === "warning") sink.warning(position, item.reason);
      else {
        sink.reject(position, item.reason, item.partial);
        return;
      }
    }
    yield;
  }
  if (state.error) return;
  for (const item of splitter.end(lastByte)) {
    if (item.kind === "element") sink.text(item.text, null, `record ${item.index + 1}`);
    else if (item.kind === "fatal") sink.reject(`byte ${item.byte}`, item.reason, item.partial);
  }
}

async function* readJsonLines(text: AsyncIterable<TTextChunk>, sink: RecordSink, opts: TOptions, state: TInputState): AsyncGenerator<void> {
  for await (const items of readLines(text, opts.maxRecordBytes, () => state.error !== null)) {
    for (const item of items) {
      if (item.kind === "line") sink.text(item.text, null, `line ${item.line}`);
      else sink.reject(`line ${item.line}`, `record too large: ${item.chars} bytes > ${opts.maxRecordBytes}`, null);
    }
    yield;
  }
}

async function* readAzureCsv(text: AsyncIterable<TTextChunk>, sink: RecordSink, opts: TOptions, state: TInputState): AsyncGenerator<void> {
  let header: TAzureCsvHeader | null = null;
  for await (const items of readCsv(text, opts.maxRecordBytes, () => state.error !== null)) {
    for (const item of items) {
      const position = `row ${item.row} (line ${item.line})`;
      if (item.kind === "oversize") sink.reject(position, `record too large: ${item.chars} bytes > ${opts.maxRecordBytes}`, null);
      else if (item.kind === "unterminated") sink.reject(position, "CSV cut off: quoted field never closed", null);
      else if (item.row === 0) {
        header = readHeader(item.fields);
        if (!header) {
          const shown = item.fields.slice(0, 8).join(",").slice(0, 120);
          sink.reject("file", `not an audit log: CSV without Azure Activity columns (header: ${shown})`, null);
          return;
        }
      } else if (!header) return;
      else if (item.fields.length !== header.names.length) {
        sink.reject(position, `malformed CSV row: ${item.fields.length} fields, header has ${header.names.length}`, item.fields.join(","));
      } else {
        const { record, raw } = rowToRecord(header, item.fields);
        sink.record(record, "azure", position, raw);
      }
    }
    yield;
  }
}

export function readFormat(format: "json" | "jsonl" | "csv", text: AsyncIterable<TTextChunk>, sink: RecordSink, opts: TOptions, state: TInputState): AsyncGenerator<void> {
  if (format === "json") return readJson(text, sink, opts, state);
  if (format === "jsonl") return readJsonLines(text, sink, opts, state);
  return readAzureCsv(text, sink, opts, state);
}
