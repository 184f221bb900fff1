import { describe, expect, it } from "vitest";
import { byteAt, decodeUtf8 } from "./text";
import type { TTextChunk } from "./text";

async function decode(bytes: Buffer, size: number): Promise<TTextChunk[]> {
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: TTextChunk[] = [];
  for await (const chunk of decodeUtf8(chunks())) out.push(chunk);
  return out;
}

describe("decodeUtf8", () => {
  it.each([1, 2, 3, 5])("never splits a character across chunks of %i bytes, and drops the BOM", async (size) => {
    const text = "aé😀日本\u00a0z";
    const chunks = await decode(Buffer.from(`\ufeff${text}`), size);
    expect(chunks.map((c) => c.text).join("")).toBe(text);
    expect(chunks.every((c) => !c.text.includes("\ufffd"))).toBe(true);
    // byteStart counts the BOM: positions are offsets into the file as stored.
    expect(chunks[0].byteStart).toBe(3);
    const last = chunks.at(-1) as TTextChunk;
    expect(byteAt(last, last.text.length)).toBe(Buffer.byteLength(`\ufeff${text}`));
  });

  it("handles inputs shorter than a BOM", async () => {
    expect((await decode(Buffer.from("{}"), 1)).map((c) => c.text).join("")).toBe("{}");
  });
});
