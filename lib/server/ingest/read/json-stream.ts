import { isSpace, JsonValueScanner } from "./json-value";
import type { TMismatch } from "./json-value";
import { byteAt } from "./text";
import type { TTextChunk } from "./text";

// Incremental splitter for large JSON documents: finds the elements of the records array
// (`{"Records":[…]}`, `{"records":[…]}`, `{"Events":[…]}`, `{"value":[…]}` or a top-level array)
// and hands each element's text to the caller to JSON.parse on its own, so a multi-GB document never
// sits in memory and one bad element does not cost the others. A top-level object without such an
// array is one element (a single record, an envelope, a digest). Several top-level values in a row
// are accepted (concatenated JSON). It tracks only strings and brackets; JSON.parse judges the rest.
// A missing comma between two whole elements is recovered with a warning; a bracket mismatch means
// the structure is lost, so the rest of the input is rejected from that byte on.
// Sizes are counted in UTF-16 code units, which equal bytes for the ASCII that audit logs are made of.

export type TSplitItem =
  | { kind: "element"; text: string; index: number; container: string | null }
  | { kind: "oversize"; index: number; chars: number; byte: number }
  | { kind: "too-deep"; index: number; byte: number }
  | { kind: "warning"; byte: number; reason: string }
  | { kind: "fatal"; byte: number; reason: string; partial: string | null };

export interface TSplitLimits {
  maxRecordChars: number;
  maxDepth: number;
}

export const CONTAINER_KEYS = new Set(["Records", "records", "Events", "value"]);

const QUOTE = 34;

type TMode = "top" | "key" | "objKey" | "objColon" | "objValue" | "objNext" | "array" | "value";
/** member: a value inside the top-level object (part of its capture); element: a records-array item; bare: a top-level scalar. */
type TValueContext = "member" | "element" | "bare";

export class JsonSplitter {
  private mode: TMode = "top";
  private context: TValueContext = "bare";
  private afterArray: TMode = "top";
  private readonly scanner: JsonValueScanner;
  // Capture of the current element, or of the whole top-level object until it proves to be a container.
  private parts: string[] = [];
  private capLength = 0;
  private capStart = -1;
  private overflow = false;
  private capChunk: TTextChunk | null = null;
  private capIndex = 0;
  private key = "";
  private topIsContainer = false;
  private container: string | null = null;
  private arrayExpectsValue = true;
  private index = 0;
  private topCount = 0;
  private failed = false;

  constructor(private readonly limits: TSplitLimits) {
    this.scanner = new JsonValueScanner(limits.maxDepth);
  }

  /** Feed one chunk; returns what it completed. After a fatal item nothing more is produced. */
  push(chunk: TTextChunk): TSplitItem[] {
    const out: TSplitItem[] = [];
    if (this.failed) return out;
    const s = chunk.text;
    const n = s.length;
    if (this.capStart >= 0) this.capStart = 0;
    let i = 0;
    while (i < n && !this.failed) {
      if (this.mode === "value") i = this.scanValue(s, i, chunk, out);
      else if (this.mode === "key") i = this.readKey(s, i);
      else {
        const c = s.charCodeAt(i);
        i = isSpace(c) ? i + 1 : this.structural(c, s, i, chunk, out);
      }
    }
    if (this.capStart >= 0 && !this.failed) this.keepCapture(s, n);
    return out;
  }

  /** End of input: a scalar in progress is complete; anything else still open is cut off. */
  end(lastByte: number): TSplitItem[] {
    if (this.failed || this.mode === "top") return [];
    const out: TSplitItem[] = [];
    if (this.mode === "value" && this.scanner.scalar && this.context !== "member") {
      this.finishValue("", 0, out);
      if (this.context === "bare") return out; // back at the top level: nothing is open
    }
    const partial = this.capStart >= 0 && !this.overflow ? this.parts.join("") : null;
    const inside = this.context === "element" && this.mode === "value" ? `record ${this.index + 1}` : "the document";
    out.push({ kind: "fatal", byte: lastByte, reason: `JSON cut off: input ended inside ${inside}`, partial });
    this.failed = true;
    return out;
  }

  private fatal(chunk: TTextChunk, i: number, reason: string, out: TSplitItem[]): number {
    const partial = this.capStart >= 0 && !this.overflow ? this.parts.join("") + chunk.text.slice(this.capStart, i) : null;
    const byte = byteAt(chunk, i);
    out.push({ kind: "fatal", byte, reason: `JSON structure broken: at byte ${byte}, ${reason}`, partial });
    this.failed = true;
    return chunk.text.length;
  }

  private startCapture(i: number, chunk: TTextChunk): void {
    this.parts = [];
    this.capLength = 0;
    this.capStart = i;
    this.overflow = false;
    this.capChunk = chunk;
    this.capIndex = i;
  }

  private keepCapture(s: string, end: number): void {
    const piece = end - this.capStart;
    this.capLength += piece;
    if (this.capLength > this.limits.maxRecordChars) {
      this.overflow = true;
      this.parts = [];
    } else if (piece > 0) this.parts.push(s.slice(this.capStart, end));
    this.capStart = 0;
  }

  private takeCapture(s: string, end: number): string | null {
    const total = this.capLength + (end - this.capStart);
    const text = this.overflow || total > this.limits.maxRecordChars ? null : this.parts.join("") + s.slice(this.capStart, end);
    this.capLength = total;
    this.parts = [];
    this.capStart = -1;
    return text;
  }

