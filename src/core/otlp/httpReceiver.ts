import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { Signal } from '../model/records';
import type { TelemetryStore } from '../store/store';
import type { Encoding } from './decode';
import { exportRequest, internalError, refusal, type ExportAnswer } from './export';
import { describeListenError, type ListenError } from './listenError';
import { resolveHttpReceiverOptions, type HttpReceiverOptions } from './receiverOptions';
import { Listener } from './listener';
import { isSuccess, OUTCOMES, type Outcome } from './outcome';
import { addHint, countAnswer } from './receiverStatus';
import { closerOf, listenOn } from './serverLifecycle';
import { METRICS_PATH, type MetricsRoute } from '../export/route';
import { QUERY_API_PREFIX } from '../query/queryTypes';
import type { QueryHttpRoute } from '../query/queryHttpRoute';

const gunzip = promisify(zlib.gunzip) as (buf: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;
const inflate = promisify(zlib.inflate) as (buf: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;

const PATHS: Record<string, Signal> = { '/v1/traces': 'traces', '/v1/metrics': 'metrics', '/v1/logs': 'logs' };
const CONTENT_TYPES: Record<string, Encoding> = { 'application/x-protobuf': 'protobuf', 'application/json': 'json' };

const GRPC_ON_HTTP_HINT =
  'An exporter is speaking gRPC (HTTP/2) to the OTLP/HTTP port: set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, or aim it at the gRPC port (4317).';

/** Origins a browser app on this machine uses; any other origin is refused (no drive-by posts from web pages). */
function isLocalOrigin(origin: string): boolean {
  return /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i.test(origin);
}

/** A request refused while its body is read: the outcome decides the status (outcome.ts). */
class Refused extends Error {
  constructor(
    readonly outcome: Outcome,
    message: string,
  ) {
    super(message);
  }
}

/**
 * OTLP/HTTP: POST /v1/{traces,metrics,logs} in protobuf or JSON, gzip or not, answered as the OTLP spec says.
 * Bodies are bounded before and after decompression; a request that fails leaves the store as it was.
 */
export class HttpReceiver extends Listener<HttpReceiverOptions> {
  /** Stops the running server (undefined while stopped). */
  private closeServer: (() => Promise<void>) | undefined;
  private inFlightBytes = 0;
  /** Answers `GET /metrics` (the Prometheus exposition) when set; the engine sets it. */
  metricsRoute: MetricsRoute | undefined;
  /** Answers `GET /api/v1/…` (the read-only query API, with its own Host/Origin checks) when set; the engine sets it. */
  queryRoute: QueryHttpRoute | undefined;
  /** Set while stop() lets requests in progress finish: new ones on open connections are told to retry. */
  private stopping = false;

  constructor(store: TelemetryStore, options?: Partial<HttpReceiverOptions>) {
    super(store, options, resolveHttpReceiverOptions);
  }

  protected isRunning(): boolean {
    return this.closeServer !== undefined;
  }

  /** Starts listening; rejects with a ListenError (port busy, no such address) and stays stopped then. */
  async start(): Promise<void> {
    if (this.closeServer) return;
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
    server.on('clientError', (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => this.onClientError(err, socket));
    const close = closerOf(server);
    try {
      await listenOn(server, host, port, 'The OTLP/HTTP receiver');
    } catch (err) {
      const error = err as ListenError;
      this.setState({ status: 'error', host, port, code: error.code, message: error.message });
      throw error;
    }
    // A listener that fails later (rare: the address goes away) shows as an error instead of crashing.
    server.on('error', (err: NodeJS.ErrnoException) => {
      const error = describeListenError(err, 'The OTLP/HTTP receiver', host, port);
      this.setState({ status: 'error', host, port, code: error.code, message: error.message });
    });
    this.closeServer = close;
    const address = server.address() as AddressInfo;
    this.setState({ status: 'listening', host, port: address.port });
  }

  async stop(): Promise<void> {
    const close = this.closeServer;
    this.closeServer = undefined;
    if (!close) {
      if (this.state.status !== 'stopped') this.setState({ status: 'stopped' });
      return;
    }
    this.stopping = true;
    // Requests in progress get a moment to finish, then what is left is cut so stop never hangs.
    await close();
    this.stopping = false;
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
      this.answer(res, internalError(err, 'json'));
    });
  }

  private async process(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const refuse = (outcome: Outcome, message: string, encoding: Encoding = 'json', headers: Record<string, string> = {}) =>
      this.answer(res, refusal(outcome, message, encoding), encoding, req, headers);
    if (req.method === 'PRI') {
      // HTTP/2 prior knowledge: a gRPC exporter aimed at this port.
      addHint(this.stats, 'grpc-on-http-port', GRPC_ON_HTTP_HINT);
      return refuse('bad-data', GRPC_ON_HTTP_HINT);
    }
    const origin = req.headers.origin;
    const path = (req.url ?? '/').split('?')[0];
    if (path === METRICS_PATH && this.metricsRoute) return this.metricsRoute(req, res);
    if (path.startsWith(QUERY_API_PREFIX) && this.queryRoute) return this.queryRoute(req, res);
    const signal = PATHS[path];
    if (origin !== undefined) {
      if (!isLocalOrigin(origin)) return refuse('forbidden', `origin ${origin} is not allowed: only http://localhost and http://127.0.0.1 pages may send`);
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    if (!signal) return refuse('not-found', `no OTLP endpoint at ${path}: use /v1/traces, /v1/metrics or /v1/logs`);
    if (req.method === 'OPTIONS' && origin !== undefined) return this.preflight(req, res);
    if (req.method !== 'POST') return refuse('method-not-allowed', `method ${req.method} not allowed on ${path}: use POST`, 'json', { Allow: 'POST, OPTIONS' });
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const encoding = CONTENT_TYPES[mediaType];
    if (!encoding) return refuse('unsupported', `unsupported content type ${JSON.stringify(mediaType || '(none)')}: use application/x-protobuf or application/json`);
    if (this.stopping) return refuse('stopping', 'the receiver is stopping: retry shortly', encoding);
    const contentEncoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (!['identity', 'gzip', 'x-gzip', 'deflate', ''].includes(contentEncoding)) {
      return refuse('unsupported', `unsupported content encoding ${JSON.stringify(contentEncoding)}: use gzip or none`, encoding);
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    const limit = this.options.maxBodyBytes;
    if (declared > limit) {
      this.store.countRejectedRequest(signal);
      return refuse('too-large', `body of ${declared} bytes is over the ${limit}-byte limit`, encoding);
    }
    const reserve = Number.isFinite(declared) ? declared : 64 * 1024;
    if (this.inFlightBytes > 0 && this.inFlightBytes + reserve > this.options.maxInFlightBytes) {
      return refuse('busy', 'the receiver is busy: retry shortly', encoding);
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
        if (err instanceof Refused) return refuse(err.outcome, err.message, encoding);
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
          return refuse('too-large', `decompressed body is over the ${limit}-byte limit`, encoding);
        }
        return refuse('bad-data', `body could not be decompressed (${contentEncoding}): ${(err as Error).message}`, encoding);
      }
      const answer = exportRequest(this.store, signal, body, encoding, this.senders);
      if (answer.outcome === 'bad-data') this.noteMismatch(signal, body, encoding);
      this.answer(res, answer, encoding, req);
      // Accepted here: handed on to the upstreams after the answer, never delaying it.
      if (isSuccess(answer.outcome)) this.options.onAccepted?.(signal, encoding, body);
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

  /** Writes the answer with the status its outcome has over HTTP (outcome.ts), and counts it. */
  private answer(res: http.ServerResponse, answer: ExportAnswer, encoding: Encoding = 'json', req?: http.IncomingMessage, headers: Record<string, string> = {}): void {
    const { http: status, retryAfterSeconds } = OUTCOMES[answer.outcome];
    const ok = status === 200;
    countAnswer(this.stats, String(status), ok ? undefined : answer.message);
    if (!ok) this.store.markChanged('receiver');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const unread = req !== undefined && !req.complete;
    res.writeHead(status, {
      ...headers,
      ...(retryAfterSeconds !== undefined ? { 'Retry-After': String(retryAfterSeconds) } : {}),
      'Content-Type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      'Content-Length': answer.body.byteLength,
      // An unread body would be parsed as the next request; close instead of draining a possibly huge one.
      ...(unread || this.stopping ? { Connection: 'close' } : {}),
    });
    res.end(answer.body);
    if (unread) req.resume();
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
        reject(new Refused('too-large', `body is over the ${limit}-byte limit`));
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
      reject(new Refused('bad-data', `request aborted: ${err.message}`));
    });
    req.on('aborted', () => {
      if (done) return;
      done = true;
      reject(new Refused('bad-data', 'request aborted by the client'));
    });
  });
}
