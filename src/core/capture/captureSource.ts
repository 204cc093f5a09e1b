/**
 * A capture file's bytes as a stream, inflated when it is gzip (told by its first bytes, not its name), with the
 * bounds that keep a hostile file harmless: a gzip bomb stops as soon as it inflates past a ratio or a size.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';

export interface SourceLimits {
  /** Inflated bytes at most from a gzip file (default 16 GiB). */
  maxInflatedBytes?: number;
  /** Inflated / compressed at most, checked once 64 MiB came out (default 200: OTLP JSON compresses 10–40×). */
  maxInflateRatio?: number;
}

export class CaptureReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureReadError';
  }
}

const RATIO_CHECK_AFTER = 64 * 1024 * 1024;
const CHUNK = 1024 * 1024;

export interface CaptureStream {
  gzip: boolean;
  bytes: AsyncGenerator<Buffer>;
}

export async function openCaptureStream(file: string, limits: SourceLimits = {}): Promise<CaptureStream> {
  let head: Buffer;
  try {
    const h = await fs.open(file, 'r');
    try {
      head = Buffer.alloc(2);
      const { bytesRead } = await h.read(head, 0, 2, 0);
      head = head.subarray(0, bytesRead);
    } finally {
      await h.close();
    }
  } catch (err) {
    throw new CaptureReadError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const gzip = head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
  return { gzip, bytes: gzip ? inflated(file, limits) : plain(file) };
}

async function* plain(file: string): AsyncGenerator<Buffer> {
  yield* createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>;
}

async function* inflated(file: string, limits: SourceLimits): AsyncGenerator<Buffer> {
  const maxBytes = limits.maxInflatedBytes ?? 16 * 1024 ** 3;
  const maxRatio = limits.maxInflateRatio ?? 200;
  const input = createReadStream(file, { highWaterMark: CHUNK });
  let compressed = 0;
  input.on('data', (c) => (compressed += c.length));
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  let out = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      out += chunk.length;
      if (out > maxBytes) throw new CaptureReadError(`${file} inflates past ${Math.round(maxBytes / 2 ** 20)} MiB: refused (a gzip bomb?)`);
      if (out > RATIO_CHECK_AFTER && out / Math.max(1, compressed) > maxRatio) {
        throw new CaptureReadError(`${file} inflates more than ${maxRatio}× its size (${Math.round(out / 2 ** 20)} MiB from ${Math.round(compressed / 1024)} KiB read): refused (a gzip bomb?)`);
      }
      yield chunk;
    }
  } catch (err) {
    if (err instanceof CaptureReadError) throw err;
    throw new CaptureReadError(`${file} is not valid gzip: ${(err as Error).message}`);
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
