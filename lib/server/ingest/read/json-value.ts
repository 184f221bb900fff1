// Finds where one JSON value ends, across chunks, without parsing it: strings are skipped with
// indexOf (most bytes of an audit record sit inside strings), brackets are matched on a stack.
// Used by the splitter (json-stream.ts) for records and for the members of a top-level object.

const QUOTE = 34;
const BACKSLASH = 92;

export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** A bracket that closed the wrong opener, at `index` of the chunk being scanned. */
export interface TMismatch {
  index: number;
  found: string;
  expected: string;
}

export class JsonValueScanner {
  /** Nesting went past maxDepth somewhere in the value (it is still scanned to its end). */
  tooDeep = false;
  mismatch: TMismatch | null = null;
  /** The value is a number/true/false/null: it ends at a delimiter, which is not part of it. */
  scalar = false;
  private stack: number[] = [];
  private depth = 0;
  private inString = false;
  private escapeCarry = false;

  constructor(private readonly maxDepth: number) {}

  /** Starts a value whose first character is c; returns how many characters that consumed (0 or 1). */
  begin(c: number): number {
    this.inString = c === QUOTE;
    this.scalar = !this.inString && c !== 123 && c !== 91;
    this.escapeCarry = false;
    this.tooDeep = false;
    this.mismatch = null;
    this.stack.length = 0;
    this.depth = 0;
    if (c === 123 || c === 91) {
      this.stack.push(c === 123 ? 125 : 93);
      this.depth = 1;
    }
    return this.scalar ? 0 : 1;
  }

  /** Starts a bare string (a key) whose content begins after the opening quote. */
  beginString(): void {
    this.begin(QUOTE);
  }

  /** Index after the closing quote of a string whose content resumes at i, or -1 if it runs past the chunk. */
  stringEnd(s: string, i: number): number {
    const n = s.length;
    if (this.escapeCarry) {
      if (i >= n) return -1;
      this.escapeCarry = false;
      i++;
    }
    let from = i;
    for (;;) {
      const q = s.indexOf('"', from);
      const end = q < 0 ? n : q;
      if (q >= 0 && s.charCodeAt(q - 1) !== BACKSLASH) return q + 1;
      let k = end - 1;
      while (k >= i && s.charCodeAt(k) === BACKSLASH) k--;
      const odd = ((end - 1 - k) & 1) === 1;
      if (q < 0) {
        this.escapeCarry = odd;
        return -1;
      }
      if (!odd) return q + 1;
      from = q + 1;
    }
  }

  /**
   * Scans from i. Returns the index just after the value (for a scalar: of its last character),
   * -1 when the chunk ended inside the value, or -2 on a bracket mismatch (see `mismatch`).
   */
  scan(s: string, i: number): number {
    const n = s.length;
    if (this.scalar) {
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === 44 || c === 93 || c === 125 || isSpace(c)) return i;
        i++;
      }
      return -1;
    }
    if (this.inString) {
      const end = this.stringEnd(s, i);
      if (end < 0) return -1;
      this.inString = false;
      if (this.depth === 0) return end;
      i = end;
    }
    // Hot loop: state in locals, written back before leaving.
    const maxDepth = this.maxDepth;
    const stack = this.stack;
    let depth = this.depth;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        // Common case inline: the next quote is not escaped.
        const q = s.indexOf('"', i + 1);
        if (q > i + 1 && s.charCodeAt(q - 1) !== BACKSLASH) {
          i = q + 1;
          continue;
        }
        if (q === i + 1) {
          i = q + 1;
          continue;
        }
        const end = this.stringEnd(s, i + 1);
        if (end < 0) {
          this.inString = true;
          this.depth = depth;
          return -1;
        }
        i = end;
        continue;
      }
      if (c === 123 || c === 91) {
        if (++depth > maxDepth) this.tooDeep = true;
        else stack.push(c === 123 ? 125 : 93);
      } else if (c === 125 || c === 93) {
        if (depth <= maxDepth) {
          const expected = stack.pop();
          if (expected !== c) {
            this.mismatch = { index: i, found: String.fromCharCode(c), expected: expected === 125 ? "{" : "[" };
            return -2;
          }
        }
        if (--depth === 0) {
          this.depth = 0;
          return i + 1;
        }
      }
      i++;
    }
    this.depth = depth;
    return -1;
  }
}
