/** Logs in their trace: the waterfall's rows carry marks for the records naming each span, its details list them. */
import { strict as assert } from 'node:assert';
import { spanDetails } from '../../../../src/core/views/spanDetails';
import { logLevel } from '../../../../src/core/views/spanLogs';
import { layoutTrace, MAX_MARKS } from '../../../../src/core/views/traceLayout';
import { TelemetryStore } from '../../../../src/core/store/store';
import { attrs, batch, hex, log, span } from '../../../helpers/records';

const T0 = 1e15;
const MS = 1e6;
const traceId = hex(77, 32);
const root = span({ traceId, spanId: hex(1, 16), name: 'GET /checkout', startTimeUnixNano: T0, endTimeUnixNano: T0 + 100 * MS });
const child = span({ traceId, spanId: hex(2, 16), parentSpanId: hex(1, 16), name: 'charge', startTimeUnixNano: T0 + 20 * MS, endTimeUnixNano: T0 + 70 * MS });

describe('logs in their trace', () => {
  it('marks each span’s bar where its records were logged, coloured by severity, and counts the ones naming no held span', () => {
    const logs = [
      log({ traceId, spanId: child.spanId, timeUnixNano: T0 + 50 * MS, severityNumber: 17, body: 'card declined' }),
      log({ traceId, spanId: child.spanId, timeUnixNano: T0 + 30 * MS, severityNumber: 9, body: 'charging' }),
      log({ traceId, spanId: root.spanId, timeUnixNano: T0 + 90 * MS, severityNumber: 13, body: 'slow' }),
      log({ traceId, spanId: '', timeUnixNano: T0 + 5 * MS, body: 'no span' }),
      log({ traceId, spanId: hex(99, 16), timeUnixNano: T0 + 5 * MS, body: 'span not received' }),
    ];
    const layout = layoutTrace(traceId, [root, child], { logs });
    const [r0, r1] = layout.rows;
    assert.equal(r1.name, 'charge');
    assert.equal(r1.logCount, 2);
    assert.deepEqual(r1.logMarks, [
      { at: 0.5, level: 'error' },
      { at: 0.3, level: 'info' },
    ]);
    assert.deepEqual(r0.logMarks, [{ at: 0.9, level: 'warn' }]);
    assert.equal(layout.logCount, 3);
    assert.equal(layout.unplacedLogs, 2);
  });

  it('a span with more records than marks keeps the most severe as marks', () => {
    const logs = Array.from({ length: MAX_MARKS + 4 }, (_, i) => log({ traceId, spanId: child.spanId, timeUnixNano: T0 + (21 + i) * MS, severityNumber: i === MAX_MARKS + 3 ? 21 : 9 }));
    const row = layoutTrace(traceId, [root, child], { logs }).rows[1];
    assert.equal(row.logCount, MAX_MARKS + 4);
    assert.equal(row.logMarks.length, MAX_MARKS);
    assert.equal(row.logMarks[0].level, 'error', 'the fatal record is among the marks');
  });

  it('without logs, rows have none (and the layout says so)', () => {
    const layout = layoutTrace(traceId, [root, child]);
    assert.deepEqual(layout.rows.map((r) => r.logCount), [0, 0]);
    assert.equal(layout.logCount + layout.unplacedLogs, 0);
  });

  it('a span’s details list its records oldest first: time from the span’s start, severity, body, attributes', () => {
    const logs = [
      log({ traceId, spanId: child.spanId, timeUnixNano: T0 + 50 * MS, severityNumber: 17, severityText: '', body: { code: 51 }, attributes: attrs({ 'payment.id': 'p-9' }) }),
      log({ traceId, spanId: child.spanId, timeUnixNano: T0 + 30 * MS, severityNumber: 9, severityText: 'INFO', body: 'charging' }),
    ];
    const d = spanDetails(child, root.startTimeUnixNano, 'shop', attrs(), logs);
    assert.deepEqual(
      d.logs.map((l) => [l.offsetMs, l.severity, l.level, l.body, l.attributes]),
      [
        [10, 'INFO', 'info', 'charging', []],
        [30, 'ERROR', 'error', '{"code":51}', [['payment.id', 'p-9']]],
      ],
    );
    assert.equal(d.logs[0].time, new Date((T0 + 30 * MS) / 1e6).toISOString());
    assert.deepEqual(spanDetails(child, root.startTimeUnixNano, 'shop', attrs()).logs, []);
  });

  it('severity bands: a bridged logger’s text counts when it sent no number', () => {
    assert.equal(logLevel(0, 'Error'), 'error');
    assert.equal(logLevel(0, 'warning'), 'warn');
    assert.equal(logLevel(5, ''), 'info');
    assert.equal(logLevel(24, ''), 'error');
  });

  it('from the store: the records that arrived for the trace are laid out on its spans', () => {
    const store = new TelemetryStore();
    store.ingestTraces([batch({ 'service.name': 'shop' }, [root, child])]);
    store.ingestLogs([batch({ 'service.name': 'shop' }, [log({ traceId, spanId: child.spanId, timeUnixNano: T0 + 40 * MS, body: 'charging' })])]);
    const logs = store.traceLogs.logsOfTrace(traceId).map((e) => e.record);
    const layout = layoutTrace(traceId, [root, child], { logs });
    assert.equal(layout.rows[1].logCount, 1);
    store.dispose();
  });
});
