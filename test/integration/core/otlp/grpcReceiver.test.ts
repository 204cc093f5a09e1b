import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { Engine } from '../../../../src/core/engine';
import { ListenError } from '../../../../src/core/otlp/listenError';
import { logsProtobuf, metricsProtobuf, sdkSpans, tracesProtobuf } from '../../../helpers/payloads';
import { eventually, run, OTEL_APP } from '../../../helpers/process';

type Signal = 'traces' | 'metrics' | 'logs';

/** Written out here rather than imported, so a wrong path in the receiver's definition fails these tests. */
const PATHS: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const identity = (b: Buffer): Buffer => b;
const RawClient = grpc.makeGenericClientConstructor(
  Object.fromEntries(
    Object.entries(PATHS).map(([signal, path]) => [
      signal,
      { path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity },
    ]),
  ),
  'OtlpRaw',
);

interface Answer {
  error: grpc.ServiceError | null;
  response: Buffer | undefined;
}

/** A grpc-js client whose messages are bytes both ways: what the test writes is what goes on the wire. */
class Raw {
  readonly client: grpc.Client;
  constructor(port: number, options: grpc.ChannelOptions = {}) {
    this.client = new RawClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), options);
  }
  call(signal: Signal, body: Uint8Array): Promise<Answer> {
    return new Promise((resolve) => {
      type Unary = (body: Buffer, options: grpc.CallOptions, cb: (error: grpc.ServiceError | null, response?: Buffer) => void) => void;
      const method = (this.client as unknown as Record<Signal, Unary>)[signal];
      method.call(this.client, Buffer.from(body), { deadline: Date.now() + 30_000 }, (error, response) => resolve({ error, response }));
    });
  }
  close(): void {
    this.client.close();
  }
}

/** One gRPC message on the wire: compressed flag, 4-byte length, bytes. */
function frame(message: Uint8Array, compressed = false): Buffer {
  const head = Buffer.alloc(5);
  head[0] = compressed ? 1 : 0;
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

/** A call made by hand over node:http2, for what a well-behaved client never sends (or sends slowly). */
function rawCall(
  port: number,
  path: string,
  headers: http2.OutgoingHttpHeaders,
  send: (stream: http2.ClientHttp2Stream, session: http2.ClientHttp2Session) => Promise<void>,
): Promise<{ status: number; message: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers', ...headers });
    const chunks: Buffer[] = [];
    let status: number | undefined;
    let message = '';
    const take = (h: http2.IncomingHttpHeaders): void => {
      if (h['grpc-status'] !== undefined) {
        status = Number(h['grpc-status']);
        message = decodeURIComponent(String(h['grpc-message'] ?? ''));
      }
    };
    stream.on('response', take);
    stream.on('trailers', take);
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', reject);
    stream.on('close', () => {
      session.close();
      if (status === undefined) reject(new Error(`no grpc-status (rst ${stream.rstCode})`));
      else resolve({ status, message, body: Buffer.concat(chunks) });
    });
    send(stream, session).catch(reject);
  });
}

/** Waits until the server has read everything sent so far on this connection (a PING is answered in order). */
async function settled(session: http2.ClientHttp2Session): Promise<void> {
  if (session.connecting) await new Promise((resolve) => session.once('connect', resolve));
  await new Promise<void>((resolve, reject) => session.ping((err) => (err ? reject(err) : resolve())));
}

