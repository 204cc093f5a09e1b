/**
 * Forwarding when the upstream misbehaves: down at start, killed mid-stream and restarted, answering 429 with
 * Retry-After, 400, or never answering; gRPC RESOURCE_EXHAUSTED / UNAVAILABLE / INVALID_ARGUMENT; a queue at its
 * byte budget. Through all of it the local receiver keeps answering 200 at once, and every drop is counted.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { request } from 'undici';
import { Engine, type EngineOptions } from '../../../../src/core/engine';
import type { UpstreamHealth } from '../../../../src/core/forward/health';
import type { UpstreamConfig } from '../../../../src/core/forward/upstream';
import { decodeTraces } from '../../../../src/core/otlp/decode';
import { tracesProtobuf } from '../../../helpers/payloads';
import { OTEL_APP, eventually, freePort, runApp, start, type AppSent } from '../../../helpers/process';
import { startGrpcStub, startHttpStub } from './stubUpstreams';
import { autotelLogs, autotelTraces, startAutotel, type AutotelUpstream } from './upstreams';

async function engineForwardingTo(forward: UpstreamConfig, more: Partial<EngineOptions> = {}): Promise<Engine> {
  const engine = new Engine({ http: { port: 0 }, forward: [forward], ...more });
  const report = await engine.start();
  assert.deepEqual(report.errors, []);
  return engine;
}

const health = (engine: Engine): UpstreamHealth => engine.forwarder.health()[0];

/** Posts one traces request (spans of one service.instance.id) to the local receiver: its status and how long the answer took. */
async function postLocal(engine: Engine, instanceId: string, spans = 2): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await request(`http://127.0.0.1:${engine.http.port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: tracesProtobuf(spans, instanceId) });
  await res.body.dump();
  return { status: res.statusCode, ms: performance.now() - t0 };
}

/** The service.instance.id of each resource in a forwarded traces body, in order. */
function instancesIn(body: Uint8Array): string[] {
  return decodeTraces(body, 'protobuf').map((batch) => String(batch.resource.attributes['service.instance.id']));
}

function assertLocalAllOk(engine: Engine): void {
  const { requests, byStatus } = engine.http.stats;
  assert.ok(requests > 0);
  assert.equal(byStatus['200'], requests, `the local receiver answered only 200: ${JSON.stringify(byStatus)}`);
}

async function assertAutotelHolds(upstream: AutotelUpstream, id: string, sent: AppSent): Promise<void> {
  await eventually(async () => {
    const traces = await autotelTraces(upstream.port, id);
    const missing = sent.traceIds.filter((t) => traces.get(t)?.length !== 2);
    assert.deepEqual(missing, [], `${missing.length} of ${sent.traceIds.length} traces missing or incomplete upstream`);
    assert.equal(traces.size, sent.traceIds.length);
    assert.equal((await autotelLogs(upstream.port, id)).length, sent.logs);
  }, 30_000, 250);
}

describe('forwarding faults', function () {
  this.timeout(120_000);
  const cleanups: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('an upstream down at start gets everything once it comes up; the app never sees an error', async () => {
    const [port, grpcPort] = [await freePort(), await freePort()];
    const engine = await engineForwardingTo({ url: `http://127.0.0.1:${port}` });
    cleanups.push(() => engine.dispose());
    const sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${engine.http.port}`, OTEL_SERVICE_NAME: 'checkout', APP_INSTANCE_ID: 'down-at-start', APP_ROUNDS: '4' });
    assertLocalAllOk(engine);
    await eventually(() => {
      const h = health(engine);
      assert.match(h.status, /retrying|failing/);
      assert.match(h.lastError?.message ?? '', /ECONNREFUSED/);
      assert.ok(h.queued.requests > 0);
    });
    const upstream = await startAutotel(port, grpcPort);
    cleanups.push(() => upstream.kill());
    await assertAutotelHolds(upstream, 'down-at-start', sent);
    await eventually(() => {
      assert.equal(health(engine).status, 'up');
      assert.equal(health(engine).queued.requests, 0);
    }, 10_000);
    assert.equal(health(engine).dropped['queue-full'], 0);
  });

  it('an upstream killed mid-stream and restarted loses nothing within the queue budget', async () => {
    const [port, grpcPort] = [await freePort(), await freePort()];
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fwd-restart-')), 'upstream.db');
    cleanups.push(() => fs.rmSync(path.dirname(db), { recursive: true, force: true }));
    let upstream = await startAutotel(port, grpcPort, db);
    cleanups.push(() => upstream.kill());
    const engine = await engineForwardingTo({ url: `http://127.0.0.1:${port}` });
    cleanups.push(() => engine.dispose());
    // An app that keeps sending (a cycle every 50 ms) until it is told to stop.
    const app = start(OTEL_APP, [], { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${engine.http.port}`, OTEL_SERVICE_NAME: 'checkout', APP_INSTANCE_ID: 'restarted', APP_ROUNDS: '1', APP_LOOP_MS: '50' });
    cleanups.push(() => void (app.child.exitCode === null && app.child.kill('SIGKILL')));
    await eventually(() => assert.ok(health(engine).forwarded.requests >= 3, 'some data went through before the kill'), 15_000);
    await upstream.kill();
    // While the upstream is gone, the inspector answers at once.
    for (let i = 0; i < 5; i++) {
      const r = await postLocal(engine, 'while-down');
      assert.equal(r.status, 200);
      assert.ok(r.ms < 1000, `answered in ${r.ms.toFixed(0)} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await eventually(() => assert.match(health(engine).lastError?.message ?? '', /ECONNREFUSED|ECONNRESET|socket|closed/i));
    upstream = await startAutotel(port, grpcPort, db);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    app.child.kill('SIGTERM');
    const done = await app.done;
    assert.equal(done.code, 0, done.stderr);
    const sent = JSON.parse(done.stdout.trim().split('\n').at(-1)!) as AppSent;
    assert.ok(sent.traceIds.length > 20, `the app sent across the outage (${sent.traceIds.length} traces)`);
    assertLocalAllOk(engine);
    await assertAutotelHolds(upstream, 'restarted', sent);
    const h = health(engine);
    assert.deepEqual(Object.values(h.dropped), [0, 0, 0, 0, 0, 0], JSON.stringify(h.dropped));
  });

  it('429 with Retry-After: waits as long as asked, then delivers in order', async () => {
    const stub = await startHttpStub((n) => (n < 2 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : { status: 200 }));
    cleanups.push(() => stub.close());
    const engine = await engineForwardingTo({ url: stub.url, signals: ['traces'] });
    cleanups.push(() => engine.dispose());
    for (const id of ['first', 'second', 'third']) {
      const r = await postLocal(engine, id);
      assert.equal(r.status, 200);
      assert.ok(r.ms < 1000, `the local answer did not wait for the upstream (${r.ms.toFixed(0)} ms)`);
    }
    await eventually(() => assert.equal(health(engine).status, 'retrying'), 2000);
    assert.match(health(engine).lastError?.message ?? '', /HTTP 429: slow down/);
    await eventually(() => assert.equal(health(engine).queued.requests, 0), 10_000);
    const [a, b, c] = stub.received;
    assert.deepEqual([a.answered, b.answered, c.answered], [429, 429, 200]);
    assert.ok(b.atMs - a.atMs >= 950, `retried after ${b.atMs - a.atMs} ms, not the 1 s asked`);
    assert.ok(c.atMs - b.atMs >= 950, `retried after ${c.atMs - b.atMs} ms, not the 1 s asked`);
    const delivered = stub.received.filter((r) => r.answered === 200).flatMap((r) => instancesIn(r.body));
    assert.deepEqual(delivered, ['first', 'second', 'third'], 'each request once, in the order it arrived');
    assert.equal(stub.received[0].path, '/v1/traces');
    assert.equal(health(engine).forwarded.requests, 3);
    assert.equal(health(engine).status, 'up');
    assertLocalAllOk(engine);
  });

  it('400 drops the request, counted, without retrying it', async () => {
    const stub = await startHttpStub(() => ({ status: 400, body: 'bad data' }));
    cleanups.push(() => stub.close());
    const engine = await engineForwardingTo({ url: stub.url });
    cleanups.push(() => engine.dispose());
    assert.equal((await postLocal(engine, 'refused-1')).status, 200);
    await eventually(() => assert.equal(health(engine).dropped.rejected, 1));
    assert.equal((await postLocal(engine, 'refused-2')).status, 200);
    await eventually(() => assert.equal(health(engine).dropped.rejected, 2));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(stub.received.length, 2, 'each request was sent once');
    const h = health(engine);
    assert.equal(h.status, 'failing');
    assert.match(h.lastError?.message ?? '', /HTTP 400: bad data/);
    assert.equal(h.queued.requests, 0);
    assertLocalAllOk(engine);
  });

  it('an upstream that never answers: sends time out and are retried, the local answer never waits, stop flushes within its deadline', async () => {
    const stub = await startHttpStub(() => 'hang');
    cleanups.push(() => stub.close());
    const engine = await engineForwardingTo({ url: stub.url, timeoutMs: 300 }, { forwardFlushMs: 1000 });
    cleanups.push(() => engine.dispose());
    for (let i = 0; i < 4; i++) {
      const r = await postLocal(engine, `silent-${i}`);
      assert.equal(r.status, 200);
      assert.ok(r.ms < 1000, `answered in ${r.ms.toFixed(0)} ms`);
    }
    await eventually(() => assert.match(health(engine).lastError?.message ?? '', /no answer within 300 ms/), 5000);
    assert.ok(stub.received.length >= 1);
    const t0 = Date.now();
    await engine.stop();
    const took = Date.now() - t0;
    assert.ok(took < 4000, `stop took ${took} ms with a 1 s flush deadline`);
    assert.equal(engine.lastForwardFlush.length, 1);
    assert.equal(engine.lastForwardFlush[0].leftRequests, 4, JSON.stringify(engine.lastForwardFlush));
    assert.equal(health(engine).dropped['flush-deadline'], 4);
    assert.equal(health(engine).queued.bytes, 0);
  });

  it('a queue at its byte budget drops new requests (counted) and holds no more than the budget', async () => {
    const port = await freePort();
    const budget = 64 * 1024;
    const engine = await engineForwardingTo({ url: `http://127.0.0.1:${port}`, queueBytes: budget });
    cleanups.push(() => engine.dispose());
    const total = 40;
    for (let i = 0; i < total; i++) assert.equal((await postLocal(engine, `flood-${i}`, 20)).status, 200);
    const h = health(engine);
    assert.ok(h.queued.bytes <= budget, `queued ${h.queued.bytes} bytes of a ${budget}-byte budget`);
    assert.ok(h.queued.bytes > budget / 2, 'the queue filled up');
    assert.ok(h.dropped['queue-full'] > 0);
    assert.equal(h.queued.requests + h.dropped['queue-full'], total, 'every request is queued or counted as dropped');
    assertLocalAllOk(engine);
  });

  it('gRPC: UNAVAILABLE and RESOURCE_EXHAUSTED are retried (RetryInfo honoured), INVALID_ARGUMENT drops', async () => {
    const script = [
      { code: GrpcStatus.UNAVAILABLE },
      { code: GrpcStatus.RESOURCE_EXHAUSTED, retryDelayMs: 1200 },
      { code: GrpcStatus.OK },
      { code: GrpcStatus.INVALID_ARGUMENT },
    ];
    const stub = await startGrpcStub((n) => script[Math.min(n, script.length - 1)]);
    cleanups.push(() => stub.close());
    const engine = await engineForwardingTo({ url: stub.url, protocol: 'grpc' });
    cleanups.push(() => engine.dispose());
    assert.equal((await postLocal(engine, 'grpc-retried')).status, 200);
    await eventually(() => assert.equal(health(engine).forwarded.requests, 1), 10_000);
    const [unavailable, exhausted, ok] = stub.received;
    assert.deepEqual([unavailable.answered, exhausted.answered, ok.answered], [GrpcStatus.UNAVAILABLE, GrpcStatus.RESOURCE_EXHAUSTED, GrpcStatus.OK]);
    assert.ok(ok.atMs - exhausted.atMs >= 1150, `waited ${ok.atMs - exhausted.atMs} ms after RESOURCE_EXHAUSTED asked for 1.2 s`);
    assert.deepEqual(instancesIn(ok.body), ['grpc-retried'], 'the protobuf bytes went on as they came');
    assert.equal((await postLocal(engine, 'grpc-refused')).status, 200);
    await eventually(() => assert.equal(health(engine).dropped.rejected, 1));
    assert.match(health(engine).lastError?.message ?? '', /gRPC INVALID_ARGUMENT/);
    assertLocalAllOk(engine);
  });
});
