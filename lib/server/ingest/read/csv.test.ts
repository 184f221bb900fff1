import { describe, expect, it } from "vitest";
import { readCsv } from "./csv";
import type { TCsvItem } from "./csv";

async function rows(text: string, size: number, maxRowChars = 1 << 20): Promise<TCsvItem[]> {
  async function* chunks() {
    for (let i = 0; i < text.length; i += size) yield { text: text.slice(i, i + size), byteStart: i };
  }
  const out: TCsvItem[] = [];
  for await (const batch of readCsv(chunks(), maxRowChars)) out.push(...batch);
  return out;
}

describe("readCsv (RFC 4180)", () => {
  it.each([1, 2, 5, 1000])("reads quotes, doubled quotes, embedded newlines and CRLF in chunks of %i", async (size) => {
    const text = 'a,b,c\r\n1,"x, ""y""\r\nz",\r\n"",plain,"q"\r\n\r\nlast,row,"end"';
    expect(await rows(text, size)).toEqual([
      { kind: "row", fields: ["a", "b", "c"], row: 0, line: 1 },
      { kind: "row", fields: ["1", 'x, "y"\r\nz', ""], row: 1, line: 2 },
      { kind: "row", fields: ["", "plain", "q"], row: 2, line: 4 },
      { kind: "row", fields: ["last", "row", "end"], row: 3, line: 6 },
    ]);
  });

  it("keeps stray quotes inside unquoted fields", async () => {
    expect(await rows('h\nsay "hi"\n"a"b\n', 3)).toMatchObject([{ fields: ["h"] }, { fields: ['say "hi"'] }, { fields: ["ab"] }]);
  });

  it("reports an over-long row and carries on", async () => {
    const out = await rows(`h1,h2\n${"x".repeat(50)},y\nok,1\n`, 7, 20);
    expect(out.map((r) => r.kind)).toEqual(["row", "oversize", "row"]);
    expect(out[2]).toMatchObject({ fields: ["ok", "1"], row: 2 });
  });
});
