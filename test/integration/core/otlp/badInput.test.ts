import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import * as zlib from 'node:zlib';
import { Engine } from '../../../../src/core/engine';
import { logsProtobuf, metricsProtobuf, tracesJson, tracesProtobuf } from '../../../helpers/payloads';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request, so tests control every header (fetch adds and normalizes some). */
function post(port: number, path: string, body: Uint8Array | string, headers: Record<string, string | number>, method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { ...headers, 'Content-Length': Buffer.byteLength(body as string) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const PROTO = { 'Content-Type': 'application/x-protobuf' };
const JSON_CT = { 'Content-Type': 'application/json' };

describe('OTLP/HTTP receiver answers bad input as the spec says and keeps what it had', function () {
  this.timeout(30_000);
  let engine: Engine;
  let port: number;
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
    engine = new Engine({ http: { port: 0, maxBodyBytes: 1024 * 1024 } });
    await engine.start();
    port = engine.http.port!;
    assert.equal((await post(port, '/v1/traces', tracesProtobuf(5), PROTO)).status, 200);
    assert.equal((await post(port, '/v1/metrics', await metricsProtobuf(), PROTO)).status, 200);
    assert.equal((await post(port, '/v1/logs', logsProtobuf(4), PROTO)).status, 200);
    baseline = contents();
    assert.equal(engine.store.spanCount, 5);
    assert.equal(engine.store.logCount, 4);
  });
  afterEach(() => assert.equal(contents(), baseline, 'what was stored before is intact'));
  after(() => engine.dispose());

  it('answers a valid JSON request with 200 and an empty JSON response', async () => {
    const e2 = new Engine({ http: { port: 0 } });
    await e2.start();
    try {
      const res = await post(e2.http.port!, '/v1/traces', tracesJson(2), JSON_CT);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(res.body.toString()), {});
      assert.equal(e2.store.spanCount, 2);
    } finally {
      await e2.dispose();
    }
  });

  it('garbage protobuf → 400 with a google.rpc.Status in protobuf', async () => {
    const res = await post(port, '/v1/traces', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), PROTO);
    assert.equal(res.status, 400);
    assert.equal(res.headers['content-type'], 'application/x-protobuf');
    // Status{code=3 (field 1, varint), message (field 2)}
    assert.equal(res.body[0], 0x08);
    assert.equal(res.body[1], 3);
    assert.match(res.body.toString('latin1'), /not a valid OTLP protobuf message/);
  });

  it('truncated protobuf → 400', async () => {
    const whole = tracesProtobuf(3);
    const res = await post(port, '/v1/traces', whole.subarray(0, Math.floor(whole.length / 2)), PROTO);
    assert.equal(res.status, 400);
  });

  it('garbage JSON → 400 with a JSON Status', async () => {
    const res = await post(port, '/v1/logs', '{"resourceLogs": [ {', JSON_CT);
    assert.equal(res.status, 400);
    const status = JSON.parse(res.body.toString());
    assert.equal(status.code, 3);
    assert.match(status.message, /JSON/);
  });

  it('JSON of the wrong shape → 400', async () => {
    const res = await post(port, '/v1/traces', '{"resourceSpans": 7}', JSON_CT);
    assert.equal(res.status, 400);
  });

  it('wrong content type → 415', async () => {
    const res = await post(port, '/v1/traces', 'hello', { 'Content-Type': 'text/plain' });
    assert.equal(res.status, 415);
    assert.match(JSON.parse(res.body.toString()).message, /application\/x-protobuf or application\/json/);
  });

  it('wrong method → 405 with Allow', async () => {
    const res = await post(port, '/v1/traces', '', {}, 'GET');
    assert.equal(res.status, 405);
    assert.equal(res.headers.allow, 'POST, OPTIONS');
  });

  it('unknown path → 404', async () => {
    const res = await post(port, '/v1/profiles', tracesProtobuf(1), PROTO);
    assert.equal(res.status, 404);
  });

  it('oversize body → 413 (declared length)', async () => {
    const res = await post(port, '/v1/traces', Buffer.alloc(2 * 1024 * 1024), PROTO);
    assert.equal(res.status, 413);
  });

  it('oversize chunked body → 413 without buffering it all', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/v1/traces', method: 'POST', headers: PROTO }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', () => resolve(413)); // the server may close while we are still writing
      const chunk = Buffer.alloc(64 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
      setTimeout(() => reject(new Error('no answer')), 10_000).unref();
    });
    assert.equal(res, 413);
  });

  it('gzip bomb → 413 while inflating no more than the limit', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024), { level: 9 });
    assert.ok(bomb.length < 1024 * 1024, 'the compressed body itself is under the limit');
    const before = process.memoryUsage().arrayBuffers;
    const res = await post(port, '/v1/traces', bomb, { ...PROTO, 'Content-Encoding': 'gzip' });
    assert.equal(res.status, 413);
    assert.match(res.body.toString('latin1'), /decompressed body is over/);
    const grown = process.memoryUsage().arrayBuffers - before;
    assert.ok(grown < 50 * 1024 * 1024, `inflating did not balloon memory (+${Math.round(grown / 1048576)} MiB)`);
  });

  it('corrupt gzip → 400', async () => {
    const res = await post(port, '/v1/traces', Buffer.from('not gzip at all'), { ...PROTO, 'Content-Encoding': 'gzip' });
    assert.equal(res.status, 400);
  });

  it('unknown content encoding → 415', async () => {
    const res = await post(port, '/v1/traces', tracesProtobuf(1), { ...PROTO, 'Content-Encoding': 'br' });
    assert.equal(res.status, 415);
  });

  it('answers CORS preflight for localhost origins only', async () => {
    const ok = await post(port, '/v1/traces', '', { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' }, 'OPTIONS');
    assert.equal(ok.status, 204);
    assert.equal(ok.headers['access-control-allow-origin'], 'http://localhost:5173');
    assert.match(String(ok.headers['access-control-allow-methods']), /POST/);
    const ok2 = await post(port, '/v1/traces', '', { Origin: 'http://127.0.0.1:8080', 'Access-Control-Request-Method': 'POST' }, 'OPTIONS');
    assert.equal(ok2.status, 204);
    const denied = await post(port, '/v1/traces', '', { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' }, 'OPTIONS');
    assert.equal(denied.status, 403);
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
    const deniedPost = await post(port, '/v1/traces', tracesProtobuf(1), { ...PROTO, Origin: 'http://localhost.evil.example' });
    assert.equal(deniedPost.status, 403);
  });

  it('reports spans with invalid ids in partial_success and stores the rest', async () => {
    const e2 = new Engine({ http: { port: 0 } });
    await e2.start();
    try {
      const body = JSON.stringify({
        resourceSpans: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'partial' } }] },
          scopeSpans: [{ spans: [
            { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'good', startTimeUnixNano: '1', endTimeUnixNano: '2' },
            { traceId: '', spanId: 'eee19b7ec3c1b175', name: 'no-trace-id', startTimeUnixNano: '1', endTimeUnixNano: '2' },
          ] }],
        }],
      });
      const res = await post(e2.http.port!, '/v1/traces', body, JSON_CT);
      assert.equal(res.status, 200);
      const answer = JSON.parse(res.body.toString());
      assert.equal(answer.partialSuccess.rejectedSpans, '1');
      assert.match(answer.partialSuccess.errorMessage, /invalid trace or span id/);
      assert.equal(e2.store.spanCount, 1);
    } finally {
      await e2.dispose();
    }
  });

  it('counts every failed answer in the receiver stats', () => {
    const s = engine.http.stats.byStatus;
    assert.ok((s['400'] ?? 0) >= 4 && (s['413'] ?? 0) >= 3 && (s['415'] ?? 0) >= 2 && s['405'] === 1 && s['404'] === 1, JSON.stringify(s));
    assert.ok(engine.http.stats.lastError);
  });
});
