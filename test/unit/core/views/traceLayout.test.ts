import { strict as assert } from 'node:assert';
import { durationSide, filterRows, filterTokens, layoutTrace, spanMatches, traceTickLabel, traceTicks } from '../../../../src/core/views/traceLayout';
import type { SpanRecord } from '../../../../src/core/model/records';
import { attrs, span } from '../../../helpers/records';

const T = 'a'.repeat(32);
// Small enough that whole milliseconds are exact in a double (at 1.7e18 the spacing is 256 ns).
const T0 = 1e15;
const ms = 1e6;

/** A span of trace T, `startMs`..`endMs` after T0. */
function s(id: string, parent: string, startMs: number, endMs: number, over: Partial<SpanRecord> = {}): SpanRecord {
  return span({ traceId: T, spanId: id.padStart(16, '0'), parentSpanId: parent ? parent.padStart(16, '0') : '', name: `op-${id}`, startTimeUnixNano: T0 + startMs * ms, endTimeUnixNano: T0 + endMs * ms, ...over });
}

describe('traceLayout', () => {
  it('orders spans depth first, children by start, with bars on one axis', () => {
    // root 0..100 ms; b 40..90 starts after a 10..30, so a comes first; c 12..20 under a.
    // The axis is 100 ms long: a starts at 10/100 = 0.1 and covers 20/100 = 0.2; c at 0.12 covering 0.08.
    const layout = layoutTrace(T, [s('b', 'r', 40, 90), s('c', 'a', 12, 20), s('r', '', 0, 100), s('a', 'r', 10, 30)]);
    assert.deepEqual(
      layout.rows.map((r) => [r.name, r.depth, r.parent, r.children]),
      [
        ['op-r', 0, -1, 2],
        ['op-a', 1, 0, 1],
        ['op-c', 2, 1, 0],
        ['op-b', 1, 0, 0],
      ],
    );
    assert.equal(layout.durationMs, 100);
    assert.equal(layout.rootName, 'op-r');
    assert.equal(layout.maxDepth, 2);
    const [r, a, c, b] = layout.rows;
    assert.deepEqual([r.offset, r.width], [0, 1]);
    assert.deepEqual([a.offset, a.width, a.startMs, a.durationMs], [0.1, 0.2, 10, 20]);
    assert.ok(Math.abs(c.offset - 0.12) < 1e-9 && Math.abs(c.width - 0.08) < 1e-9);
    // b: 40/100 = 0.4, (90 - 40)/100 = 0.5
    assert.deepEqual([b.offset, b.width], [0.4, 0.5]);
  });

  it('draws spans whose parent is missing as orphans after the true roots', () => {
    // x names parent "gone", which never arrived: it is a root of its own, flagged, after the true root.
    const layout = layoutTrace(T, [s('x', 'gone', 0, 5), s('r', '', 10, 20), s('y', 'x', 1, 2)]);
    assert.deepEqual(
      layout.rows.map((r) => [r.name, r.depth, r.orphan]),
      [
        ['op-r', 0, false],
        ['op-x', 0, true],
        ['op-y', 1, false],
      ],
    );
    assert.equal(layout.orphanCount, 1);
    assert.equal(layout.rootName, 'op-r');
  });

  it('breaks parent cycles instead of losing or looping over their spans', () => {
    // p → q → p (each names the other as parent) and s names itself: no root reaches them.
    // Each loop is broken at its earliest span: p (start 1) before q (start 2); s stands alone.
    const layout = layoutTrace(T, [s('q', 'p', 2, 3), s('p', 'q', 1, 4), s('s', 's', 5, 6), s('r', '', 0, 10)]);
    assert.deepEqual(
      layout.rows.map((r) => [r.name, r.depth, r.cycle]),
      [
        ['op-r', 0, false],
        ['op-p', 0, true],
        ['op-q', 1, false],
        ['op-s', 0, true],
      ],
    );
    assert.equal(layout.cycleCount, 2);
    assert.equal(layout.rows.length, 4);
  });

  it('flags errors and places event marks on the axis', () => {
    // The event at 25 ms of a 0..50 ms trace sits at 0.5; the exception event is mark 1.
    const err = s('e', '', 0, 50, {
      statusCode: 2,
      statusMessage: 'boom',
      events: [
        { name: 'retry', timeUnixNano: T0 + 25 * ms, attributes: attrs(), droppedAttributesCount: 0 },
        { name: 'exception', timeUnixNano: T0 + 50 * ms, attributes: attrs(), droppedAttributesCount: 0 },
      ],
    });
    const layout = layoutTrace(T, [err]);
    assert.equal(layout.errorCount, 1);
    assert.equal(layout.rows[0].error, true);
    assert.equal(layout.rows[0].statusMessage, 'boom');
    assert.deepEqual(layout.rows[0].marks, [0.5, 1]);
    assert.deepEqual(layout.rows[0].exceptionMarks, [1]);
  });

  it('names services only when the trace spans several, and keeps the first of duplicate ids', () => {
    const one = layoutTrace(T, [s('r', '', 0, 1)], { serviceOf: () => 'api' });
    assert.equal(one.rows[0].service, '');
    assert.deepEqual(one.services, ['api']);
    const root = s('r', '', 0, 10);
    const child = s('c', 'r', 1, 2);
    const again = { ...child, name: 'copy' };
    const svc = new Map<SpanRecord, string>([[root, 'api'], [child, 'db'], [again, 'db']]);
    const two = layoutTrace(T, [root, child, again], { serviceOf: (x) => svc.get(x)! });
    assert.deepEqual(two.rows.map((r) => [r.name, r.service]), [['op-r', 'api'], ['op-c', 'db']]);
    assert.equal(two.duplicateCount, 1);
  });

  it('handles instants, spans that end before they start, and an empty trace', () => {
    // Both spans start at T0: the axis is 0 long, so every bar is at 0 with no width.
    const layout = layoutTrace(T, [s('r', '', 0, 0), s('c', 'r', 0, -5)]);
    assert.equal(layout.durationMs, 0);
    assert.deepEqual(layout.rows.map((r) => [r.offset, r.width, r.durationMs]), [[0, 0, 0], [0, 0, 0]]);
    const empty = layoutTrace(T, []);
    assert.deepEqual([empty.rows.length, empty.durationMs, empty.rootName], [0, 0, '']);
  });

  it('lays out a 5,000-deep chain without recursion', () => {
    const spans: SpanRecord[] = [];
    for (let i = 0; i < 5000; i++) spans.push(s(`c${i}`, i ? `c${i - 1}` : '', i, i + 1));
    const layout = layoutTrace(T, spans);
    assert.equal(layout.rows.length, 5000);
    assert.equal(layout.maxDepth, 4999);
  });

  it('filters by name and key=value, keeping the ancestors of each match', () => {
    const spans = [
      s('r', '', 0, 100),
      s('a', 'r', 1, 50, { attributes: attrs({ 'http.route': '/checkout' }) }),
      s('a1', 'a', 2, 10, { name: 'db.query' }),
      s('b', 'r', 60, 90),
      s('b1', 'b', 61, 70, { name: 'DB.Query' }),
    ];
    const layout = layoutTrace(T, spans);
    const byId = new Map(spans.map((x) => [x.spanId, x]));
    const run = (q: string) => {
      const tokens = filterTokens(q);
      return filterRows(layout.rows, (i) => spanMatches(byId.get(layout.rows[i].spanId)!, '', tokens));
    };
    // Rows: 0 r, 1 a, 2 db.query, 3 b, 4 DB.Query. "db.query" matches 2 and 4 (case folded);
    // their ancestors 1 (a), 3 (b) and 0 (r) stay visible.
    assert.deepEqual(run('db.query'), { visible: [0, 1, 2, 3, 4], matches: [2, 4] });
    // "route=/checkout" matches a's attribute: a and its parent r; a's child is hidden.
    assert.deepEqual(run('route=/checkout'), { visible: [0, 1], matches: [1] });
    // Every word must match in the same span: "op-b db" matches nothing ("op-b" is b's name, "db" is b1's).
    assert.deepEqual(run('op-b db'), { visible: [], matches: [] });
    // Empty filter: everything matches.
    assert.equal(run('  ').visible.length, 5);
  });
});

