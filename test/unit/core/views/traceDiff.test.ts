import { strict as assert } from 'node:assert';
import type { SpanRecord } from '../../../../src/core/model/records';
import { StatusCode } from '../../../../src/core/model/records';
import { defaultBaseline, diffTraces, type TraceDiff } from '../../../../src/core/views/traceDiff';
import { TelemetryStore } from '../../../../src/core/store/store';
import { batch, hex, span } from '../../../helpers/records';

const T0 = 1e15;
const MS = 1e6;

/** A tiny trace language: [name, parent name, startMs, endMs, options]; span ids are made from the names. */
type S = [name: string, parent: string, startMs: number, endMs: number, opts?: { service?: string; error?: boolean; id?: string }];

function trace(tag: string, defs: S[]): { spans: SpanRecord[]; serviceOf: (s: SpanRecord) => string } {
  const traceId = hex(tag.charCodeAt(0), 32);
  const idOf = (key: string) => hex([...`${tag}/${key}`].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7), 16);
  const services = new Map<SpanRecord, string>();
  const spans = defs.map(([name, parent, start, end, o = {}]) => {
    const s = span({
      traceId,
      spanId: idOf(o.id ?? name),
      parentSpanId: parent ? idOf(parent) : '',
      name: name.replace(/#.*$/, ''),
      startTimeUnixNano: T0 + start * MS,
      endTimeUnixNano: T0 + end * MS,
      statusCode: o.error ? StatusCode.Error : StatusCode.Unset,
    });
    services.set(s, o.service ?? 'shop');
    return s;
  });
  return { spans, serviceOf: (s) => services.get(s) ?? '' };
}

/** The diff as lines a person reads: kind, path, delta. */
function lines(d: TraceDiff): string[] {
  return d.rows.map((r) => `${r.kind} ${r.path} ${r.deltaMs}${r.statusChanged ? ' status' : ''}`);
}