  /** Starts scanning a value at character c; returns how many characters were consumed (0 or 1). */
  private beginValue(c: number, context: TValueContext): number {
    this.mode = "value";
    this.context = context;
    return this.scanner.begin(c);
  }

  private structural(c: number, s: string, i: number, chunk: TTextChunk, out: TSplitItem[]): number {
    switch (this.mode) {
      case "top":
        if (c === 123) {
          this.mode = "objKey";
          this.topIsContainer = false;
          this.startCapture(i, chunk);
          return i + 1;
        }
        if (c === 91) return this.openArray(null, "top", i);
        if (c === 44 || c === 0xfeff) return i + 1; // commas between concatenated values, a stray BOM
        this.startCapture(i, chunk);
        return i + this.beginValue(c, "bare");
      case "objKey":
        if (c === 125) return this.closeTopObject(s, i, chunk, out);
        if (c === 44) return i + 1;
        if (c !== QUOTE) return this.fatal(chunk, i, `expected a key, found ${JSON.stringify(String.fromCharCode(c))}`, out);
        this.key = "";
        this.mode = "key";
        this.scanner.beginString();
        return i + 1;
      case "objColon":
        if (c !== 58) return this.fatal(chunk, i, `expected ':' after key "${this.key}"`, out);
        this.mode = "objValue";
        return i + 1;
      case "objValue":
        if (c === 91 && CONTAINER_KEYS.has(this.key)) {
          // The records array: drop the object's capture and stream the elements.
          this.topIsContainer = true;
          this.parts = [];
          this.capStart = -1;
          return this.openArray(this.key, "objNext", i);
        }
        return i + this.beginValue(c, "member");
      case "objNext":
        if (c === 44) {
          this.mode = "objKey";
          return i + 1;
        }
        if (c === 125) return this.closeTopObject(s, i, chunk, out);
        return this.fatal(chunk, i, "expected ',' or '}' in the top-level object", out);
      case "array":
        return this.arrayChar(c, i, chunk, out);
      default:
        return i + 1;
    }
  }

  private openArray(container: string | null, after: TMode, i: number): number {
    this.mode = "array";
    this.afterArray = after;
    this.container = container;
    this.arrayExpectsValue = true;
    this.index = 0;
    return i + 1;
  }

  private arrayChar(c: number, i: number, chunk: TTextChunk, out: TSplitItem[]): number {
    if (c === 93) {
      if (this.arrayExpectsValue && this.index > 0) out.push({ kind: "warning", byte: byteAt(chunk, i), reason: "trailing ',' after the last record ignored" });
      this.mode = this.afterArray;
      if (this.mode === "top") this.topCount++;
      return i + 1;
    }
    if (c === 44) {
      if (this.arrayExpectsValue) out.push({ kind: "warning", byte: byteAt(chunk, i), reason: `extra ',' before record ${this.index + 1} ignored` });
      this.arrayExpectsValue = true;
      return i + 1;
    }
    if (c === 125) return this.fatal(chunk, i, `'}' where record ${this.index + 1} should start`, out);
    if (!this.arrayExpectsValue) {
      out.push({ kind: "warning", byte: byteAt(chunk, i), reason: `missing ',' between records ${this.index} and ${this.index + 1} (both kept)` });
    }
    this.startCapture(i, chunk);
    return i + this.beginValue(c, "element");
  }

  /** Reads a top-level key (possibly across chunks); only its first 64 characters matter. */
  private readKey(s: string, i: number): number {
    const end = this.scanner.stringEnd(s, i);
    const stop = end < 0 ? s.length : end - 1;
    if (this.key.length < 64) this.key += s.slice(i, Math.min(stop, i + 64));
    if (end < 0) return s.length;
    this.mode = "objColon";
    return end;
  }

  private closeTopObject(s: string, i: number, chunk: TTextChunk, out: TSplitItem[]): number {
    this.mode = "top";
    if (!this.topIsContainer) {
      this.container = null;
      this.emit(this.takeCapture(s, i + 1), this.topCount, out);
    }
    this.capStart = -1;
    this.topCount++;
    void chunk;
    return i + 1;
  }

  private emit(text: string | null, index: number, out: TSplitItem[]): void {
    if (text !== null && !this.scanner.tooDeep) out.push({ kind: "element", text, index, container: this.container });
    else {
      const byte = this.capChunk ? byteAt(this.capChunk, this.capIndex) : 0;
      if (this.scanner.tooDeep) out.push({ kind: "too-deep", index, byte });
      else out.push({ kind: "oversize", index, chars: this.capLength, byte });
    }
    this.capChunk = null;
  }

  /** Scans inside a value; returns the next index. */
  private scanValue(s: string, i: number, chunk: TTextChunk, out: TSplitItem[]): number {
    const end = this.scanner.scan(s, i);
    if (end === -1) return s.length;
    if (end === -2) {
      const m = this.scanner.mismatch as TMismatch;
      const where = this.context === "element" ? ` in record ${this.index + 1}` : "";
      return this.fatal(chunk, m.index, `'${m.found}' closes '${m.expected}'${where}`, out);
    }
    return this.finishValue(s, end, out);
  }

  private finishValue(s: string, end: number, out: TSplitItem[]): number {
    if (this.context === "member") {
      this.mode = "objNext"; // stays inside the top-level object's capture
      return end;
    }
    const text = this.takeCapture(s, end);
    if (this.context === "bare") {
      this.mode = "top";
      this.container = null;
      this.emit(text, this.topCount++, out);
    } else {
      this.mode = "array";
      this.emit(text, this.index++, out);
      this.arrayExpectsValue = false;
    }
    return end;
  }
}