function listenOn(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

describe('OTLP/gRPC receiver', function () {
  this.timeout(60_000);
  const LIMIT = 1024 * 1024;
  let engine: Engine;
  let port: number;
  let raw: Raw;
  let baseline: string;

  /** Everything the store holds, in a comparable form. */
  const contents = (): string =>
    JSON.stringify({
      spans: engine.store.spanCount,
      logs: engine.store.logCount,
      stored: [engine.store.counters.traces.stored, engine.store.counters.metrics.stored, engine.store.counters.logs.stored],
      instances: [...engine.store.instances.keys()],
    });

  before(async () => {
    engine = new Engine({ http: { port: 0, maxBodyBytes: LIMIT }, grpc: { port: 0 } });
    const report = await engine.start();
    assert.deepEqual(report.errors, []);
    port = engine.grpc.port!;
    raw = new Raw(port);
  });
  after(async () => {
    raw.close();
    await engine.dispose();
  });

  describe('valid calls', () => {
    it('takes the host and body limit of the HTTP receiver unless given its own', () => {
      assert.equal(engine.grpc.config.host, '127.0.0.1');
      assert.equal(engine.grpc.config.maxBodyBytes, LIMIT);
      assert.deepEqual(Object.keys(engine.receiverStates()), ['http', 'grpc']);
      assert.equal(engine.receiverStates().grpc.status, 'listening');
      assert.notEqual(engine.grpc.port, engine.http.port);
    });

    it('stores traces, metrics and logs and answers OK with the empty response', async () => {
      for (const [signal, body] of [['traces', tracesProtobuf(5)], ['metrics', await metricsProtobuf()], ['logs', logsProtobuf(4)]] as const) {
        const { error, response } = await raw.call(signal, body);
        assert.equal(error, null, `${signal}: ${error?.message}`);
        assert.equal(response?.length, 0, 'full success is the empty message');
      }
      assert.equal(engine.store.spanCount, 5);
      assert.equal(engine.store.logCount, 4);
      const inst = [...engine.store.instances.values()].find((i) => i.instanceLabel === 'payload-test')!;
      assert.ok(inst.metricStreams.size >= 2);
      assert.equal(inst.signals.metrics.requests, 1);
      baseline = contents();
    });

    it('accepts grpc-encoding gzip (grpc-js inflates on receive)', async () => {
      const gz = new Raw(port, { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip });
      try {
        const { error } = await gz.call('traces', tracesProtobuf(3, 'gzip-client'));
        assert.equal(error, null, error?.message);
      } finally {
        gz.close();
      }
      // And by hand, so the compressed flag is certainly set on the wire.
      const res = await rawCall(port, PATHS.logs, { 'grpc-encoding': 'gzip' }, async (stream) => {
        stream.end(frame(zlib.gzipSync(logsProtobuf(2, 'gzip-by-hand')), true));
      });
      assert.equal(res.status, grpc.status.OK, res.message);
      const labels = [...engine.store.instances.values()].map((i) => i.instanceLabel);
      assert.ok(labels.includes('gzip-client') && labels.includes('gzip-by-hand'), labels.join(', '));
      baseline = contents();
    });

    it('reports rejected items in partial_success and stores the rest', async () => {
      const [good, bad] = sdkSpans(2, 'partial-grpc');
      const noTraceId = Object.create(bad) as ReadableSpan;
      Object.defineProperty(noTraceId, 'spanContext', { value: () => ({ ...bad.spanContext(), traceId: '' }) });
      const before = engine.store.spanCount;
      const { error, response } = await raw.call('traces', ProtobufTraceSerializer.serializeRequest([good, noTraceId])!);
      assert.equal(error, null, error?.message);
      const answer = ProtobufTraceSerializer.deserializeResponse(response!);
      assert.equal(Number(answer.partialSuccess?.rejectedSpans), 1);
      assert.match(String(answer.partialSuccess?.errorMessage), /invalid trace or span id/);
      assert.equal(engine.store.spanCount, before + 1);
      baseline = contents();
    });
  });

  describe('bad input', () => {
    afterEach(() => assert.equal(contents(), baseline, 'what was stored before is intact'));

    it('garbage bytes → INVALID_ARGUMENT with a message', async () => {
      const { error } = await raw.call('traces', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
      assert.equal(error?.code, grpc.status.INVALID_ARGUMENT);
      assert.match(error!.details, /traces request is not a valid OTLP protobuf message/);
    });

    it('truncated message → INVALID_ARGUMENT, for every signal', async () => {
      for (const [signal, whole] of [['traces', tracesProtobuf(3)], ['metrics', await metricsProtobuf()], ['logs', logsProtobuf(3)]] as const) {
        const { error } = await raw.call(signal, whole.subarray(0, Math.floor(whole.length / 2)));
        assert.equal(error?.code, grpc.status.INVALID_ARGUMENT, signal);
        assert.match(error!.details, new RegExp(`${signal} request is not a valid OTLP protobuf message`));
      }
    });

    it('a message over the limit → RESOURCE_EXHAUSTED', async () => {
      const { error } = await raw.call('traces', Buffer.alloc(LIMIT + 1));
      assert.equal(error?.code, grpc.status.RESOURCE_EXHAUSTED);
      assert.match(error!.details, /larger than max/);
    });

    it('a gzip message that inflates past the limit → RESOURCE_EXHAUSTED', async () => {
      const bomb = zlib.gzipSync(Buffer.alloc(64 * LIMIT), { level: 9 });
      assert.ok(bomb.length < LIMIT / 4);
      const res = await rawCall(port, PATHS.traces, { 'grpc-encoding': 'gzip' }, async (stream) => {
        stream.end(frame(bomb, true));
      });
      assert.equal(res.status, grpc.status.RESOURCE_EXHAUSTED);
      assert.match(res.message, /decompresses to a size larger than/);
    });

    it('corrupt gzip is refused by grpc-js (INTERNAL: "Failed to decompress message")', async () => {
      const res = await rawCall(port, PATHS.traces, { 'grpc-encoding': 'gzip' }, async (stream) => {
        stream.end(frame(Buffer.from('not gzip at all'), true));
      });
      assert.equal(res.status, grpc.status.INTERNAL);
      assert.match(res.message, /decompress/);
    });

    it('an unknown method → UNIMPLEMENTED', async () => {
      const res = await rawCall(port, '/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export', {}, async (stream) => {
        stream.end(frame(Buffer.alloc(0)));
      });
      assert.equal(res.status, grpc.status.UNIMPLEMENTED);
    });

    it('counts every answer in the receiver stats, refusals grpc-js sends itself included', async () => {
      await eventually(() => {
        const s = engine.grpc.stats.byStatus;
        assert.ok(s.OK >= 6, JSON.stringify(s));
        assert.equal(s.INVALID_ARGUMENT, 4, JSON.stringify(s));
        // Over the limit (twice) and corrupt gzip end before the handler: counted as REFUSED.
        assert.equal(s.REFUSED, 3, JSON.stringify(s));
      });
      assert.equal(engine.grpc.stats.hints.size, 0);
    });
  });

  describe('the wrong protocol', () => {
    it('records a hint when an OTLP/HTTP exporter is aimed at the gRPC port, and answers it in HTTP/1.1', async () => {
      const done = await run(OTEL_APP, [], {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
        APP_INSTANCE_ID: 'http-at-grpc',
        APP_ROUNDS: '1',
      });
      assert.match(done.stderr, /Bad Request/, 'the exporter got an HTTP answer, not a dropped connection');
      const hint = engine.grpc.stats.hints.get('http-on-grpc-port');
      assert.ok(hint, `hints: ${JSON.stringify([...engine.grpc.stats.hints.keys()])}`);
      assert.match(hint.message, /OTEL_EXPORTER_OTLP_PROTOCOL=grpc/);
      assert.match(hint.message, /4318/);
      assert.ok(![...engine.store.instances.values()].some((i) => i.instanceLabel === 'http-at-grpc'));
    });

    it('answers any other HTTP/1 request with a readable 400 and a hint', async () => {
      const answer = await new Promise<string>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => s.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'));
        let text = '';
        s.on('data', (d: Buffer) => (text += d.toString()));
        s.on('end', () => resolve(text));
        s.on('error', reject);
      });
      assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.match(answer, /GET \/metrics\) arrived at the OTLP\/gRPC port/);
      assert.ok(engine.grpc.stats.hints.get('http1-on-grpc-port'));
    });

    it('records a hint when a client speaks TLS to the gRPC port', async () => {
      await new Promise<void>((resolve) => {
        const s = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
        s.on('error', () => resolve());
        s.on('close', () => resolve());
      });
      const hint = engine.grpc.stats.hints.get('tls-on-grpc-port');
      assert.ok(hint);
      assert.match(hint.message, /http:\/\//);
    });

    it('hands over an HTTP/2 preface that arrives in pieces', async () => {
      const serverFrames = await new Promise<Buffer>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.write('PR');
          setImmediate(() => s.write('I * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
          // An empty SETTINGS frame: length 0, type 4, no flags, stream 0.
          setImmediate(() => s.write(Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])));
        });
        let got = Buffer.alloc(0);
        s.on('data', (d: Buffer) => {
          got = Buffer.concat([got, d]);
          if (got.length >= 9) {
            s.destroy();
            resolve(got);
          }
        });
        s.on('error', reject);
      });
      assert.equal(serverFrames[3], 4, 'the server answered with its SETTINGS frame');
    });

    it('records a hint on the HTTP port when a gRPC exporter is aimed at it', async () => {
      await run(OTEL_APP, [], {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${engine.http.port}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TIMEOUT: '5000',
        APP_INSTANCE_ID: 'grpc-at-http',
        APP_ROUNDS: '1',
      });
      const hint = engine.http.stats.hints.get('grpc-on-http-port');
      assert.ok(hint, `hints: ${JSON.stringify([...engine.http.stats.hints.keys()])}`);
      assert.match(hint.message, /OTEL_EXPORTER_OTLP_PROTOCOL=http\/protobuf/);
    });

    it('keeps serving gRPC after all that', async () => {
      const { error } = await raw.call('logs', logsProtobuf(1, 'after-wrong-protocols'));
      assert.equal(error, null, error?.message);
      assert.ok([...engine.store.instances.values()].some((i) => i.instanceLabel === 'after-wrong-protocols'));
    });
  });
});