describe('the waterfall axis and duration labels', () => {
  const width = (text: string) => text.length * 6.5;

  it('chooses ticks from the width: few on a narrow axis (780 px window), more on a wide one', () => {
    // The checkout trace (486 ms): at ~780 px the time axis is about 240 px wide.
    const narrow = traceTicks(486, 240, width).map((t) => t.label);
    assert.deepEqual(narrow, ['0', '200ms', '400ms']);
    const wide = traceTicks(486, 1000, width).map((t) => t.label);
    assert.equal(wide.length, 10);
    assert.equal(wide[1], '50ms');
    // Tick labels are durations as written everywhere else.
    assert.deepEqual(traceTicks(1500, 800, width).map((t) => t.label), ['0', '200ms', '400ms', '600ms', '800ms', '1.00s', '1.20s', '1.40s']);
    assert.equal(traceTickLabel(0), '0');
  });

  it('puts a duration after its bar, before it, or inside it: never over the span names', () => {
    // A 300 px cell, a 40 px label.
    assert.equal(durationSide(0.1, 0.5, 300, 40), 'after');
    assert.equal(durationSide(0.9, 0.1, 300, 40), 'before');
    // The root span, across the whole axis: no room on either side, so inside its bar (once it sat left of
    // offset 0, over the names).
    assert.equal(durationSide(0, 1, 300, 40), 'inside');
    assert.equal(durationSide(0, 0.95, 300, 40), 'inside');
    // No room anywhere: the side with more room (the cell clips it).
    assert.equal(durationSide(0.02, 0.96, 30, 40), 'after');
    assert.equal(durationSide(0.3, 0.69, 30, 40), 'before');
  });
});
