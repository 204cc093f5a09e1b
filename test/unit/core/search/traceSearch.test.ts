import { strict as assert } from 'node:assert';
import type { SpanRecord } from '../../../../src/core/model/records';
import { bucketIndex } from '../../../../src/core/search/durationHistogram';
import { parseTraceQuery } from '../../../../src/core/search/traceFilter';
import { searchTraces } from '../../../../src/core/search/traceSearch';
import { filterSnapshotTraces } from '../../../../src/core/search/snapshotFilter';
import { snapshotOf } from '../../../../src/core/snapshot';
import { TelemetryStore } from '../../../../src/core/store/store';
import { decodeTraces } from '../../../../src/core/otlp/decode';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { attrs, batch, hex, span } from '../../../helpers/records';

const MS = 1e6;
// Whole milliseconds are exact in a double at this size.
const T0 = 1e15;
let nextId = 1;

/** One trace: a root of `ms` and, for each child given, a child span under it. */
function traceOf(startMs: number, ms: number, rootName: string, over: { error?: boolean; children?: Partial<SpanRecord>[]; rootParent?: string } = {}): SpanRecord[] {
  const traceId = hex(nextId++, 32);
  const rootId = hex(nextId++, 16);
  const root = span({
    traceId,
    spanId: rootId,
    parentSpanId: over.rootParent ?? '',
    name: rootName,
    startTimeUnixNano: T0 + startMs * MS,
    endTimeUnixNano: T0 + (startMs + ms) * MS,
    statusCode: over.error ? 2 : 0,
  });
  const children = (over.children ?? []).map((c) =>
    span({ traceId, spanId: hex(nextId++, 16), parentSpanId: rootId, startTimeUnixNano: T0 + startMs * MS, endTimeUnixNano: T0 + (startMs + 1) * MS, ...c }),
  );
  return [root, ...children];
}

const shop = { 'service.name': 'shop', 'service.namespace': 'acme', 'service.instance.id': 'shop-1' };
const shop2 = { 'service.name': 'shop', 'service.namespace': 'acme', 'service.instance.id': 'shop-2' };
const pay = { 'service.name': 'payments', 'service.instance.id': 'pay-1' };

