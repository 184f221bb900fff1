import { describe, expect, it } from "vitest";
import { JsonSplitter } from "./json-stream";
import type { TSplitItem } from "./json-stream";

/** Feeds `text` in chunks of `size` characters, as a stream would cut it. */
function split(text: string, size: number, limits = { maxRecordChars: 1 << 20, maxDepth: 64 }): TSplitItem[] {
  const splitter = new JsonSplitter(limits);
  const out: TSplitItem[] = [];
  let byteStart = 0;
  for (let i = 0; i < text.length; i += size) {
    const piece = text.slice(i, i + size);
    out.push(...splitter.push({ text: piece, byteStart }));
    byteStart += Buffer.byteLength(piece);
  }
  out.push(...splitter.end(byteStart));
  return out;
}

const SIZES = [1, 2, 3, 7, 64, 1 << 16];
const elements = (items: TSplitItem[]) => items.flatMap((i) => (i.kind === "element" ? [[i.container, i.index, i.text]] : []));

describe("JsonSplitter", () => {
  it.each(SIZES)("finds the records of an S3 object whatever the chunking (%i)", (size) => {
    const doc = '{"Records":[{"a":"x\\"}]","b":[1,{"c":"\\\\"}]} , {"d":"\\\\\\""},"s",12 ,true], "NextToken":"t"}';
    expect(elements(split(doc, size))).toEqual([
      ["Records", 0, '{"a":"x\\"}]","b":[1,{"c":"\\\\"}]}'],
      ["Records", 1, '{"d":"\\\\\\""}'],
      ["Records", 2, '"s"'],
      ["Records", 3, "12"],
      ["Records", 4, "true"],
    ]);
  });

  it.each(SIZES)("streams whichever container comes after other members (%i)", (size) => {
    const doc = '{"NextToken":{"x":[1,2]},"Events":[{"e":1}]}{"value":[{"v":2}]}[{"t":3}]';
    expect(elements(split(doc, size))).toEqual([
      ["Events", 0, '{"e":1}'],
      ["value", 0, '{"v":2}'],
      [null, 0, '{"t":3}'],
    ]);
  });

  it("hands on a top-level object without a records array as one element", () => {
    const doc = '{"eventVersion":"1.08","resources":[{"ARN":"a"}],"x":{"Records":[1]}}';
    expect(elements(split(doc, 5))).toEqual([[null, 0, doc]]);
  });

  it("recovers a missing comma between whole records, with a warning", () => {
    const items = split('[{"a":1}\n{"b":2} {"c":3}]', 4);
    expect(elements(items).map((e) => e[2])).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(items.filter((i) => i.kind === "warning")).toEqual([
      { kind: "warning", byte: 9, reason: "missing ',' between records 1 and 2 (both kept)" },
      { kind: "warning", byte: 17, reason: "missing ',' between records 2 and 3 (both kept)" },
    ]);
  });

  it("stops at a bracket mismatch and hands back the partial record", () => {
    const items = split('{"Records":[{"a":1},{"b":{"c":2]}]}', 3);
    expect(elements(items)).toEqual([["Records", 0, '{"a":1}']]);
    expect(items.at(-1)).toEqual({ kind: "fatal", byte: 31, reason: "JSON structure broken: at byte 31, ']' closes '{' in record 2", partial: '{"b":{"c":2' });
  });

  it("reports a document cut off inside a record", () => {
    expect(split('[{"a":1},{"b":"unterminated', 4).at(-1)).toMatchObject({ kind: "fatal", reason: "JSON cut off: input ended inside record 2" });
  });

  it("measures byte positions in UTF-8, not characters", () => {
    const items = split('["é😀", }]', 5); // chunks never split a character (read/text.ts)
    expect(items.at(-1)).toMatchObject({ kind: "fatal", byte: 11 });
  });

  it("caps record size and nesting without buffering the record", () => {
    const big = `{"x":"${"a".repeat(500)}"}`;
    const items = split(`[${big},{"y":1},${"[".repeat(100)}${"]".repeat(100)},2]`, 16, { maxRecordChars: 100, maxDepth: 32 });
    expect(items.map((i) => i.kind)).toEqual(["oversize", "element", "too-deep", "element"]);
    expect(items[0]).toMatchObject({ index: 0, chars: big.length, byte: 1 });
  });
});