describe('trace diff', () => {
  it('matches spans by their (service, name) path and sorts the largest regressions first', () => {
    const base = trace('a', [
      ['GET /checkout', '', 0, 100],
      ['auth', 'GET /checkout', 0, 10],
      ['SELECT cart', 'GET /checkout', 10, 30],
      ['charge', 'GET /checkout', 30, 90, { service: 'payments' }],
    ]);
    const cur = trace('b', [
      ['GET /checkout', '', 0, 250],
      ['auth', 'GET /checkout', 0, 8],
      ['SELECT cart', 'GET /checkout', 8, 30],
      ['charge', 'GET /checkout', 30, 240, { service: 'payments' }],
    ]);
    const d = diffTraces(base, cur);
    assert.deepEqual(lines(d), [
      'matched shop: GET /checkout 150',
      'matched shop: GET /checkout › shop: auth -2',
      'matched shop: GET /checkout › shop: SELECT cart 2',
      'matched shop: GET /checkout › payments: charge 150',
    ]);
    assert.deepEqual(
      d.byRegression.map((i) => `${d.rows[i].name} ${d.rows[i].deltaMs}`),
      ['GET /checkout 150', 'charge 150', 'SELECT cart 2', 'auth -2'],
    );
    const charge = d.rows[3];
    assert.equal(charge.ratio, 3.5);
    assert.deepEqual([charge.baseline?.startMs, charge.current?.startMs], [30, 30]);
    assert.deepEqual([d.matched, d.baselineOnly, d.currentOnly, d.statusChanges], [4, 0, 0, 0]);
    assert.deepEqual([d.baselineDurationMs, d.currentDurationMs], [100, 250]);
  });

  it('does not match same-named spans of different services', () => {
    const base = trace('a', [['root', '', 0, 10], ['GET /x', 'root', 0, 5, { service: 'api' }]]);
    const cur = trace('b', [['root', '', 0, 10], ['GET /x', 'root', 0, 5, { service: 'web' }]]);
    assert.deepEqual(lines(diffTraces(base, cur)), ['matched shop: root 0', 'currentOnly shop: root › web: GET /x 5', 'baselineOnly shop: root › api: GET /x -5']);
  });

  it('pairs repeated names by order of start: the first call with the first, the second with the second', () => {
    // Three calls to SELECT; in the current run the second one got slow. Best-duration pairing would pair the
    // slow 50 ms with nothing like it and hide the regression; by order it shows on #2.
    const base = trace('a', [
      ['root', '', 0, 100],
      ['SELECT#1', 'root', 0, 10],
      ['SELECT#2', 'root', 10, 20],
      ['SELECT#3', 'root', 20, 30],
    ]);
    const cur = trace('b', [
      ['root', '', 0, 100],
      ['SELECT#1', 'root', 0, 10],
      ['SELECT#2', 'root', 10, 60],
      ['SELECT#3', 'root', 60, 70],
    ]);
    const d = diffTraces(base, cur);
    assert.deepEqual(lines(d), ['matched shop: root 0', 'matched shop: root › shop: SELECT #1 0', 'matched shop: root › shop: SELECT #2 40', 'matched shop: root › shop: SELECT #3 0']);
    assert.equal(d.rows[d.byRegression[0]].path, 'shop: root › shop: SELECT #2');
    assert.deepEqual(d.rows.slice(1).map((r) => [r.ordinal, r.sameNameSiblings]), [[1, 3], [2, 3], [3, 3]]);
  });

  it('matches reordered children by name, and lays them out in the current order', () => {
    const base = trace('a', [
      ['root', '', 0, 100],
      ['cache', 'root', 0, 10],
      ['db', 'root', 10, 40],
      ['render', 'root', 40, 50],
    ]);
    // Concurrent now: render first, then db, then cache.
    const cur = trace('b', [
      ['root', '', 0, 100],
      ['render', 'root', 0, 12],
      ['db', 'root', 1, 31],
      ['cache', 'root', 2, 12],
    ]);
    const d = diffTraces(base, cur);
    assert.deepEqual(lines(d), ['matched shop: root 0', 'matched shop: root › shop: render 2', 'matched shop: root › shop: db 0', 'matched shop: root › shop: cache 0']);
    assert.equal(d.matched, 4);
  });

  it('shows retries as extra spans of the current run, with their status change', () => {
    // The baseline called the bank once, fine; the current run's first call failed and was retried twice.
    const base = trace('a', [['pay', '', 0, 100], ['POST /bank', 'pay', 10, 60]]);
    const cur = trace('b', [
      ['pay', '', 0, 400],
      ['POST /bank#1', 'pay', 10, 110, { error: true }],
      ['POST /bank#2', 'pay', 120, 220],
      ['POST /bank#3', 'pay', 230, 330],
    ]);
    const d = diffTraces(base, cur);
    assert.deepEqual(lines(d), [
      'matched shop: pay 300',
      'matched shop: pay › shop: POST /bank #1 50 status',
      'currentOnly shop: pay › shop: POST /bank #2 100',
      'currentOnly shop: pay › shop: POST /bank #3 100',
    ]);
    const first = d.rows[1];
    assert.deepEqual([first.baseline?.status, first.current?.status], ['unset', 'error']);
    assert.deepEqual([d.currentOnly, d.baselineOnly, d.statusChanges], [2, 0, 1]);
    // New work ranks as a regression of its whole duration.
    assert.deepEqual(d.byRegression.map((i) => d.rows[i].path.split(' › ').at(-1)), ['shop: pay', 'shop: POST /bank #2', 'shop: POST /bank #3', 'shop: POST /bank #1']);
  });

  it('keeps one-sided subtrees whole, and ranks only their top span', () => {
    const base = trace('a', [
      ['root', '', 0, 100],
      ['legacy', 'root', 0, 60],
      ['legacy.step', 'legacy', 0, 50],
    ]);
    const cur = trace('b', [
      ['root', '', 0, 50],
      ['fast path', 'root', 0, 20],
      ['fast.step', 'fast path', 0, 10],
    ]);
    const d = diffTraces(base, cur);
    assert.deepEqual(lines(d), [
      'matched shop: root -50',
      'currentOnly shop: root › shop: fast path 20',
      'currentOnly shop: root › shop: fast path › shop: fast.step 10',
      'baselineOnly shop: root › shop: legacy -60',
      'baselineOnly shop: root › shop: legacy › shop: legacy.step -50',
    ]);
    assert.deepEqual(d.rows.map((r) => [r.depth, r.parent]), [[0, -1], [1, 0], [2, 1], [1, 0], [2, 3]]);
    assert.deepEqual(d.byRegression.map((i) => d.rows[i].name), ['fast path', 'root', 'legacy']);
  });

  it('reports a status that turned to error, and not a switch between unset and ok', () => {
    const base = trace('a', [['root', '', 0, 10], ['a', 'root', 0, 5], ['b', 'root', 5, 9, { error: true }]]);
    const cur = trace('b', [['root', '', 0, 10], ['a', 'root', 0, 5, { error: true }], ['b', 'root', 5, 9]]);
    cur.spans[0].statusCode = StatusCode.Ok;
    const d = diffTraces(base, cur);
    assert.deepEqual(d.rows.map((r) => [r.name, r.statusChanged]), [['root', false], ['a', true], ['b', true]]);
  });

  it('diffs empty traces, and an empty one against a full one', () => {
    const empty = { spans: [] };
    const none = diffTraces(empty, empty);
    assert.deepEqual([none.rows, none.byRegression, none.matched, none.baselineDurationMs], [[], [], 0, 0]);
    const full = trace('a', [['root', '', 0, 10], ['child', 'root', 0, 5]]);
    const d = diffTraces(empty, full);
    assert.deepEqual(lines(d), ['currentOnly shop: root 10', 'currentOnly shop: root › shop: child 5']);
    assert.deepEqual(d.byRegression, [0]);
  });

  it('compares names only when no service is told, and survives a parent cycle', () => {
    const base = trace('a', [['x', 'y', 0, 5], ['y', 'x', 1, 4]]);
    const cur = trace('b', [['x', 'y', 0, 7], ['y', 'x', 1, 4]]);
    const d = diffTraces({ spans: base.spans }, { spans: cur.spans });
    assert.deepEqual(lines(d), ['matched x 2', 'matched x › y 0']);
  });

  it('picks the latest other trace with the same root name as the default to compare with', () => {
    const store = new TelemetryStore();
    try {
      const at = (n: number, name: string, instance: string) =>
        store.ingestTraces([batch({ 'service.name': 'shop', 'service.instance.id': instance }, [span({ traceId: hex(n, 32), name, startTimeUnixNano: T0 + n * MS, endTimeUnixNano: T0 + n * MS + 5 })])]);
      at(1, 'GET /checkout', 'one');
      at(2, 'GET /checkout', 'two');
      at(3, 'GET /cart', 'one');
      at(4, 'GET /checkout', 'one');
      const two = [...store.instances.values()].find((i) => i.instanceLabel === 'two')!;
      // From the newest: the latest other checkout is #2, held by another instance.
      assert.deepEqual(defaultBaseline(store.instances.values(), { traceId: hex(4, 32), rootName: 'GET /checkout' }), { traceId: hex(2, 32), instanceKey: two.key });
      assert.equal(defaultBaseline(store.instances.values(), { traceId: hex(1, 32), rootName: 'GET /checkout' })?.traceId, hex(4, 32));
      assert.equal(defaultBaseline(store.instances.values(), { traceId: hex(3, 32), rootName: 'GET /cart' }), undefined);
    } finally {
      store.dispose();
    }
  });
});