describe('trace search', () => {
  let store: TelemetryStore;
  afterEach(() => store.dispose());

  function fixture(): { ids: Record<string, string> } {
    store = new TelemetryStore();
    const checkoutSlow = traceOf(1000, 850, 'POST /checkout', { error: true, children: [{ name: 'SELECT', attributes: attrs({ 'db.rows': 5, 'http.route': '/checkout' }) }] });
    const checkoutFast = traceOf(2000, 40, 'POST /checkout', { children: [{ name: 'SELECT', attributes: attrs({ 'http.route': '/checkout' }) }] });
    const cart = traceOf(3000, 5, 'GET /cart', { children: [{ name: 'SELECT', attributes: attrs({ 'http.route': '/cart' }) }] });
    const health = traceOf(4000, 0.3, 'GET /health');
    store.ingestTraces([batch(shop, [...checkoutSlow, ...cart])]);
    store.ingestTraces([batch(shop2, [...checkoutFast, ...health])]);
    // The slow checkout called payments: its span there has the root's trace id and a parent held by shop.
    const remote = span({ traceId: checkoutSlow[0].traceId, parentSpanId: checkoutSlow[1].spanId, name: 'charge', startTimeUnixNano: T0 + 1100 * MS, endTimeUnixNano: T0 + 1900 * MS, attributes: attrs({ 'payment.provider': 'stripe' }) });
    store.ingestTraces([batch(pay, [remote])]);
    return { ids: { checkoutSlow: checkoutSlow[0].traceId, checkoutFast: checkoutFast[0].traceId, cart: cart[0].traceId, health: health[0].traceId } };
  }

  const search = (q: string, now = T0 / MS + 10_000) => searchTraces(store.instances.values(), parseTraceQuery(new URLSearchParams(q)), now);

  it('lists every trace newest first, a trace across instances as one row', () => {
    const { ids } = fixture();
    const r = search('');
    assert.deepEqual(
      r.rows.map((x) => x.traceId),
      [ids.health, ids.cart, ids.checkoutFast, ids.checkoutSlow],
    );
    assert.equal(r.matched, 4);
    assert.equal(r.searched, 4);
    const slow = r.rows[3];
    assert.equal(slow.rootName, 'POST /checkout');
    assert.equal(slow.service, 'acme/shop');
    assert.equal(slow.instance, 'shop-1');
    assert.deepEqual(slow.services, ['acme/shop', 'payments']);
    assert.equal(slow.instanceCount, 2);
    // 1000..1900 ms: the payments span outlasts the root; 3 spans in all, the root's error counted.
    assert.equal(slow.durationMs, 900);
    assert.equal(slow.spanCount, 3);
    assert.equal(slow.errorCount, 1);
    assert.equal(slow.complete, true);
  });

  it('filters by errors, duration range, name, service, instance and attributes, alone and together', () => {
    const { ids } = fixture();
    const idsOf = (q: string) => search(q).rows.map((r) => r.traceId);
    assert.deepEqual(idsOf('error'), [ids.checkoutSlow]);
    assert.deepEqual(idsOf('min-duration=40ms'), [ids.checkoutFast, ids.checkoutSlow]);
    assert.deepEqual(idsOf('max-duration=5ms'), [ids.health, ids.cart]);
    assert.deepEqual(idsOf('max-duration=500us'), [ids.health]);
    assert.deepEqual(idsOf('min-duration=6ms&max-duration=100ms'), [ids.checkoutFast]);
    assert.deepEqual(idsOf('name=checkout'), [ids.checkoutFast, ids.checkoutSlow]);
    assert.deepEqual(idsOf('exact-name=POST%20/checkout'), [ids.checkoutFast, ids.checkoutSlow]);
    assert.deepEqual(idsOf('exact-name=post%20/checkout'), [], 'an exact name is exact, case included');
    assert.deepEqual(idsOf('name=GET'), [ids.health, ids.cart]);
    // A service matches a trace that passes through it, by name or namespace/name.
    assert.deepEqual(idsOf('service=payments'), [ids.checkoutSlow]);
    assert.deepEqual(idsOf('service=ACME/shop'), [ids.health, ids.cart, ids.checkoutFast, ids.checkoutSlow]);
    assert.deepEqual(idsOf('instance=shop-2'), [ids.health, ids.checkoutFast]);
    // An attribute on any span of the trace, by its text: the int 5 matches "5"; the part in payments counts.
    assert.deepEqual(idsOf('attr=http.route%3D/checkout'), [ids.checkoutFast, ids.checkoutSlow]);
    assert.deepEqual(idsOf('attr=db.rows%3D5'), [ids.checkoutSlow]);
    assert.deepEqual(idsOf('attr=payment.provider%3Dstripe&attr=http.route%3D/checkout'), [ids.checkoutSlow]);
    assert.deepEqual(idsOf('attr=http.route%3D/nowhere'), []);
    assert.deepEqual(idsOf('instance=shop-2&name=checkout&max-duration=1s'), [ids.checkoutFast]);
  });

  it('filters by a time window, relative to now or absolute', () => {
    const { ids } = fixture();
    // Now is T0 + 10 s: the last 7.5 s start after T0 + 2.5 s.
    assert.deepEqual(search('since=7.5s').rows.map((r) => r.traceId), [ids.health, ids.cart]);
    assert.deepEqual(search('until=7.5s').rows.map((r) => r.traceId), [ids.checkoutFast, ids.checkoutSlow]);
    const at = new Date(T0 / MS + 2000).toISOString();
    assert.deepEqual(search(`since=${at}&until=${at}`).rows.map((r) => r.traceId), [ids.checkoutFast]);
  });

  it('counts every match and bins their durations, even past the limit', () => {
    const { ids } = fixture();
    const r = search('limit=1');
    assert.deepEqual(r.rows.map((x) => x.traceId), [ids.health]);
    assert.equal(r.matched, 4);
    assert.equal(r.withErrors, 1);
    assert.deepEqual(r.services, [{ service: 'acme/shop', count: 4 }]);
    // 0.3 ms, 5 ms, 40 ms, 900 ms on 1-2-5 bounds: [0.2, 0.5) … [500, 1000).
    assert.equal(r.histogram.total, 4);
    const filled = r.histogram.buckets.filter((b) => b.count > 0).map((b) => [b.fromMs, b.toMs, b.count]);
    assert.deepEqual(filled, [
      [0.2, 0.5, 1],
      [5, 10, 1],
      [20, 50, 1],
      [500, 1000, 1],
    ]);
    assert.equal(r.histogram.buckets[0].fromMs, 0.2);
    assert.equal(r.histogram.buckets.at(-1)!.toMs, 1000);
    assert.equal(r.histogram.maxCount, 1);
  });

  it('puts durations in 1-2-5 buckets with exact bounds', () => {
    // Each bound starts its bucket; the value just below it is in the one before.
    for (const bound of [0.001, 0.002, 0.005, 0.01, 1, 2, 5, 10, 100, 1000, 5000]) {
      assert.equal(bucketIndex(bound), bucketIndex(bound * 0.999) + 1, `${bound}`);
    }
    assert.equal(bucketIndex(0), 0);
    assert.equal(bucketIndex(0.0005), 0);
    assert.equal(bucketIndex(1e12), bucketIndex(1e10), 'all very long durations share the last bucket');
  });

  it('finds a partial trace by its earliest orphan and says it is partial', () => {
    store = new TelemetryStore();
    const orphan = traceOf(0, 10, 'GET /late', { rootParent: 'ffffffffffffffff' });
    store.ingestTraces([batch(shop, orphan)]);
    const [row] = search('name=late').rows;
    assert.equal(row.rootName, 'GET /late');
    assert.equal(row.complete, false);
  });

  it('filters the JSON snapshot: every part of a matching trace stays, in each instance that holds one', () => {
    const { ids } = fixture();
    const q = parseTraceQuery(new URLSearchParams('service=payments&attr=db.rows%3D5'));
    const snap = filterSnapshotTraces(snapshotOf(store, {}), store.instances.values(), q, T0 / MS + 10_000);
    const tracesOf = (instance: string) => snap.instances.find((i) => i.instance === instance)!.traces.map((t) => t.traceId);
    assert.deepEqual(tracesOf('shop-1'), [ids.checkoutSlow]);
    assert.deepEqual(tracesOf('pay-1'), [ids.checkoutSlow]);
    assert.deepEqual(tracesOf('shop-2'), []);
    assert.deepEqual(snap.traceSearch && [snap.traceSearch.filter, snap.traceSearch.matched, snap.traceSearch.searched, snap.traceSearch.traceIds], [
      { service: 'payments', attr: ['db.rows=5'] },
      1,
      4,
      [ids.checkoutSlow],
    ]);
    const whole = filterSnapshotTraces(snapshotOf(store, {}), store.instances.values(), undefined);
    assert.equal(whole.traceSearch, undefined);
    assert.equal(whole.instances.reduce((n, i) => n + i.traces.length, 0), 5, 'no filter: every part of every trace');
  });

  it('answers for an empty store', () => {
    store = new TelemetryStore();
    const r = search('error');
    assert.deepEqual([r.rows, r.matched, r.searched, r.histogram.buckets], [[], 0, 0, []]);
  });
});

