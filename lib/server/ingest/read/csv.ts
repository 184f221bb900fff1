import type { TTextChunk } from "./text";

// A streaming RFC 4180 reader: comma separated, fields optionally in double quotes, "" inside quotes
// is a quote, quoted fields may span lines (Log Analytics puts pretty-printed JSON in cells), rows
// end in LF or CRLF. Lenient where exports are sloppy: a quote inside an unquoted field is literal,
// text after a closing quote is kept. A row longer than the cap is reported, not buffered.

export type TCsvItem =
  | { kind: "row"; fields: string[]; row: number; line: number }
  | { kind: "oversize"; row: number; line: number; chars: number }
  | { kind: "unterminated"; row: number; line: number };

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** `isCut` says the input was cut off (truncated gzip): then the partial last row is dropped, not reported. */
export async function* readCsv(chunks: AsyncIterable<TTextChunk>, maxRowChars: number, isCut: () => boolean = () => false): AsyncGenerator<TCsvItem[]> {
  let fields: string[] = [];
  let field = "";
  let quoted = false; // inside a quoted section
  let quoteSeen = false; // just saw a quote inside a quoted section: "" or the end
  let rowChars = 0;
  let overflow = false;
  let row = 0; // 0 is the header
  let line = 1;
  let rowLine = 1;
  let afterCr = false; // a CR ended the last chunk: an LF opening the next one belongs to it

  const endField = (): void => {
    if (!overflow) fields.push(field);
    field = "";
  };
  const endRow = (out: TCsvItem[]): void => {
    endField();
    const blank = fields.length === 1 && fields[0] === "";
    if (overflow) out.push({ kind: "oversize", row, line: rowLine, chars: rowChars });
    else if (!blank) out.push({ kind: "row", fields, row, line: rowLine });
    if (!blank || overflow) row++;
    fields = [];
    rowChars = 0;
    overflow = false;
    rowLine = line;
  };

  for await (const chunk of chunks) {
    const s = chunk.text;
    const n = s.length;
    const out: TCsvItem[] = [];
    let i = 0;
    if (afterCr && n > 0 && s.charCodeAt(0) === LF) i = 1;
    afterCr = false;
    while (i < n) {
      if (quoted && !quoteSeen) {
        const q = s.indexOf('"', i);
        const stop = q < 0 ? n : q;
        const piece = s.slice(i, stop);
        for (let k = piece.indexOf("\n"); k >= 0; k = piece.indexOf("\n", k + 1)) line++;
        rowChars += stop - i;
        if (!overflow) field += piece;
        if (q < 0) break;
        quoteSeen = true;
        i = q + 1;
        continue;
      }
      const c = s.charCodeAt(i);
      if (quoteSeen) {
        quoteSeen = false;
        if (c === QUOTE) {
          field += '"';
          rowChars++;
          i++;
          continue;
        }
        quoted = false; // the closing quote; c is handled below
      }
      if (c === QUOTE && field.length === 0 && !quoted) {
        quoted = true;
        i++;
      } else if (c === COMMA) {
        endField();
        i++;
      } else if (c === LF || c === CR) {
        i += c === CR && s.charCodeAt(i + 1) === LF ? 2 : 1;
        afterCr = c === CR && i === n;
        line++;
        endRow(out);
      } else {
        let j = i + 1;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === COMMA || d === LF || d === CR) break;
          j++;
        }
        if (!overflow) field += s.slice(i, j);
        rowChars += j - i;
        i = j;
      }
      if (rowChars > maxRowChars && !overflow) {
        overflow = true;
        fields = [];
        field = "";
      }
    }
    if (rowChars > maxRowChars && !overflow) {
      overflow = true;
      fields = [];
      field = "";
    }
    if (out.length > 0) yield out;
  }
  if (isCut()) return;
  const out: TCsvItem[] = [];
  if (quoted && !quoteSeen) out.push({ kind: "unterminated", row, line: rowLine });
  else if (field.length > 0 || fields.length > 0 || overflow) endRow(out);
  if (out.length > 0) yield out;
}
