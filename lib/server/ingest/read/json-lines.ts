import type { TTextChunk } from "./text";

// JSON Lines, line by line with a cap on one line: readline would buffer an endless line whole.
// CRLF and blank lines are accepted; an over-long line is reported and skipped to its end.

export type TLineItem = { kind: "line"; text: string; line: number } | { kind: "oversize"; line: number; chars: number };

/** `isCut` says the input was cut off (truncated gzip): then a last line without newline is dropped, not reported. */
export async function* readLines(chunks: AsyncIterable<TTextChunk>, maxLineChars: number, isCut: () => boolean = () => false): AsyncGenerator<TLineItem[]> {
  let parts: string[] = [];
  let length = 0;
  let overflow = false;
  let line = 1;

  const finish = (out: TLineItem[]): void => {
    if (overflow) out.push({ kind: "oversize", line, chars: length });
    else {
      let text = parts.length === 1 ? parts[0] : parts.join("");
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      if (text.trim().length > 0) out.push({ kind: "line", text, line });
    }
    parts = [];
    length = 0;
    overflow = false;
    line++;
  };

  for await (const chunk of chunks) {
    const s = chunk.text;
    const out: TLineItem[] = [];
    let start = 0;
    for (;;) {
      const nl = s.indexOf("\n", start);
      const end = nl < 0 ? s.length : nl;
      length += end - start;
      if (length > maxLineChars) {
        overflow = true;
        parts = [];
      } else if (end > start) parts.push(s.slice(start, end));
      if (nl < 0) break;
      finish(out);
      start = nl + 1;
    }
    if (out.length > 0) yield out;
  }
  if ((length > 0 || parts.length > 0) && !isCut()) {
    const out: TLineItem[] = [];
    finish(out);
    if (out.length > 0) yield out;
  }
}