describe('trace search over spans decoded lazily from real SDK protobuf', () => {
  it('finds an attribute of every kind (string, int, double, bool, array, non-ASCII), and nothing that is not there', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'shop' }), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const tracer = provider.getTracer('t');
    const root = tracer.startSpan('GET /checkout', { attributes: { 'http.route': '/checkout', 'db.rows': 5, ratio: 0.25, cached: true, tags: ['a', 'b'], 'user.name': 'zoë' } });
    root.end();
    await provider.forceFlush();
    const store = new TelemetryStore();
    try {
      store.ingestTraces(decodeTraces(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!, 'protobuf'));
      const found = (q: string) => searchTraces(store.instances.values(), parseTraceQuery(new URLSearchParams(q))).rows.length;
      assert.equal(found('attr=http.route%3D/checkout'), 1);
      assert.equal(found('attr=db.rows%3D5'), 1);
      assert.equal(found('attr=ratio%3D0.25'), 1);
      assert.equal(found('attr=cached%3Dtrue'), 1);
      assert.equal(found(`attr=tags%3D${encodeURIComponent('["a","b"]')}`), 1);
      assert.equal(found(`attr=user.name%3D${encodeURIComponent('zoë')}`), 1);
      assert.equal(found('attr=http.route%3D/cart'), 0);
      assert.equal(found('attr=no.such.key%3D/checkout'), 0);
    } finally {
      store.dispose();
      await provider.shutdown();
    }
  });
});
