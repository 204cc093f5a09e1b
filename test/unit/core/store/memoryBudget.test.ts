/**
 * The store's memory budget, in its books: what it counts per record, that eviction takes the oldest first across
 * spans, log records and series, that every eviction is counted by cause, and the size parsing of the setting.
 * (test/integration/core/store/memoryBudget.test.ts checks the same budget on the real heap.)
 */
import { strict as assert } from 'node:assert';
import type { Signal } from '../../../../src/core/model/records';
import { decodeTraces } from '../../../../src/core/otlp/decode';
import { EVICTION_CAUSES } from '../../../../src/core/store/counters';
import { formatByteSize, parseByteSize } from '../../../../src/core/store/limits';
import { attributesBytes, logBytes, spanBytes, stringBytes } from '../../../../src/core/store/memory';
import { memoryLine } from '../../../../src/core/store/memoryReport';
import { TelemetryStore } from '../../../../src/core/store/store';
import { attrs, batch, gauge, log, span } from '../../../helpers/records';
import { readAllSpans, sdkPayloads } from '../otlp/sdk-agreement.test';

const MB = 1024 * 1024;
/** A string of about `kb` kilobytes: records that weigh what the test needs. */
const weight = (kb: number, c = 'x') => c.repeat(kb * 1024);

function booksBalance(store: TelemetryStore): void {
  let evicted = 0;
  for (const signal of ['traces', 'metrics', 'logs'] as Signal[]) {
    const c = store.counters[signal];
    assert.equal(c.received, c.stored + c.evicted + c.rejected, `${signal}: ${JSON.stringify(c)}`);
    evicted += c.evicted;
  }
  const byCause = EVICTION_CAUSES.reduce((n, cause) => n + store.evictedByCause[cause], 0);
  assert.equal(byCause, evicted, `by cause ${JSON.stringify(store.evictedByCause)} vs evicted ${evicted}`);
  // The store's total is the sum of its instances'.
  const sum = [...store.instances.values()].reduce((n, i) => n + i.bytes, 0);
  assert.equal(store.memory.bytes, sum);
}

