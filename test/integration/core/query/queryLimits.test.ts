import { strict as assert } from 'node:assert';
import { Engine } from '../../../../src/core/engine';
import type { LogRecord, SpanRecord } from '../../../../src/core/model/records';
import { MAX_RESPONSE_BYTES, QUERY_LIMITS } from '../../../../src/core/query/queryLimits';
import type { LogsResponse, TraceResponse, TracesResponse } from '../../../../src/core/query/queryTypes';
import { attrs, batch, hex, log, span } from '../../../helpers/records';
import { allPages, getJson } from './queryHttp';

const T0 = 1.75e18;

/**
 * The bounds hold on a full store: 100,000 spans (49,000 two-span traces across two instances, one trace of 2,000
 * spans with large attributes) and 20,000 log records. Every answer stays under the response cap, the limits'
 * maxima are enforced, and the cursors page through everything exactly once.
 */
describe('query API bounds on 100,000 spans', function () {
  this.timeout(120_000);
  let engine: Engine;
  let port: number;
  const BIG = 'f'.repeat(32);

  before(async () => {
    engine = new Engine({ http: { port: 0 }, limits: { maxSpans: 100_000, maxLogRecords: 20_000 } });
    await engine.start();
    port = engine.http.port!;
    for (const [inst, from, to] of [['bulk-a', 0, 40_000], ['bulk-b', 40_000, 49_000]] as const) {
      for (let start = from; start < to; start += 1000) {
        const spans: SpanRecord[] = [];
        for (let t = start; t < Math.min(to, start + 1000); t++) {
          const traceId = hex(t + 1, 32);
          const at = T0 + t * 1e6;
          spans.push(span({ traceId, spanId: hex(2 * t + 1, 16), name: `GET /item/${t}`, startTimeUnixNano: at, endTimeUnixNano: at + 5e6, statusCode: t % 100 === 0 ? 2 : 0 }));
          spans.push(span({ traceId, spanId: hex(2 * t + 2, 16), parentSpanId: hex(2 * t + 1, 16), name: 'db', startTimeUnixNano: at + 1e6, endTimeUnixNano: at + 2e6 }));
        }
        engine.store.ingestTraces([batch({ 'service.name': 'bulk', 'service.instance.id': inst }, spans)]);
      }
    }
    // One trace of 2,000 spans, each with ten 2 KB attributes (clipped to 1 KB each in answers).
    const big: SpanRecord[] = [];
    const large = attrs(Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`payload.${k}`, 'x'.repeat(2048)])));
    for (let s = 0; s < 2000; s++) {
      big.push(span({ traceId: BIG, spanId: hex(1e7 + s, 16), parentSpanId: s === 0 ? '' : hex(1e7, 16), name: `step ${s}`, startTimeUnixNano: T0 + 1e15 + s * 1e3, endTimeUnixNano: T0 + 1e15 + s * 1e3 + 500, attributes: large }));
    }
    engine.store.ingestTraces([batch({ 'service.name': 'bulk', 'service.instance.id': 'bulk-big' }, big)]);
    const logs: LogRecord[] = [];
    for (let n = 0; n < 20_000; n++) logs.push(log({ timeUnixNano: T0 + Math.floor(n / 3) * 1e6, body: `log-${n}`, severityNumber: n % 10 === 0 ? 17 : 9 }));
    engine.store.ingestLogs([batch({ 'service.name': 'bulk', 'service.instance.id': 'bulk-logs' }, logs)]);
    assert.equal(engine.store.spanCount, 100_000);
  });
  after(() => engine.dispose());

  it('a trace list is one bounded page with counts over every trace; the maximum limit is enforced', async () => {
    const r = await getJson<TracesResponse>(port, `/api/v1/traces?limit=${QUERY_LIMITS.traces.max}`);
    assert.equal(r.status, 200);
    assert.ok(r.bytes <= MAX_RESPONSE_BYTES, `${r.bytes} bytes`);
    assert.equal(r.body.traces.length, QUERY_LIMITS.traces.max);
    assert.deepEqual([r.body.matched, r.body.searched, r.body.withErrors], [49_001, 49_001, 490]);
    assert.equal(r.body.traces[0].traceId, BIG, 'newest first');
    assert.ok(r.body.nextCursor);
    assert.equal((await getJson(port, `/api/v1/traces?limit=${QUERY_LIMITS.traces.max + 1}`)).status, 400);
  });

  it('the cursor pages through 9,000 traces of one instance exactly once, newest first', async () => {
    const pages = await allPages<TracesResponse>(port, '/api/v1/traces?instance=bulk-b&limit=200');
    assert.equal(pages.length, 45);
    const ids = pages.flatMap((p) => p.body.traces.map((t) => t.traceId));
    assert.equal(ids.length, 9000);
    assert.equal(new Set(ids).size, 9000);
    assert.deepEqual(ids.slice(0, 2), [hex(49_000, 32), hex(48_999, 32)]);
    assert.ok(pages.every((p) => p.bytes <= MAX_RESPONSE_BYTES));
  });

  it('a 2,000-span trace with large attributes comes in pages cut by the byte budget, every span once', async () => {
    const first = await getJson<TraceResponse>(port, `/api/v1/traces/${BIG}?limit=1000`);
    assert.equal(first.status, 200);
    assert.equal(first.body.spanCount, 2000);
    assert.ok(first.bytes <= MAX_RESPONSE_BYTES, `${first.bytes} bytes`);
    assert.ok(first.body.spans.length < 1000, `the budget cut the page before the limit (${first.body.spans.length} spans)`);
    assert.match(String(first.body.spans[0].attributes['payload.0']), /^x{1024}…\[\+1024 chars\]$/);
    const pages = await allPages<TraceResponse>(port, `/api/v1/traces/${BIG}?limit=1000`);
    const ids = pages.flatMap((p) => p.body.spans.map((s) => s.spanId));
    assert.equal(new Set(ids).size, 2000);
    assert.equal(ids.length, 2000);
    assert.ok(pages.every((p) => p.bytes <= MAX_RESPONSE_BYTES));
  });

  it('20,000 log records page through exactly once, newest first, records sharing a time stamp included', async () => {
    const pages = await allPages<LogsResponse>(port, '/api/v1/logs?limit=500');
    assert.equal(pages.length, 40);
    const bodies = pages.flatMap((p) => p.body.logs.map((l) => l.body));
    assert.equal(bodies.length, 20_000);
    assert.equal(new Set(bodies).size, 20_000);
    const times = pages.flatMap((p) => p.body.logs.map((l) => l.timeUnixNano));
    assert.deepEqual(times, [...times].sort((x, y) => y - x));
    const errors = await getJson<LogsResponse>(port, '/api/v1/logs?severity=error&limit=500');
    assert.equal(errors.body.matched, 2000);
    assert.ok(errors.bytes <= MAX_RESPONSE_BYTES);
  });

  it('instances, metrics and other routes stay small and bounded too', async () => {
    const r = await getJson(port, '/api/v1/instances?limit=500');
    assert.equal(r.status, 200);
    assert.ok(r.bytes < 64 * 1024);
    assert.equal((await getJson(port, '/api/v1/logs?limit=501')).status, 400);
  });
});
