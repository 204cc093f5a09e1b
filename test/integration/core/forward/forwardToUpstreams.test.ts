/**
 * Forwarding to real upstreams: SDK apps send to the inspector, and an independent OTLP receiver
 * (autotel-devtools) gets exactly what they sent, over OTLP/HTTP protobuf and JSON, whether the bytes go on as
 * they came or are re-encoded; a second inspector (our CLI in its own process) is the gRPC upstream.
 */
import { strict as assert } from 'node:assert';
import { Engine } from '../../../../src/core/engine';
import type { ForwardProtocol } from '../../../../src/core/forward/upstream';
import { assertStoreHoldsApp } from '../../../helpers/appAssertions';
import { eventually, freePort, runApp, type AppSent } from '../../../helpers/process';
import { autotelLogs, autotelMetric, autotelTraces, startAutotel, startInspector, type AutotelUpstream } from './upstreams';

const ROUNDS = 4;

async function inspectorForwardingTo(url: string, protocol: ForwardProtocol): Promise<Engine> {
  const engine = new Engine({ http: { port: 0 }, grpc: { port: 0 }, forward: [{ url, protocol }] });
  const report = await engine.start();
  assert.deepEqual(report.errors, []);
  return engine;
}

/** Everything the forwarder took has gone out (delivered, nothing queued, nothing dropped). */
async function forwardedAll(engine: Engine): Promise<void> {
  await eventually(() => {
    const [h] = engine.forwarder.health();
    assert.equal(h.queued.requests, 0, `still queued: ${JSON.stringify(h)}`);
    assert.ok(h.forwarded.requests > 0);
    assert.equal(h.status, 'up', JSON.stringify(h));
  }, 20_000);
  const [h] = engine.forwarder.health();
  assert.deepEqual(Object.values(h.dropped), [0, 0, 0, 0, 0, 0], `nothing dropped: ${JSON.stringify(h.dropped)}`);
}

function appEnv(engine: Engine, appProtocol: string, id: string): NodeJS.ProcessEnv {
  const port = appProtocol === 'grpc' ? engine.grpc.port : engine.http.port;
  return { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_PROTOCOL: appProtocol, OTEL_SERVICE_NAME: 'checkout', APP_INSTANCE_ID: id, APP_ROUNDS: String(ROUNDS) };
}

/** The upstream holds what the app said it sent: every trace with both its spans, every log, the counter's totals. */
async function assertAutotelHoldsApp(upstream: AutotelUpstream, id: string, sent: AppSent): Promise<void> {
  const traces = await eventually(async () => {
    const t = await autotelTraces(upstream.port, id);
    assert.deepEqual([...t.keys()].sort(), [...sent.traceIds].sort());
    for (const spans of t.values()) assert.equal(spans.length, 2);
    return t;
  }, 10_000);
  for (const [i, traceId] of sent.traceIds.entries()) {
    const spans = traces.get(traceId)!;
    const root = spans.find((s) => !s.parentSpanId)!;
    const child = spans.find((s) => s !== root)!;
    assert.equal(root.name, i % 2 === 0 ? 'GET /checkout' : 'GET /cart');
    assert.equal(root.kind, 'SERVER');
    assert.equal(root.attributes['code.lineno'], 42);
    assert.equal(child.parentSpanId, root.spanId);
    assert.equal(child.attributes['db.rows'], i);
    assert.equal(child.events[0]?.name, 'rows.fetched');
    assert.equal(root.status.code, i % 3 === 2 ? 'ERROR' : 'UNSET');
  }
  const logs = await eventually(async () => {
    const l = await autotelLogs(upstream.port, id);
    assert.equal(l.length, sent.logs);
    return l;
  }, 10_000);
  assert.deepEqual(logs.map((l) => l.body).sort(), sent.traceIds.map((_, i) => `handled ${i % 2 === 0 ? '/checkout' : '/cart'}`).sort());
  assert.deepEqual(logs.map((l) => l.traceId).sort(), [...sent.traceIds].sort(), 'each log keeps its trace context');
  const counter = await autotelMetric(upstream.port, 'app.requests', id);
  const total = (route: string) => counter.find((s) => s.attributes.route === route)?.points.at(-1)?.value;
  assert.equal(total('/checkout'), Math.ceil(ROUNDS / 2));
  assert.equal(total('/cart'), Math.floor(ROUNDS / 2));
  const histogram = await autotelMetric(upstream.port, 'app.request.duration', id);
  assert.equal(histogram.length, 2, 'one histogram series per route');
}