describe('TelemetryStore memory budget', () => {
  let store: TelemetryStore;
  afterEach(() => store?.dispose());

  it('counts a record by its contents: a 100 KB attribute weighs about 100 KB more', () => {
    const light = spanBytes(span());
    const heavy = spanBytes(span({ attributes: attrs({ blob: weight(100) }) }));
    assert.ok(heavy - light >= 100 * 1024 && heavy - light < 101 * 1024, `${heavy - light}`);
    assert.equal(stringBytes('é'.repeat(100)) - 16, 100, 'Latin-1 strings take a byte a character');
    assert.equal(stringBytes('✓'.repeat(100)) - 16, 200, 'others take two');
    assert.ok(logBytes(log({ body: weight(10) })) > 10 * 1024);
    assert.ok(attributesBytes(attrs({ a: 1, b: 'two', c: [1.5, 2.5] })) > attributesBytes(attrs({ a: 1 })));
  });

  it('a protobuf span counts its own undecoded bytes, a JSON span its decoded parts', async () => {
    const p = await sdkPayloads();
    const [proto, json] = [decodeTraces(p.traces.protobuf, 'protobuf'), decodeTraces(p.traces.json, 'json')];
    const root = (payload: typeof proto) => payload[0].items.find((s) => s.name === 'GET /cart')!;
    assert.deepStrictEqual(readAllSpans(proto), readAllSpans(json));
    assert.ok(spanBytes(root(proto)) > spanBytes(proto[0].items.find((s) => s.name === 'compute')!), 'attributes and events weigh');
    assert.ok(spanBytes(root(json)) > 0 && spanBytes(root(proto)) > 0);
  });

  it('over the budget, evicts the oldest first across spans, log records and series, counted as memory', () => {
    store = new TelemetryStore({ maxMemoryBytes: 4 * MB });
    const res = { 'service.name': 'a' };
    // 1 MB each, in this order: spans, log records, a series, spans.
    store.ingestTraces([batch(res, [span({ name: 'old-1', attributes: attrs({ w: weight(1000) }) }), span({ name: 'old-2', attributes: attrs({ w: weight(1000) }) })])]);
    store.ingestLogs([batch(res, [log({ body: weight(1000, 'l') })])]);
    store.ingestMetrics([batch(res, [gauge('g', [{ value: 1, attributes: { w: weight(300) } }])])]); // key + attributes: 600 KB
    assert.equal(store.evictedByCause.memory, 0);
    assert.ok(store.memory.bytes > 3.4 * MB && store.memory.bytes <= 4 * MB, formatByteSize(store.memory.bytes));
    store.ingestTraces([batch(res, [span({ name: 'new-1', attributes: attrs({ w: weight(1000) }) })])]);
    const instance = [...store.instances.values()][0];
    const names = [...instance.traces.values()].flatMap((t) => [...t.spans.values()].map((s) => s.name));
    assert.deepEqual(names.sort(), ['new-1', 'old-2'], 'the oldest span went first, nothing newer');
    assert.equal(store.logCount, 1);
    assert.equal(store.evictedByCause.memory, 1);
    store.ingestTraces([batch(res, [span({ name: 'new-2', attributes: attrs({ w: weight(1000) }) })])]);
    store.ingestTraces([batch(res, [span({ name: 'new-3', attributes: attrs({ w: weight(1000) }) })])]);
    assert.equal(store.logCount, 0);
    assert.equal(store.evictions.series, 0);
    store.ingestTraces([batch(res, [span({ name: 'new-4', attributes: attrs({ w: weight(1000) }) })])]);
    // old-2, then the log record, then the series (in the order they arrived) made room.
    assert.equal(store.spanCount, 4);
    assert.equal(store.logCount, 0);
    assert.equal(store.evictions.series, 1);
    assert.equal(store.evictedByCause.memory, 4); // 2 spans, 1 log record, 1 point
    assert.ok(store.memory.bytes <= 4 * MB);
    booksBalance(store);
  });

  it('an instance goes by memory once nothing it holds is left, least recently seen first', () => {
    store = new TelemetryStore({ maxMemoryBytes: 4 * MB });
    const heavy = () => [span({ attributes: attrs({ w: weight(900) }) })];
    store.ingestTraces([batch({ 'service.name': 'quiet' }, heavy())]);
    for (let i = 0; i < 4; i++) store.ingestTraces([batch({ 'service.name': 'busy' }, heavy())]);
    // The quiet instance's span went; the instance itself costs little and stays until it is the oldest thing.
    assert.deepEqual([...store.instances.values()].map((i) => [i.serviceName, i.spanCount]), [['quiet', 0], ['busy', 4]]);
    store.ingestTraces([batch({ 'service.name': 'busy' }, heavy())]);
    assert.deepEqual([...store.instances.values()].map((i) => [i.serviceName, i.spanCount]), [['busy', 4]]);
    assert.equal(store.evictions.instances, 1);
    assert.equal(store.evictedByCause.memory, 2);
    booksBalance(store);
  });

  it('refuses an item bigger than a quarter of the budget, and says why', () => {
    store = new TelemetryStore({ maxMemoryBytes: 4 * MB });
    const kept = span();
    const result = store.ingestTraces([batch({ 'service.name': 'a' }, [kept, span({ name: 'huge', attributes: attrs({ w: weight(1100) }) })])]);
    assert.equal(result.accepted, 1);
    assert.equal(result.rejected, 1);
    assert.match(result.message, /^span "huge" holds 1\.1 MB, more than a quarter of the memory budget \(4 MB\)$/);
    const logs = store.ingestLogs([batch({ 'service.name': 'a' }, [log({ body: weight(1100) })])]);
    assert.equal(logs.rejected, 1);
    const metrics = store.ingestMetrics([batch({ 'service.name': 'a' }, [gauge('g', [{ value: 1, attributes: { w: weight(1100) } }])])]);
    assert.equal(metrics.rejected, 1);
    assert.match(metrics.message, /a point of "g" has attributes of 2\.1 MB/, 'its series key holds the value too');
    const resource = store.ingestTraces([batch({ 'service.name': 'b', w: weight(1100) }, [span(), span()])]);
    assert.equal(resource.rejected, 2);
    assert.match(resource.message, /a resource of 1\.1 MB/);
    assert.equal(store.instances.size, 1);
    booksBalance(store);
  });

  it('counts every eviction by its cause, and they add up to the evicted counters', () => {
    let now = 0;
    store = new TelemetryStore({ maxSpans: 2, maxLogRecords: 1, maxPointsPerSeries: 1, maxSeriesPerStream: 1, maxInstances: 2 }, { now: () => now });
    const s = span();
    store.ingestTraces([batch({ 'service.name': 'a' }, [s, span(), span()])]); // spanCap 1
    store.ingestTraces([batch({ 'service.name': 'a' }, [{ ...s }])]); // the first span again, after it was evicted: stored anew
    store.ingestLogs([batch({ 'service.name': 'a' }, [log(), log()])]); // logCap 1
    store.ingestMetrics([batch({ 'service.name': 'a' }, [gauge('g', [{ value: 1 }, { value: 2 }])])]); // pointCap 1
    store.ingestMetrics([batch({ 'service.name': 'a' }, [gauge('g', [{ value: 3, attributes: { k: 'v' } }])])]); // seriesCap 1
    now = 1;
    store.ingestLogs([batch({ 'service.name': 'b' }, [log()])]);
    now = 2;
    store.ingestLogs([batch({ 'service.name': 'c' }, [log()])]); // instanceCap: a goes with its spans, log and point
    const c = store.evictedByCause;
    assert.equal(c.logCap, 3);
    assert.equal(c.pointCap, 1);
    assert.equal(c.seriesCap, 1);
    assert.ok(c.spanCap >= 1);
    assert.ok(c.instanceCap >= 3, JSON.stringify(c));
    assert.equal(c.memory, 0);
    booksBalance(store);
  });

  it('a re-sent span counts as replaced and its earlier copy stops counting', () => {
    store = new TelemetryStore();
    const s = span({ attributes: attrs({ w: weight(50) }) });
    store.ingestTraces([batch({ 'service.name': 'a' }, [s])]);
    const once = store.memory.bytes;
    store.ingestTraces([batch({ 'service.name': 'a' }, [{ ...s }])]);
    assert.equal(store.memory.bytes, once);
    assert.equal(store.evictedByCause.replaced, 1);
    booksBalance(store);
  });

  it('a lower budget applies at once; clear() forgets the bytes', () => {
    store = new TelemetryStore({ maxMemoryBytes: 64 * MB });
    for (let i = 0; i < 10; i++) store.ingestTraces([batch({ 'service.name': 'a' }, [span({ attributes: attrs({ w: weight(900) }) })])]);
    assert.equal(store.spanCount, 10);
    store.setLimits({ maxMemoryBytes: 4 * MB });
    assert.ok(store.spanCount < 5 && store.memory.bytes <= 4 * MB);
    assert.ok(store.evictedByCause.memory > 5);
    booksBalance(store);
    store.clear();
    assert.equal(store.memory.bytes, 0);
    assert.equal(store.evictedByCause.memory, 0);
  });

  it('reads sizes as people write them, binary units, and refuses a budget under 4 MB', () => {
    assert.equal(parseByteSize('256MB'), 256 * MB);
    assert.equal(parseByteSize(' 1.5 GB '), 1.5 * 1024 * MB);
    assert.equal(parseByteSize('512mib'), 512 * MB);
    assert.equal(parseByteSize('4096KB'), 4 * MB);
    assert.equal(parseByteSize('1000'), 1000);
    assert.equal(parseByteSize(2048), 2048);
    for (const bad of ['', 'MB', '12 TB', '-1MB', '1,5GB', 'lots']) assert.equal(parseByteSize(bad), undefined, bad);
    assert.equal(formatByteSize(256 * MB), '256 MB');
    assert.equal(formatByteSize(1.5 * 1024 * MB), '1.5 GB');
    assert.throws(() => new TelemetryStore({ maxMemoryBytes: MB }), /maxMemoryBytes must be at least 4 MB, got 1 MB/);
  });
});

describe('memoryLine', () => {
  it('says what is held against the budget, and why items went', () => {
    const none = { memory: 0, spanCap: 0, logCap: 0, pointCap: 0, seriesCap: 0, instanceCap: 0, replaced: 0 };
    assert.equal(memoryLine({ bytes: 45 * MB, budgetBytes: 256 * MB }, none), 'Memory: 45 MB of 256 MB');
    assert.equal(
      memoryLine({ bytes: 255.4 * MB, budgetBytes: 256 * MB }, { ...none, memory: 1204, spanCap: 50, seriesCap: 6, replaced: 3 }),
      'Memory: 255 MB of 256 MB · evicted by the memory budget: 1,204 items, by the count caps: 56',
    );
  });
});