describe('OTLP/gRPC receiver lifecycle', function () {
  this.timeout(60_000);

  it('reports a busy gRPC port as a ListenError while HTTP keeps running', async () => {
    const blocker = net.createServer();
    const busy = await listenOn(blocker);
    const engine = new Engine({ http: { port: 0 }, grpc: { port: busy } });
    try {
      const report = await engine.start();
      assert.equal(report.errors.length, 1);
      const [error] = report.errors;
      assert.ok(error instanceof ListenError);
      assert.equal(error.code, 'EADDRINUSE');
      assert.equal(error.port, busy);
      assert.match(error.message, new RegExp(`OTLP/gRPC receiver port 127\\.0\\.0\\.1:${busy} is already in use`));
      const states = engine.receiverStates();
      assert.equal(states.http.status, 'listening');
      assert.equal(states.grpc.status, 'error');
      assert.equal(engine.grpc.port, undefined);
      const res = await fetch(`http://127.0.0.1:${engine.http.port}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf' },
        body: tracesProtobuf(2),
      });
      assert.equal(res.status, 200);
      assert.equal(engine.store.spanCount, 2);
      // Once the port is free, starting again works.
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await engine.grpc.start();
      assert.equal(engine.grpc.port, busy);
    } finally {
      blocker.close();
      await engine.dispose();
    }
  });

  it('stays off when not asked for, or turned off', async () => {
    const bare = new Engine({ http: { port: 0 } });
    const off = new Engine({ http: { port: 0 }, grpc: { port: 0, enabled: false } });
    try {
      for (const e of [bare, off]) {
        assert.deepEqual((await e.start()).errors, []);
        assert.equal(e.grpc.state.status, 'stopped');
        assert.deepEqual(Object.keys(e.receiverStates()), ['http']);
      }
    } finally {
      await Promise.all([bare.dispose(), off.dispose()]);
    }
  });

  it('answers UNAVAILABLE to a call whose message completes while stopping, and stops promptly', async () => {
    const engine = new Engine({ http: { enabled: false }, grpc: { port: 0 } });
    await engine.start();
    const port = engine.grpc.port!;
    const states: string[] = [];
    engine.grpc.onState((s) => states.push(s.status));
    try {
      const message = frame(tracesProtobuf(2, 'too-late'));
      let stopping: Promise<void> | undefined;
      const res = await rawCall(port, PATHS.traces, {}, async (stream, session) => {
        stream.write(message.subarray(0, 20));
        await settled(session); // the server has the call open
        stopping = engine.grpc.stop();
        stream.end(message.subarray(20));
      });
      const started = Date.now();
      await stopping;
      assert.ok(Date.now() - started < 5000);
      assert.equal(res.status, grpc.status.UNAVAILABLE);
      assert.match(res.message, /stopping/);
      assert.equal(engine.store.spanCount, 0);
      assert.deepEqual(states, ['stopped']);
      assert.equal(engine.grpc.stats.byStatus.UNAVAILABLE, 1);
      // A new connection is refused once stopped.
      await assert.rejects(
        new Promise<void>((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1', () => {
            s.destroy();
            resolve();
          });
          s.on('error', reject);
        }),
      );
    } finally {
      await engine.dispose();
    }
  });

  it('restarts on a new port when reconfigured, and stops with open client connections', async () => {
    const engine = new Engine({ http: { enabled: false }, grpc: { port: 0 } });
    await engine.start();
    const first = engine.grpc.port!;
    const client = new Raw(first);
    try {
      assert.equal((await client.call('traces', tracesProtobuf(1, 'r1'))).error, null);
      const blocker = net.createServer();
      const next = await listenOn(blocker);
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await engine.grpc.reconfigure({ port: next });
      assert.equal(engine.grpc.port, next);
      const moved = new Raw(next);
      try {
        assert.equal((await moved.call('traces', tracesProtobuf(1, 'r2'))).error, null);
        const started = Date.now();
        await engine.grpc.stop(); // the client's connection is still open
        assert.ok(Date.now() - started < 5000, `stopped in ${Date.now() - started} ms`);
        assert.equal(engine.grpc.state.status, 'stopped');
      } finally {
        moved.close();
      }
      assert.equal(engine.store.spanCount, 2);
    } finally {
      client.close();
      await engine.dispose();
    }
  });
});