describe('forwarding to real upstreams', function () {
  this.timeout(90_000);

  describe('autotel-devtools over OTLP/HTTP', () => {
    let upstream: AutotelUpstream;
    before(async () => {
      upstream = await startAutotel(await freePort(), await freePort());
    });
    after(() => upstream?.kill());

    const cases: { app: string; forward: ForwardProtocol; what: string }[] = [
      { app: 'http/protobuf', forward: 'http/protobuf', what: 'the same protobuf bytes' },
      { app: 'http/json', forward: 'http/json', what: 'the same JSON bytes' },
      { app: 'http/json', forward: 'http/protobuf', what: 'JSON re-encoded as protobuf' },
      { app: 'grpc', forward: 'http/json', what: 'gRPC protobuf turned into JSON' },
    ];
    for (const c of cases) {
      it(`an app sending ${c.app}, forwarded as ${c.forward} (${c.what}): the upstream holds exactly what it sent`, async () => {
        const engine = await inspectorForwardingTo(`http://127.0.0.1:${upstream.port}`, c.forward);
        try {
          const id = `fwd-${c.app}-to-${c.forward}`.replace(/\//g, '_');
          const sent = await runApp(appEnv(engine, c.app, id));
          assert.equal(sent.spans, 2 * ROUNDS);
          // The local view first: forwarding changes nothing for the inspector itself.
          assertStoreHoldsApp(engine.store, id, sent);
          const local = c.app === 'grpc' ? engine.grpc.stats : engine.http.stats;
          assert.equal(local.requests, local.byStatus[c.app === 'grpc' ? 'OK' : '200'], `every local answer was a success: ${JSON.stringify(local.byStatus)}`);
          await forwardedAll(engine);
          await assertAutotelHoldsApp(upstream, id, sent);
        } finally {
          await engine.dispose();
        }
      });
    }
  });

  describe('a second inspector over OTLP/gRPC', () => {
    it('receives what apps sent over protobuf and JSON, re-encoded and framed for gRPC', async () => {
      const upstream = await startInspector();
      let engine: Engine | undefined;
      try {
        engine = await inspectorForwardingTo(`http://127.0.0.1:${upstream.grpcPort}`, 'grpc');
        const sentProto = await runApp(appEnv(engine, 'http/protobuf', 'grpc-from-protobuf'));
        const sentJson = await runApp(appEnv(engine, 'http/json', 'grpc-from-json'));
        await forwardedAll(engine);
        const snapshot = await upstream.stop();
        for (const [id, sent] of [['grpc-from-protobuf', sentProto], ['grpc-from-json', sentJson]] as const) {
          const inst = snapshot.instances.find((i) => i.instance === id);
          assert.ok(inst, `${id} reached the upstream inspector (it has ${snapshot.instances.map((i) => i.instance).join(', ')})`);
          assert.deepEqual(inst.traces.map((t) => t.traceId).sort(), [...sent.traceIds].sort());
          for (const t of inst.traces) {
            assert.equal(t.spanCount, 2);
            const root = t.spans.find((s) => !s.parentSpanId)!;
            assert.ok(t.spans.some((s) => s.parentSpanId === root.spanId && s.name === 'db.query'));
          }
          assert.equal(inst.signals.traces.received, sent.spans);
          assert.equal(inst.signals.logs.received, sent.logs);
          assert.deepEqual(inst.logs.map((l) => l.traceId).sort(), [...sent.traceIds].sort());
          const counter = inst.metrics.find((m) => m.name === 'app.requests');
          assert.equal(counter?.series.find((s) => s.attributes.route === '/checkout')?.latest?.value, Math.ceil(ROUNDS / 2));
        }
        // Counts match what the local store received, signal by signal.
        const local = engine.snapshot().instances.find((i) => i.instance === 'grpc-from-json')!;
        const remote = snapshot.instances.find((i) => i.instance === 'grpc-from-json')!;
        for (const s of ['traces', 'metrics', 'logs'] as const) assert.equal(remote.signals[s].received, local.signals[s].received, s);
      } finally {
        await engine?.dispose();
        if (upstream.running.child.exitCode === null) upstream.running.child.kill('SIGKILL');
      }
    });
  });
});
