// What the search, diff and waterfall pages write for issue 15's views: with the shared formatters, so a trace
// reads the same in the search list, the waterfall and the tree.
import { strict as assert } from 'node:assert';
import { formatDurationMs } from '../../../src/core/format/format';
import { layoutTrace } from '../../../src/core/views/traceLayout';
import type { DiffRowView } from '../../../src/core/views/traceDiffView';
import type { SearchRow } from '../../../src/core/views/traceSearchView';
import { changeText, diffRowTitle, sideFacts } from '../../../src/webview/diff/labels';
import { exemplarTitle } from '../../../src/webview/metric/labels';
import { barTitle, durationFraction, rowTitle as searchRowTitle, startText } from '../../../src/webview/search/labels';
import { headerFacts, rowTitle, unplacedLogsNote } from '../../../src/webview/trace/labels';
import { attrs, hex, log, span } from '../../helpers/records';

const T0 = 1e15;
const MS = 1e6;

describe('what the find and compare pages draw', () => {
  it('a search row writes its duration as the tree does, and says why it is partial', () => {
    const row: SearchRow = { traceId: 'a'.repeat(32), startMs: 0, name: 'GET /checkout', service: 'shop +1', instance: 'shop-1', durationMs: 1500, duration: formatDurationMs(1500), spans: 12, errors: 2, partial: true };
    assert.equal(searchRowTitle(row), `GET /checkout — 1.50s · 12 spans · shop +1 · shop-1 · 2 errors · its root span has not arrived\ntrace ${'a'.repeat(32)}`);
  });

  it('a start today is a time; another day’s has its date', () => {
    const now = new Date(2025, 4, 2, 15, 0, 0).getTime();
    assert.equal(startText(new Date(2025, 4, 2, 14, 3, 27, 84).getTime(), now), '14:03:27.084');
    assert.equal(startText(new Date(2025, 4, 1, 9, 5, 1).getTime(), now), '05-01 09:05:01');
  });

  it('duration bars on a log scale: 2 ms and 2 s both readable, the longest full', () => {
    assert.equal(durationFraction(2000, 2000), 1);
    const ms2 = durationFraction(2, 2000);
    assert.ok(ms2 > 0.4 && ms2 < 0.8, `2 ms of 2 s is ${ms2}`);
    assert.equal(durationFraction(0, 2000), 0);
    // Among 70 ms to 500 ms, the scale starts at half the shortest: the difference shows.
    assert.ok(durationFraction(75, 475, 70) < 0.6, `75 ms of 475 ms is ${durationFraction(75, 475, 70)}`);
    assert.equal(formatDurationMs(0.99999), '1.0ms', 'a hair under 1 ms is not "1000µs"');
    assert.equal(barTitle({ label: '200ms–500ms', fromMs: 200, toMs: 500, count: 12, height: 1 }), '200ms–500ms: 12 traces — click to keep only these');
  });

  it('the waterfall says how many log records a trace has, the GenAI tokens, and which logs it cannot place', () => {
    const traceId = hex(9, 32);
    const root = span({ traceId, spanId: hex(1, 16), name: 'chat', startTimeUnixNano: T0, endTimeUnixNano: T0 + 800 * MS, attributes: attrs({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 80 }) });
    const layout = layoutTrace(traceId, [root], { logs: [log({ traceId, spanId: root.spanId, timeUnixNano: T0 + 5 * MS }), log({ traceId, spanId: '' })] });
    const facts = new Map(headerFacts(layout));
    assert.equal(facts.get('logs'), '2 log records');
    assert.equal(facts.get('genai'), 'gpt-4o · 1,200 in / 80 out tokens');
    assert.match(unplacedLogsNote(layout), /^1 log record of this trace name no span/);
    assert.equal(rowTitle(layout.rows[0]), 'chat — 800ms, starts at +0µs\ngpt-4o · 1.2k→80 tok · 1 log record');
  });

  it('the diff writes a change with its sign, ratio and status', () => {
    const r: DiffRowView = {
      kind: 'matched',
      parent: -1,
      depth: 0,
      children: 0,
      name: 'charge',
      service: 'payments',
      ordinal: '',
      path: 'payments: charge',
      baseline: { spanId: 'b', offset: 0, width: 0.3, duration: '60ms', error: false, statusMessage: '' },
      current: { spanId: 'c', offset: 0, width: 0.75, duration: '150ms', error: true, statusMessage: 'declined' },
      deltaMs: 90,
      delta: '+90ms',
      ratio: '×2.5',
      tone: 'slower',
      statusChange: 'now fails',
    };
    assert.equal(changeText(r), '+90ms · ×2.5 · now fails');
    assert.equal(diffRowTitle(r), 'payments: charge\nbaseline 60ms → this trace 150ms (error) (+90ms, ×2.5) · now fails');
    assert.match(sideFacts({ traceId: 'x', rootName: 'GET /', source: 'shop · shop-1', startMs: 0, durationMs: 1200, spanCount: 12, errorCount: 1 }), /^shop · shop-1 · started \d\d:\d\d:\d\d\.\d{3} · 1\.20s · 12 spans · 1 error$/);
  });

  it('an exemplar dot says whether it opens its trace', () => {
    const base = { t: 0, v: 250, onAxis: false, traceId: 'f'.repeat(32), spanId: '1'.repeat(16), text: '250 ms' };
    assert.match(exemplarTitle({ ...base, held: true }), /^exemplar 250 ms at .* — click to open trace ffffffff… span 1111111111111111$/);
    assert.match(exemplarTitle({ ...base, held: false }), /is not held/);
    assert.match(exemplarTitle({ ...base, traceId: '', spanId: '', held: false }), /outside a sampled span/);
  });
});
