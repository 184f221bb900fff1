import fs from "node:fs";
import type { Readable } from "node:stream";
import zlib from "node:zlib";

// Byte source of an input: the file as is, or its gzip decompression streamed through zlib (which
// runs on the libuv thread pool, off the parsing thread). A truncated or corrupt gzip and a gzip
// bomb surface as an InputError naming the compressed byte position; what was decompressed before
// it has already been handed on, so the records before the damage are kept.

export class InputError extends Error {
  constructor(
    readonly position: string,
    message: string,
  ) {
    super(message);
  }
}

export interface TByteLimits {
  maxDecompressedBytes: number;
  maxCompressionRatio: number;
  ratioCheckAfterBytes: number;
}

const READ_CHUNK = 256 * 1024;

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function openFileStream(path: string): Readable {
  return fs.createReadStream(path, { highWaterMark: READ_CHUNK });
}

/** Raw chunks of a stream, with the first chunk available for sniffing. */
async function* withFirst(first: Buffer | undefined, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first) yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* gunzip(source: AsyncGenerator<Buffer>, limits: TByteLimits): AsyncGenerator<Buffer> {
  // A deep read buffer lets zlib decompress ahead on the thread pool while this thread parses.
  const inflater = zlib.createGunzip({ chunkSize: READ_CHUNK, readableHighWaterMark: 16 * READ_CHUNK } as zlib.ZlibOptions);
  inflater.setMaxListeners(0);
  // Feed the compressed bytes with backpressure; errors end up on the inflater.
  const feed = (async () => {
    try {
      for await (const chunk of source) {
        if (inflater.destroyed) return;
        if (!inflater.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = (): void => {
              inflater.off("drain", done);
              inflater.off("close", done);
              resolve();
            };
            inflater.on("drain", done);
            inflater.on("close", done);
          });
        }
      }
      inflater.end();
    } catch (error) {
      inflater.destroy(error as Error);
    }
  })();
  let out = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      out += chunk.length;
      const ratio = out / Math.max(1, inflater.bytesWritten);
      if (out > limits.maxDecompressedBytes || (out > limits.ratioCheckAfterBytes && ratio > limits.maxCompressionRatio)) {
        throw new InputError(
          `byte ${inflater.bytesWritten}`,
          `gzip bomb: decompression stopped at ${out} bytes from ${inflater.bytesWritten} compressed (caps: ${limits.maxDecompressedBytes} bytes, ratio ${limits.maxCompressionRatio}:1); the rest is not read`,
        );
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`byte ${inflater.bytesWritten}`, `gzip truncated or corrupt: at compressed byte ${inflater.bytesWritten} after ${out} decompressed bytes (${message}); records after that point are lost`);
  } finally {
    // The caller destroys the underlying stream, which ends the feed loop.
    inflater.destroy();
    feed.catch(() => undefined);
  }
}

/** The decompressed bytes of a stream (gzip detected by magic number, not by name). */
export async function* openBytes(stream: Readable, limits: TByteLimits): AsyncGenerator<Buffer> {
  const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  try {
    const first = await it.next();
    if (first.done) return;
    const source = withFirst(first.value, it);
    if (isGzip(first.value)) yield* gunzip(source, limits);
    else yield* source;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError("byte 0", `cannot read input: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    stream.destroy();
  }
}
