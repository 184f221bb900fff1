// Bytes → text chunks that never split a UTF-8 character, each with the byte offset of its first
// character so readers can name byte positions without keeping the bytes. A UTF-8 BOM is dropped.

export interface TTextChunk {
  text: string;
  /** Offset in the (decompressed) input of text[0]. */
  byteStart: number;
}

/** Length of the longest prefix of `buf` that ends on a UTF-8 character boundary. */
function completePrefix(buf: Buffer): number {
  const n = buf.length;
  // Look back over at most 3 continuation bytes for the lead byte of the last character.
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = buf[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n; // only continuation bytes: invalid anyway, let the decoder replace them
}

export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<TTextChunk> {
  let carry: Buffer | null = null;
  let offset = 0;
  let first = true;
  for await (const chunk of chunks) {
    let buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = null;
    if (first) {
      if (buf.length < 3) {
        carry = buf;
        continue;
      }
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = buf.subarray(3);
        offset = 3;
      }
    }
    const end = completePrefix(buf);
    if (end < buf.length) carry = Buffer.from(buf.subarray(end));
    if (end > 0) {
      yield { text: buf.toString("utf8", 0, end), byteStart: offset };
      offset += end;
    }
  }
  if (carry && carry.length > 0) {
    const skip = first && carry.length >= 3 && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf ? 3 : 0;
    if (carry.length > skip) yield { text: carry.toString("utf8", skip), byteStart: offset + skip };
  }
}

/** Byte offset of character `index` of a chunk (only computed for reject positions). */
export function byteAt(chunk: TTextChunk, index: number): number {
  return chunk.byteStart + Buffer.byteLength(chunk.text.slice(0, index));
}
