import { gunzipSync } from 'node:zlib';
import { Agent, request, type Dispatcher } from 'undici';

/**
 * One HTTP request with every bound a misbehaving server can push against: a deadline over the whole
 * exchange (connect, headers and body), a cap on the body, and a small number of redirects followed
 * by hand. The scraper and the Pushgateway client both go through here.
 */

export type FetchErrorKind = 'refused' | 'timeout' | 'http' | 'too-large' | 'redirects' | 'network' | 'bad-url' | 'aborted';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface BoundedRequestOptions {
  method?: 'GET' | 'DELETE';
  headers?: Record<string, string>;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Redirects followed before giving up (0: a 3xx is returned as it is). */
  maxRedirects?: number;
  dispatcher?: Dispatcher;
  /** Aborts the request from outside (the owner stopping). */
  signal?: AbortSignal;
}

export interface BoundedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

/** Bytes of an error response kept for the message. */
const ERROR_BODY_BYTES = 4096;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * A dispatcher of one's own, so stopping can close every socket it opened. Its own timeouts are
 * loose: each request's deadline (boundedRequest) is the one that counts.
 */
export function newAgent(): Agent {
  return new Agent({ keepAliveTimeout: 4000, keepAliveMaxTimeout: 10_000 });
}

export async function boundedRequest(url: string, options: BoundedRequestOptions): Promise<BoundedResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onOuterAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      let parsed: URL;
      try {
        parsed = new URL(current);
      } catch {
        throw new FetchError('bad-url', `not a URL: "${current}"`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FetchError('bad-url', `not an http(s) URL: "${current}"`);
      const res = await request(parsed, {
        method: options.method ?? 'GET',
        headers: options.headers,
        signal: controller.signal,
        dispatcher: options.dispatcher,
      });
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode) && typeof location === 'string' && (options.maxRedirects ?? 0) > 0) {
        await res.body.dump().catch(() => undefined);
        if (hop >= (options.maxRedirects ?? 0)) {
          throw new FetchError('redirects', `more than ${options.maxRedirects} redirects (last to ${new URL(location, parsed).href})`, res.statusCode);
        }
        current = new URL(location, parsed).href;
        continue;
      }
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      if (ok && Number(res.headers['content-length']) > options.maxBodyBytes) {
        res.body.destroy();
        throw tooLarge(options.maxBodyBytes, `(Content-Length ${res.headers['content-length']})`);
      }
      const raw = await readBounded(res.body, ok ? options.maxBodyBytes : ERROR_BODY_BYTES, !ok);
      const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
      let body = raw;
      if (ok && (encoding === 'gzip' || encoding === 'x-gzip')) {
        try {
          body = gunzipSync(raw, { maxOutputLength: options.maxBodyBytes });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(options.maxBodyBytes, 'after decompression');
          throw new FetchError('network', `the gzip body could not be decompressed: ${(err as Error).message}`);
        }
      }
      return { status: res.statusCode, headers: res.headers, body, url: parsed.href };
    }
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (timedOut) throw new FetchError('timeout', `no complete answer within ${formatMs(options.timeoutMs)}`);
    if (controller.signal.aborted) throw new FetchError('aborted', 'stopped');
    throw describeNetworkError(err);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function tooLarge(limit: number, how = ''): FetchError {
  return new FetchError('too-large', `the body is larger than ${formatBytes(limit)}${how ? ` ${how}` : ''}`);
}

/** Reads a body up to `limit` bytes; past it the stream is destroyed, and it is an error unless `truncate`. */
async function readBounded(body: Dispatcher.ResponseData['body'], limit: number, truncate: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (size + buf.length > limit) {
      if (truncate) chunks.push(buf.subarray(0, limit - size));
      body.destroy();
      if (truncate) return Buffer.concat(chunks);
      throw tooLarge(limit);
    }
    chunks.push(buf);
    size += buf.length;
  }
  return Buffer.concat(chunks);
}

function errorCode(err: unknown): string {
  const e = err as { code?: string; errors?: { code?: string }[]; cause?: { code?: string } };
  return e?.code ?? e?.errors?.[0]?.code ?? e?.cause?.code ?? '';
}

/** Node's and undici's error codes as a sentence a user can act on. */
function describeNetworkError(err: unknown): FetchError {
  const code = errorCode(err);
  const detail = (err as Error)?.message || code || String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return new FetchError('refused', 'connection refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new FetchError('network', `host not found (${code})`);
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return new FetchError('timeout', `timed out (${code})`);
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new FetchError('network', `the connection was closed (${detail})`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new FetchError('network', `host unreachable (${code})`);
    default:
      return new FetchError('network', detail);
  }
}

/** "512 B", "64 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${+(n / 1024 / 1024).toFixed(1)} MiB`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(3)} s` : `${ms} ms`;
}

/** The start of an error body, on one line, for messages. */
export function bodySnippet(body: Buffer, max = 200): string {
  const text = body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
