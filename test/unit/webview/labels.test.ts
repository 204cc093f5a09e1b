// The panels' webviews write durations and values with the tree's and the CLI's formatters (core/format): these
// tests put what a panel draws beside what the tree shows for the same data, so a webview that formats on its own
// ("1.5s" in the waterfall beside "1.50s" in the tree) fails here.
import { strict as assert } from 'node:assert';
import { formatDurationMs } from '../../../src/core/format/format';
import { summarizePoint } from '../../../src/core/format/pointSummary';
import type { NumberPoint } from '../../../src/core/model/records';
import { metricView, type StreamInfo } from '../../../src/core/views/metricView';
import { layoutTrace } from '../../../src/core/views/traceLayout';
import { lineTitle, statCards, valueText } from '../../../src/webview/metric/labels';
import { headerFacts, rowTitle, spanDuration, tickLabel } from '../../../src/webview/trace/labels';
import { attrs, span } from '../../helpers/records';

const T0 = 1e15;
const MS = 1e6;

describe('what the webviews draw', () => {
  it('the waterfall writes a span of 1.5 s as the tree does: 1.50s', () => {
    const traceId = 'b'.repeat(32);
    const root = span({ traceId, spanId: '1'.padStart(16, '0'), parentSpanId: '', name: 'GET /checkout', startTimeUnixNano: T0, endTimeUnixNano: T0 + 1500 * MS });
    const child = span({ traceId, spanId: '2'.padStart(16, '0'), parentSpanId: root.spanId, name: 'db', startTimeUnixNano: T0 + 250 * MS, endTimeUnixNano: T0 + 262.5 * MS });
    const layout = layoutTrace(traceId, [root, child]);
    // The tree's trace row: formatDurationMs(trace.durationMs) (views/instances/instanceItems.ts).
    const tree = formatDurationMs(1500);
    assert.equal(tree, '1.50s');
    assert.equal(spanDuration(layout.rows[0].durationMs), tree, 'the bar label');
    assert.equal(headerFacts(layout)[0][1], tree, 'the header');
    assert.match(rowTitle(layout.rows[1]), /^db — 13ms, starts at \+250ms$/);
  });

  it('writes every duration with the shared formatter, and axis ticks too (0 at the start)', () => {
    for (const ms of [0.0004, 0.25, 1, 9.95, 12.5, 999, 1000, 1500, 10_000, 61_000, 3_600_000]) {
      assert.equal(spanDuration(ms), formatDurationMs(ms), `${ms} ms`);
      assert.equal(tickLabel(ms), formatDurationMs(ms), `tick at ${ms} ms`);
    }
    assert.equal(tickLabel(0), '0');
  });

  it('the chart writes a value as the tree writes the Series: "2 requests", not "2 request"', () => {
    const stream: StreamInfo = { name: 'queue.depth', description: '', unit: '{request}', kind: 'gauge', temporality: 'unspecified', monotonic: false };
    const points: NumberPoint[] = [1, 2].map((value, i) => ({ attributes: attrs(), flags: 0, startTimeUnixNano: 0, timeUnixNano: T0 + i * 1e9, value }));
    const view = metricView(stream, points, 'value');
    const tree = summarizePoint(stream.kind, points[1], stream.unit);
    assert.equal(tree, '2 requests');
    const now = statCards(view).find(([label]) => label === 'value now');
    assert.deepEqual(now?.[1], tree);
    assert.equal(valueText(1, view), '1 request');
    assert.equal(valueText(1234.5678, { axisUnit: 'ms', axisUnitOne: 'ms' }), '1,235 ms');
  });

  it('a counter incremented every 4 s reads "rate now 0.25 requests/s" under "Rate over 1m", as the view model words it', () => {
    const stream: StreamInfo = { name: 'app.requests', description: '', unit: '{request}', kind: 'sum', temporality: 'cumulative', monotonic: true };
    const points: NumberPoint[] = Array.from({ length: 40 }, (_, i) => ({ attributes: attrs(), flags: 0, startTimeUnixNano: T0, timeUnixNano: T0 + i * 4e9, value: i }));
    const view = metricView(stream, points, 'rate');
    assert.equal(lineTitle(view), 'Rate over 1m (requests/s)');
    assert.deepEqual(statCards(view).find(([label]) => label === 'rate now')?.slice(0, 2), ['rate now', '0.25 requests/s']);
    assert.equal(valueText(1, view), '1 request/s');
  });
});
