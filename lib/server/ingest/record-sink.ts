import { collapseOperations } from "./azure/collapse";
import type { TAzureParsedRecord } from "./azure/collapse";
import { normalizeRecord } from "./normalize-record";
import type { TNormalizeContext, TParseResult } from "./types";
import { unwrapValue } from "./unwrap";
import type { THint } from "./unwrap";
import { clip } from "./values";
import type { TJsonObject } from "./values";

// Turns parsed values into results for one file. AWS events go out at once; Azure records wait in a
// bounded window so the Begin/End records of one operation can be collapsed (azure/collapse.ts).
// Operations split across two windows come out twice under the same operation id; the store's dedupe
// on providerEventId keeps one.

export class RecordSink {
  private out: TParseResult[] = [];
  private azure: TAzureParsedRecord[] = [];

  constructor(
    private readonly file: string,
    private readonly ctx: TNormalizeContext,
    private readonly collapseWindow: number,
  ) {}

  /** Results produced since the last call. */
  take(): TParseResult[] {
    const results = this.out;
    this.out = [];
    return results;
  }

  reject(position: string, reason: string, raw: string | null): void {
    this.out.push({ kind: "reject", reject: { file: this.file, position, reason, raw: clip(raw) } });
  }

  skip(position: string, reason: string): void {
    this.out.push({ kind: "skip", file: this.file, position, reason });
  }

  warning(position: string, reason: string): void {
    this.out.push({ kind: "warning", file: this.file, position, reason });
  }

  /** A JSON text (element or line): parse, unwrap, normalize. */
  text(text: string, hint: THint, position: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.reject(position, `invalid JSON: ${error instanceof Error ? error.message : String(error)}`, text);
      return;
    }
    this.value(value, hint, position, text);
  }

  /** `text`, when given, is the JSON text `value` was parsed from. */
  value(value: unknown, hint: THint, position: string, text?: string): void {
    for (const item of unwrapValue(value, hint)) {
      const where = item.path ? `${position} › ${item.path}` : position;
      if (item.kind === "skip") this.skip(where, item.reason);
      else if (item.kind === "reject") this.reject(where, item.reason, safeStringify(item.value));
      // The record's own text goes to the store only when the record is the whole parsed text.
      else this.record(item.record, item.kind, where, undefined, item.record === value ? text : undefined);
    }
  }

  /**
   * A bare record of a known provider; `raw` replaces the event's raw (CSV rows keep the row itself).
   * `text` is the JSON text of `record`, kept as the event's rawText (types.ts).
   */
  record(record: TJsonObject, provider: "aws" | "azure", position: string, raw?: TJsonObject, text?: string): void {
    const result = normalizeRecord(record, this.ctx, provider);
    if (!result.ok) {
      this.reject(position, result.reason, safeStringify(raw ?? record));
      return;
    }
    if (raw) result.event.raw = raw;
    else if (text !== undefined) result.event.rawText = text;
    if (provider === "aws") {
      this.out.push({ kind: "event", event: result.event, position });
      return;
    }
    this.azure.push({ event: result.event, operationId: result.operationId, status: result.status, position });
    if (this.azure.length >= this.collapseWindow) this.flush();
  }

  /** Collapses and emits the buffered Azure records. */
  flush(): void {
    if (this.azure.length === 0) return;
    for (const r of collapseOperations(this.azure)) this.out.push({ kind: "event", event: r.event, position: r.position });
    this.azure = [];
  }
}

function safeStringify(value: unknown): string | null {
  try {
    return JSON.stringify(value) ?? null;
  } catch {
    return null;
  }
}
