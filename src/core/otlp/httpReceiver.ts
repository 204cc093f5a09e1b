import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { DecodeError, type Signal } from '../model/records';
import type { TelemetryStore } from '../store/store';
import { decode, type Encoding } from './decode';
import { describeListenError } from './listenError';
import { resolveHttpReceiverOptions, type HttpReceiverOptions } from './receiverOptions';
import { Listener } from './listener';
import { addHint, countAnswer } from './receiverStatus';
import { encodeExportResponse, encodeStatus } from './response';
import { ingest } from './ingest';

const gunzip = promisify(zlib.gunzip) as (buf: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;
const inflate = promisify(zlib.inflate) as (buf: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;

const PATHS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };
const CONTENT_TYPES: Record<string, Encoding> = { 'application/x-protobuf': 'protobuf', 'application/json': 'json' };
/** google.rpc.Code values used in Status bodies. */
const RPC = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14 } as const;

const GRPC_ON_HTTP_HINT =
  'An exporter is speaking gRPC (HTTP/2) to the OTLP/HTTP port: set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, or aim it at the gRPC port (4317).';

/** Origins a browser app on this machine uses; any other origin is refused (no drive-by posts from web pages). */
export function isLocalOrigin(origin: string): boolean {
  return /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.test(origin);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly rpcCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * OTLP/HTTP: POST /v1/{traces,metrics,logs} in protobuf or JSON, gzip or not, answered as the OTLP spec says.
 * Bodies are bounded before and after decompression; a request that fails leaves the store as it was.
 */
export class HttpReceiver extends Listener<HttpReceiverOptions> {
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  private inFlightBytes = 0;

  constructor(store: TelemetryStore, options?: Partial<HttpReceiverOptions>) {
    super(store, options, resolveHttpReceiverOptions);
  }

  protected isRunning(): boolean {
    return this.server !== undefined;
  }

  /** Starts listening; rejects with a ListenError (port busy, no such address) and stays stopped then. */
  async start(): Promise<void> {
    if (this.server) return;
    const { host, port } = this.options;
    this.setState({ status: 'starting', host, port });
    const server = http.createServer({
      requestTimeout: this.options.requestTimeoutMs,
      headersTimeout: this.options.headersTimeoutMs,
      // Node checks those timeouts on this interval (30 s by default), which would let slow clients linger.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, this.options.headersTimeoutMs / 2)),
    });
    server.keepAliveTimeout = 30_000;
    server.maxConnections = this.options.maxConnections;
    server.on('request', (req, res) => this.handle(req, res));
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => this.onClientError(err, socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      const error = describeListenError(err as NodeJS.ErrnoException, 'The OTLP/HTTP receiver', host, port);
      this.setState({ status: 'error', host, port, code: error.code, message: error.message });
      server.close();
      throw error;
    }
    // A listener that fails later (rare: the address goes away) shows as an error instead of crashing.
    server.on('error', (err: NodeJS.ErrnoException) => {
      const error = describeListenError(err, 'The OTLP/HTTP receiver', host, port);
      this.setState({ status: 'error', host, port, code: error.code, message: error.message });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.setState({ status: 'listening', host, port: address.port });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) {
      if (this.state.status !== 'stopped') this.setState({ status: 'stopped' });
      return;
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Give requests in progress a moment to finish, then cut what is left so stop never hangs.
    const force = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, 1000);
    await closed;
    clearTimeout(force);
    this.sockets.clear();
    this.setState({ status: 'stopped' });
  }

  private onClientError(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void {
    const raw = err.rawPacket?.toString('latin1', 0, 24) ?? '';
    if (raw.startsWith('PRI * HTTP/2.0')) {
      addHint(this.stats, 'grpc-on-http-port', GRPC_ON_HTTP_HINT);
      this.store.markChanged('receiver');
    }
    if (socket.writable && !socket.destroyed) {
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    } else {
      socket.destroy();
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.process(req, res).catch((err: unknown) => {
      // Nothing should get here; if it does, answer instead of leaving the exporter hanging.
      this.fail(res, new HttpError(500, RPC.INTERNAL, `internal error: ${(err as Error)?.message ?? String(err)}`), 'json');
    });
  }

  private async process(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method === 'PRI') {
      // HTTP/2 prior knowledge: a gRPC exporter aimed at this port.
      addHint(this.stats, 'grpc-on-http-port', GRPC_ON_HTTP_HINT);
      return this.fail(res, new HttpError(400, RPC.INVALID_ARGUMENT, GRPC_ON_HTTP_HINT), 'json', req);
    }
    const origin = req.headers.origin;
    const path = (req.url ?? '/').split('?')[0];
    const signal = PATHS[path];
    if (origin !== undefined) {
      if (!isLocalOrigin(origin)) return this.fail(res, new HttpError(403, RPC.INVALID_ARGUMENT, `origin ${origin} is not allowed: only http://localhost and http://127.0.0.1 pages may send`), 'json', req);
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    if (!signal) return this.fail(res, new HttpError(404, RPC.UNIMPLEMENTED, `no OTLP endpoint at ${path}: use /v1/traces, /v1/metrics or /v1/logs`), 'json', req);
    if (req.method === 'OPTIONS' && origin !== undefined) return this.preflight(req, res);
    if (req.method !== 'POST') {
      return this.fail(res, new HttpError(405, RPC.UNIMPLEMENTED, `method ${req.method} not allowed on ${path}: use POST`, { Allow: 'POST, OPTIONS' }), 'json', req);
    }
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const encoding = CONTENT_TYPES[mediaType];
    if (!encoding) {
      return this.fail(res, new HttpError(415, RPC.INVALID_ARGUMENT, `unsupported content type ${JSON.stringify(mediaType || '(none)')}: use application/x-protobuf or application/json`), 'json', req);
    }
    const contentEncoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (!['identity', 'gzip', 'x-gzip', 'deflate', ''].includes(contentEncoding)) {
      return this.fail(res, new HttpError(415, RPC.INVALID_ARGUMENT, `unsupported content encoding ${JSON.stringify(contentEncoding)}: use gzip or none`), encoding, req);
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    const limit = this.options.maxBodyBytes;
    if (declared > limit) {
      this.store.countRejectedRequest(signal);
      return this.fail(res, new HttpError(413, RPC.RESOURCE_EXHAUSTED, `body of ${declared} bytes is over the ${limit}-byte limit`), encoding, req);
    }
    const reserve = Number.isFinite(declared) ? declared : 64 * 1024;
    if (this.inFlightBytes > 0 && this.inFlightBytes + reserve > this.options.maxInFlightBytes) {
      return this.fail(res, new HttpError(429, RPC.UNAVAILABLE, 'the receiver is busy: retry shortly', { 'Retry-After': '1' }), encoding, req);
    }
    this.inFlightBytes += reserve;
    try {
      let body: Buffer;
      try {
        body = await readBody(req, limit);
        if (contentEncoding === 'gzip' || contentEncoding === 'x-gzip') body = await gunzip(body, { maxOutputLength: limit });
        else if (contentEncoding === 'deflate') body = await inflate(body, { maxOutputLength: limit });
      } catch (err) {
        this.store.countRejectedRequest(signal);
        if (err instanceof HttpError) return this.fail(res, err, encoding, req);
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          return this.fail(res, new HttpError(413, RPC.RESOURCE_EXHAUSTED, `decompressed body is over the ${limit}-byte limit`), encoding, req);
        }
        return this.fail(res, new HttpError(400, RPC.INVALID_ARGUMENT, `body could not be decompressed (${contentEncoding}): ${(err as Error).message}`), encoding, req);
      }
      let result;
      try {
        result = ingest(this.store, signal, decode(signal, body, encoding));
      } catch (err) {
        this.store.countRejectedRequest(signal);
        if (err instanceof DecodeError) {
          this.noteMismatch(signal, body, encoding);
          return this.fail(res, new HttpError(400, RPC.INVALID_ARGUMENT, `${signal} body is not a valid OTLP ${encoding === 'json' ? 'JSON' : 'protobuf'} message: ${err.message}`), encoding, req);
        }
        throw err;
      }
      const payload = encodeExportResponse(signal, result.rejected, result.message, encoding);
      countAnswer(this.stats, '200');
      res.writeHead(200, { 'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-protobuf', 'Content-Length': payload.byteLength });
      res.end(payload);
      this.options.onAccepted?.(signal, encoding, body);
    } finally {
      this.inFlightBytes -= reserve;
    }
  }

  /** A JSON body posted with the protobuf content type (or the reverse) is a common exporter misconfiguration. */
  private noteMismatch(signal: Signal, body: Buffer, encoding: Encoding): void {
    const first = body.subarray(0, 64).toString('latin1').trimStart()[0];
    if (encoding === 'protobuf' && (first === '{' || first === '[')) {
      addHint(this.stats, 'json-as-protobuf', `A ${signal} request said application/x-protobuf but carried JSON: check the exporter's protocol setting (OTEL_EXPORTER_OTLP_PROTOCOL).`);
    }
  }

  private preflight(req: http.IncomingMessage, res: http.ServerResponse): void {
    const requested = req.headers['access-control-request-headers'];
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': typeof requested === 'string' && requested ? requested : 'Content-Type, Content-Encoding',
      'Access-Control-Max-Age': '600',
      'Content-Length': 0,
    });
    res.end();
  }

  private fail(res: http.ServerResponse, err: HttpError, encoding: Encoding, req?: http.IncomingMessage): void {
    countAnswer(this.stats, String(err.status), err.message);
    this.store.markChanged('receiver');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = encodeStatus(err.rpcCode, err.message, encoding);
    res.writeHead(err.status, {
      ...err.headers,
      'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      'Content-Length': body.byteLength,
      // An unread body would be parsed as the next request; close instead of draining a possibly huge one.
      ...(req && !req.complete ? { Connection: 'close' } : {}),
    });
    res.end(body);
    if (req && !req.complete) req.resume();
  }
}

/** Reads at most `limit` bytes; a body that goes past it is refused with 413 without being buffered. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(new HttpError(413, RPC.RESOURCE_EXHAUSTED, `body is over the ${limit}-byte limit`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(new HttpError(400, RPC.INVALID_ARGUMENT, `request aborted: ${err.message}`));
    });
    req.on('aborted', () => {
      if (done) return;
      done = true;
      reject(new HttpError(400, RPC.INVALID_ARGUMENT, 'request aborted by the client'));
    });
  });
}
