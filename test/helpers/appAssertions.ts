import { strict as assert } from 'node:assert';
import type { HistogramPoint, NumberPoint } from '../../src/core/model/records';
import { StatusCode, SpanKind } from '../../src/core/model/records';
import type { Instance } from '../../src/core/store/instance';
import type { TelemetryStore } from '../../src/core/store/store';
import type { AppSent } from './process';

/** The instance with this service.instance.id, or a failed assertion listing the ones there are. */
export function instanceById(store: TelemetryStore, id: string): Instance {
  const found = [...store.instances.values()].find((i) => i.instanceLabel === id);
  assert.ok(found, `instance ${id} is in the store (have: ${[...store.instances.values()].map((i) => i.instanceLabel).join(', ')})`);
  return found;
}

/**
 * Asserts the store holds exactly what the fixture app (test/fixtures/otelApp.ts, service "checkout") said it
 * sent: every span with its parent link, kind, status and events; the counter, histogram and gauge series; the
 * log records with the trace context they were emitted in. Shared by the HTTP and gRPC receiver tests.
 */
export function assertStoreHoldsApp(store: TelemetryStore, id: string, sent: AppSent): void {
  const inst = instanceById(store, id);
  assert.equal(inst.serviceName, 'checkout');
  assert.equal(inst.resource['host.name'], 'test-host');

  // Traces: every span, parent links, kinds, status, attributes, events.
  assert.equal(inst.spanCount, sent.spans);
  assert.equal(inst.signals.traces.received, sent.spans);
  assert.deepEqual([...inst.traces.keys()].sort(), [...sent.traceIds].sort());
  for (const [i, traceId] of sent.traceIds.entries()) {
    const trace = inst.traces.get(traceId)!;
    assert.equal(trace.spans.size, 2);
    const root = trace.root!;
    const child = [...trace.spans.values()].find((s) => s !== root)!;
    assert.equal(root.name, i % 2 === 0 ? 'GET /checkout' : 'GET /cart');
    assert.equal(root.kind, SpanKind.Server);
    assert.equal(root.parentSpanId, '');
    assert.equal(root.attributes['http.route'], i % 2 === 0 ? '/checkout' : '/cart');
    assert.equal(root.attributes['code.lineno'], 42);
    assert.equal(root.scope.name, 'demo-app');
    assert.equal(root.scope.version, '1.2.3');
    assert.equal(child.parentSpanId, root.spanId);
    assert.equal(child.kind, SpanKind.Client);
    assert.equal(child.attributes['db.rows'], i);
    assert.equal(child.events[0]?.name, 'rows.fetched');
    assert.equal(child.events[0]?.attributes.count, i);
    assert.ok(root.endTimeUnixNano >= root.startTimeUnixNano && root.startTimeUnixNano > 1.6e18);
    if (i % 3 === 2) {
      assert.equal(root.statusCode, StatusCode.Error);
      assert.equal(root.statusMessage, 'payment declined');
      assert.equal(root.events.find((e) => e.name === 'exception')?.attributes['exception.message'], 'payment declined');
      assert.equal(trace.errorCount, 1);
    } else {
      assert.equal(trace.errorCount, 0);
    }
  }

  // Metrics: a monotonic cumulative sum per route, a histogram, an observable gauge.
  const streams = [...inst.metricStreams.values()];
  const requests = streams.find((s) => s.name === 'app.requests');
  assert.ok(requests, 'app.requests arrived');
  assert.equal(requests.kind, 'sum');
  assert.equal(requests.monotonic, true);
  assert.equal(requests.temporality, 'cumulative');
  assert.equal(requests.unit, '{request}');
  assert.equal(requests.description, 'Requests handled');
  const byRoute = new Map([...requests.series.values()].map((s) => [s.attributes.route, (s.latest() as NumberPoint).value]));
  const checkoutCount = Math.ceil(sent.requests / 2);
  assert.equal(byRoute.get('/checkout'), checkoutCount);
  assert.equal(byRoute.get('/cart'), sent.requests - checkoutCount);
  const duration = streams.find((s) => s.name === 'app.request.duration');
  assert.equal(duration?.kind, 'histogram');
  const checkoutHist = [...duration!.series.values()].find((s) => s.attributes.route === '/checkout')!.latest() as HistogramPoint;
  assert.equal(checkoutHist.count, checkoutCount);
  assert.equal(checkoutHist.bucketCounts.reduce((a, b) => a + b, 0), checkoutCount);
  assert.equal(checkoutHist.bucketCounts.length, checkoutHist.explicitBounds.length + 1);
  const gauge = streams.find((s) => s.name === 'app.queue.depth');
  assert.equal(gauge?.kind, 'gauge');
  assert.equal(([...gauge!.series.values()][0].latest() as NumberPoint).value, 3 + sent.requests - 1);

  // Logs: body, severity, and the trace context they were emitted in.
  const records = [...inst.logs];
  assert.equal(records.length, sent.logs);
  assert.deepEqual(records.map((r) => r.body).sort(), sent.traceIds.map((_, i) => `handled ${i % 2 === 0 ? '/checkout' : '/cart'}`).sort());
  for (const r of records) {
    assert.ok(sent.traceIds.includes(r.traceId), 'log carries the trace id it was emitted under');
    assert.match(r.spanId, /^[0-9a-f]{16}$/);
    assert.ok(r.severityNumber === 9 || r.severityNumber === 17);
  }
}
