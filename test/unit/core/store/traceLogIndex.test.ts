import { strict as assert } from 'node:assert';
import { TelemetryStore } from '../../../../src/core/store/store';
import { batch, hex, log } from '../../../helpers/records';

const T = (n: number) => hex(n, 32);
const S = (n: number) => hex(n, 16);
const shop = { 'service.name': 'shop', 'service.instance.id': '1' };
const pay = { 'service.name': 'payments', 'service.instance.id': '1' };

describe('logs in their trace (the store’s trace → log index)', () => {
  let store: TelemetryStore;
  afterEach(() => store.dispose());

  it('finds a trace’s log records across instances, in time order, and a span’s own', () => {
    store = new TelemetryStore();
    store.ingestLogs([
      batch(shop, [
        log({ traceId: T(1), spanId: S(1), timeUnixNano: 3e15, body: 'checkout done' }),
        log({ traceId: T(1), spanId: S(2), timeUnixNano: 1e15, body: 'cart read' }),
        log({ traceId: T(2), spanId: S(9), body: 'other request' }),
        log({ body: 'no trace' }),
      ]),
    ]);
    // No time of its own: placed by when it was observed.
    store.ingestLogs([batch(pay, [log({ traceId: T(1), spanId: S(3), timeUnixNano: 0, observedTimeUnixNano: 2e15, body: 'charged' })])]);
    const logs = store.traceLogs.logsOfTrace(T(1));
    assert.deepEqual(logs.map((l) => [l.record.body, l.instance.serviceName]), [
      ['cart read', 'shop'],
      ['charged', 'payments'],
      ['checkout done', 'shop'],
    ]);
    assert.deepEqual(store.traceLogs.logsOfSpan(T(1), S(3)).map((l) => l.record.body), ['charged']);
    assert.deepEqual(store.traceLogs.logsOfSpan(T(1), S(7)), []);
    assert.deepEqual(store.traceLogs.logsOfTrace(T(5)), []);
    assert.equal(store.traceLogs.size, 4, 'the record without a trace id is not indexed');
    assert.equal(store.traceLogs.traceCount, 2);
  });

  it('forgets records the store evicts, so the index never outgrows the store', () => {
    store = new TelemetryStore({ maxLogRecords: 100 });
    // 1,000 records over 250 traces, 4 each; only the last 100 (the last 25 traces) stay.
    for (let i = 0; i < 1000; i++) store.ingestLogs([batch(i % 2 ? shop : pay, [log({ traceId: T(1 + Math.floor(i / 4)), spanId: S(1 + i), body: `r${i}` })])]);
    assert.equal(store.logCount, 100);
    assert.equal(store.traceLogs.size, 100);
    assert.equal(store.traceLogs.traceCount, 25);
    assert.deepEqual(store.traceLogs.logsOfTrace(T(1)), []);
    assert.deepEqual(store.traceLogs.logsOfTrace(T(250)).map((l) => l.record.body), ['r996', 'r997', 'r998', 'r999']);
    // Lowering the cap evicts at once, and the index follows.
    store.setLimits({ maxLogRecords: 6 });
    assert.equal(store.traceLogs.size, 6);
    assert.deepEqual(store.traceLogs.logsOfTrace(T(249)).map((l) => l.record.body), ['r994', 'r995']);
  });

  it('forgets an evicted instance’s records, and everything on clear', () => {
    let now = 1000;
    store = new TelemetryStore({ maxInstances: 1 }, { now: () => now });
    store.ingestLogs([batch(shop, [log({ traceId: T(1), spanId: S(1), body: 'shop' })])]);
    now = 2000;
    store.ingestLogs([batch(pay, [log({ traceId: T(1), spanId: S(2), body: 'pay' })])]);
    assert.deepEqual(store.traceLogs.logsOfTrace(T(1)).map((l) => l.record.body), ['pay']);
    assert.equal(store.traceLogs.size, 1);
    store.clear();
    assert.deepEqual([store.traceLogs.size, store.traceLogs.traceCount], [0, 0]);
    assert.deepEqual(store.traceLogs.logsOfTrace(T(1)), []);
  });
});
