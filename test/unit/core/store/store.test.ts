import { strict as assert } from 'node:assert';
import type { Signal } from '../../../../src/core/model/records';
import type { StoreChange } from '../../../../src/core/store/change';
import { TelemetryStore } from '../../../../src/core/store/store';
import { batch, gauge, log, span } from '../../../helpers/records';

function balanced(store: TelemetryStore, signal: Signal): void {
  const c = store.counters[signal];
  assert.equal(c.received, c.stored + c.evicted + c.rejected, `${signal}: ${JSON.stringify(c)}`);
}

describe('TelemetryStore', () => {
  let store: TelemetryStore;
  afterEach(() => store?.dispose());

  describe('instance identity', () => {
    it('tells instances apart by service.instance.id, and by host + pid without one', () => {
      store = new TelemetryStore();
      store.ingestTraces([batch({ 'service.name': 'agent', 'service.instance.id': 'a' }, [span()])]);
      store.ingestTraces([batch({ 'service.name': 'agent', 'service.instance.id': 'b' }, [span()])]);
      store.ingestTraces([batch({ 'service.name': 'agent', 'service.instance.id': 'a' }, [span()])]);
      store.ingestTraces([batch({ 'service.name': 'agent', 'host.name': 'box', 'process.pid': 41 }, [span()])]);
      store.ingestTraces([batch({ 'service.name': 'agent', 'host.name': 'box', 'process.pid': 42 }, [span()])]);
      const labels = [...store.instances.values()].map((i) => i.instanceLabel).sort();
      assert.deepEqual(labels, ['a', 'b', 'box:41', 'box:42']);
      const a = [...store.instances.values()].find((i) => i.instanceLabel === 'a');
      assert.equal(a?.spanCount, 2);
    });

    it('keeps service.namespace apart and every resource attribute', () => {
      store = new TelemetryStore();
      store.ingestLogs([batch({ 'service.name': 'api', 'service.namespace': 'shop', 'service.instance.id': '1', 'deployment.environment': 'dev' }, [log()])]);
      store.ingestLogs([batch({ 'service.name': 'api', 'service.namespace': 'blog', 'service.instance.id': '1' }, [log()])]);
      assert.equal(store.instances.size, 2);
      const shop = [...store.instances.values()].find((i) => i.serviceNamespace === 'shop');
      assert.equal(shop?.resource['deployment.environment'], 'dev');
    });

    it('counts items and last-seen time per signal', () => {
      let now = 1000;
      store = new TelemetryStore({}, { now: () => now });
      const res = { 'service.name': 's', 'service.instance.id': 'i' };
      store.ingestTraces([batch(res, [span(), span()])]);
      now = 2000;
      store.ingestMetrics([batch(res, [gauge('g', [{ value: 1 }, { value: 2, attributes: { k: 'v' } }])])]);
      const inst = [...store.instances.values()][0];
      assert.deepEqual(inst.signals.traces, { received: 2, requests: 1, lastSeenMs: 1000 });
      assert.deepEqual(inst.signals.metrics, { received: 2, requests: 1, lastSeenMs: 2000 });
      assert.deepEqual(inst.signals.logs, { received: 0, requests: 0, lastSeenMs: undefined });
      assert.equal(inst.lastSeenMs, 2000);
    });
  });

  describe('caps', () => {
    it('evicts the oldest spans first across instances and counts them', () => {
      store = new TelemetryStore({ maxSpans: 3 });
      const spans = [span(), span(), span(), span(), span()];
      store.ingestTraces([batch({ 'service.name': 'a' }, spans.slice(0, 2))]);
      store.ingestTraces([batch({ 'service.name': 'b' }, spans.slice(2))]);
      assert.equal(store.spanCount, 3);
      assert.equal(store.evictions.spans, 2);
      assert.deepEqual(store.counters.traces, { received: 5, stored: 3, evicted: 2, rejected: 0 });
      const a = [...store.instances.values()].find((i) => i.serviceName === 'a');
      assert.equal(a?.traces.size, 0, 'the emptied traces are gone');
      balanced(store, 'traces');
    });

    it('rejects spans with invalid ids and says why', () => {
      store = new TelemetryStore();
      const result = store.ingestTraces([batch({ 'service.name': 'a' }, [span({ traceId: '' }), span({ spanId: '00'.repeat(8) }), span()])]);
      assert.equal(result.accepted, 1);
      assert.equal(result.rejected, 2);
      assert.match(result.message, /invalid trace or span id/);
      assert.deepEqual(store.counters.traces, { received: 3, stored: 1, evicted: 0, rejected: 2 });
    });

    it('replaces a re-sent span instead of keeping two copies', () => {
      store = new TelemetryStore();
      const s = span();
      store.ingestTraces([batch({ 'service.name': 'a' }, [s])]);
      store.ingestTraces([batch({ 'service.name': 'a' }, [{ ...s, name: 'renamed' }])]);
      assert.equal(store.spanCount, 1);
      const trace = [...store.instances.values()][0].traces.get(s.traceId);
      assert.equal(trace?.spans.get(s.spanId)?.name, 'renamed');
      balanced(store, 'traces');
    });

    it('keeps a ring of points per series and evicts the least recently updated series over the cap', () => {
      let now = 0;
      store = new TelemetryStore({ maxPointsPerSeries: 2, maxSeriesPerStream: 2 }, { now: () => now });
      const res = { 'service.name': 'm' };
      store.ingestMetrics([batch(res, [gauge('g', [{ value: 1, attributes: { s: 'x' } }, { value: 2, attributes: { s: 'x' } }, { value: 3, attributes: { s: 'x' } }])])]);
      now = 1;
      store.ingestMetrics([batch(res, [gauge('g', [{ value: 10, attributes: { s: 'y' } }])])]);
      now = 2;
      store.ingestMetrics([batch(res, [gauge('g', [{ value: 4, attributes: { s: 'x' } }])])]);
      now = 3;
      store.ingestMetrics([batch(res, [gauge('g', [{ value: 20, attributes: { s: 'z' } }])])]);
      const stream = [...[...store.instances.values()][0].metricStreams.values()][0];
      assert.deepEqual([...stream.series.values()].map((s) => s.attributes.s).sort(), ['x', 'z'], 'y was updated least recently');
      const x = [...stream.series.values()].find((s) => s.attributes.s === 'x');
      assert.deepEqual(x?.points.toArray().map((p) => (p as { value: number }).value), [3, 4]);
      assert.equal(store.evictions.series, 1);
      balanced(store, 'metrics');
    });

    it('evicts log records oldest first and the least recently seen instance over the cap', () => {
      let now = 0;
      store = new TelemetryStore({ maxLogRecords: 2, maxInstances: 2 }, { now: () => now });
      store.ingestLogs([batch({ 'service.name': 'a' }, [log({ body: 'a1' }), log({ body: 'a2' })])]);
      now = 1;
      store.ingestLogs([batch({ 'service.name': 'b' }, [log({ body: 'b1' })])]);
      assert.equal(store.logCount, 2);
      assert.deepEqual([...[...store.instances.values()][0].logs].map((l) => l.body), ['a2']);
      now = 2;
      store.ingestLogs([batch({ 'service.name': 'c' }, [log({ body: 'c1' })])]);
      assert.deepEqual([...store.instances.values()].map((i) => i.serviceName).sort(), ['b', 'c']);
      assert.equal(store.evictions.instances, 1);
      assert.equal(store.logCount, 2);
      balanced(store, 'logs');
      // Dead queue entries of the dropped instance must not evict live records later.
      now = 3;
      store.ingestLogs([batch({ 'service.name': 'c' }, [log({ body: 'c2' })])]);
      assert.deepEqual([...store.instances.values()].flatMap((i) => [...i.logs].map((l) => l.body)).sort(), ['c1', 'c2']);
      balanced(store, 'logs');
    });

    it('applies smaller caps at once when the limits change', () => {
      store = new TelemetryStore();
      store.ingestTraces([batch({ 'service.name': 'a' }, [span(), span(), span()])]);
      store.ingestMetrics([batch({ 'service.name': 'a' }, [gauge('g', [{ value: 1 }, { value: 2 }, { value: 3 }])])]);
      store.setLimits({ maxSpans: 1, maxPointsPerSeries: 1 });
      assert.equal(store.spanCount, 1);
      assert.equal(store.counters.metrics.stored, 1);
      balanced(store, 'traces');
      balanced(store, 'metrics');
    });

    it('refuses a cap that is not a positive whole number, naming it', () => {
      assert.throws(() => new TelemetryStore({ maxSpans: 0 }), /maxSpans must be a whole number/);
      assert.throws(() => new TelemetryStore({ maxInstances: 1.5 }), /maxInstances/);
    });
  });

  describe('change events', () => {
    it('coalesces a burst into one event that names what changed', async () => {
      store = new TelemetryStore({}, { changeIntervalMs: 50 });
      const events: StoreChange[] = [];
      store.onChange((c) => events.push(c));
      for (let i = 0; i < 100; i++) store.ingestTraces([batch({ 'service.name': 'a', 'service.instance.id': 'x' }, [span()])]);
      store.ingestLogs([batch({ 'service.name': 'b' }, [log()])]);
      await new Promise((r) => setTimeout(r, 120));
      assert.equal(events.length, 1);
      const [e] = events;
      assert.equal(e.added.length, 2);
      const keyA = [...store.instances.values()].find((i) => i.serviceName === 'a')!.key;
      assert.deepEqual([...(e.updated.get(keyA) ?? [])], ['traces']);
      assert.ok(e.topics.has('instances'));
    });

    it('emits at most one event per interval under a steady stream', async () => {
      store = new TelemetryStore({}, { changeIntervalMs: 50 });
      let count = 0;
      store.onChange(() => count++);
      const started = Date.now();
      while (Date.now() - started < 300) {
        store.ingestTraces([batch({ 'service.name': 'a' }, [span()])]);
        await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setTimeout(r, 80));
      const elapsed = Date.now() - started;
      assert.ok(count >= 2, `some events were emitted (${count})`);
      assert.ok(count <= Math.ceil(elapsed / 50) + 1, `${count} events in ${elapsed} ms`);
    });

    it('clear() forgets everything and says so', () => {
      store = new TelemetryStore({}, { changeIntervalMs: 10_000 });
      const events: StoreChange[] = [];
      store.onChange((c) => events.push(c));
      store.ingestTraces([batch({ 'service.name': 'a' }, [span()])]);
      store.clear();
      store.flushChanges();
      assert.equal(store.instances.size, 0);
      assert.equal(store.spanCount, 0);
      assert.deepEqual(store.counters.traces, { received: 0, stored: 0, evicted: 0, rejected: 0 });
      assert.equal(events.length, 1);
      assert.equal(events[0].cleared, true);
    });
  });
});
