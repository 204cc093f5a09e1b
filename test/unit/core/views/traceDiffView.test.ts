/** The diff panel's model: bars on one scale, the change in words, the largest changes first. */
import { strict as assert } from 'node:assert';
import { StatusCode, type SpanRecord } from '../../../../src/core/model/records';
import { diffTraces } from '../../../../src/core/views/traceDiff';
import { deltaText, traceDiffView, type DiffTraceInfo } from '../../../../src/core/views/traceDiffView';
import { hex, span } from '../../../helpers/records';

const T0 = 1e15;
const MS = 1e6;

function spans(tag: number, defs: [name: string, parent: string, start: number, end: number, error?: boolean][]): SpanRecord[] {
  const id = (name: string) => hex(tag * 1000 + [...name].reduce((h, c) => (h * 7 + c.charCodeAt(0)) % 997, 1), 16);
  return defs.map(([name, parent, start, end, error]) =>
    span({ traceId: hex(tag, 32), spanId: id(name), parentSpanId: parent ? id(parent) : '', name: name.replace(/#.*/, ''), startTimeUnixNano: T0 + start * MS, endTimeUnixNano: T0 + end * MS, statusCode: error ? StatusCode.Error : 0 }),
  );
}

const info = (traceId: string, durationMs: number): DiffTraceInfo => ({ traceId, rootName: 'GET /checkout', source: 'shop · shop-1', startMs: 0, durationMs, spanCount: 4, errorCount: 0 });

describe('the trace diff panel’s model', () => {
  const base = spans(1, [
    ['GET /checkout', '', 0, 100],
    ['auth', 'GET /checkout', 0, 10],
    ['SELECT cart', 'GET /checkout', 10, 30],
    ['charge', 'GET /checkout', 30, 90],
    ['cache', 'GET /checkout', 90, 95],
  ]);
  const cur = spans(2, [
    ['GET /checkout', '', 0, 200],
    ['auth', 'GET /checkout', 0, 10.2],
    ['SELECT cart', 'GET /checkout', 10, 30],
    ['charge', 'GET /checkout', 30, 180, true],
    ['retry charge#2', 'GET /checkout', 180, 195],
  ]);
  const view = traceDiffView(diffTraces({ spans: base }, { spans: cur }), info(base[0].traceId, 100), info(cur[0].traceId, 200));

  it('draws both sides on the longer trace’s scale', () => {
    assert.equal(view.scaleMs, 200);
    const charge = view.rows.find((r) => r.name === 'charge')!;
    assert.deepEqual([charge.baseline?.offset, charge.baseline?.width], [0.15, 0.3]);
    assert.deepEqual([charge.current?.offset, charge.current?.width], [0.15, 0.75]);
    assert.equal(view.rows[0].children, 5);
  });

  it('says each change in words and tones: slower, unchanged within jitter, new, gone, now failing', () => {
    const by = new Map(view.rows.map((r) => [r.name, r]));
    assert.deepEqual([by.get('charge')!.delta, by.get('charge')!.ratio, by.get('charge')!.tone, by.get('charge')!.statusChange], ['+90ms', '×2.5', 'slower', 'now fails']);
    assert.deepEqual([by.get('auth')!.tone, by.get('auth')!.ratio], ['same', '']);
    assert.deepEqual([by.get('retry charge')!.delta, by.get('retry charge')!.tone], ['new', 'added']);
    assert.deepEqual([by.get('cache')!.delta, by.get('cache')!.tone], ['gone', 'removed']);
  });

  it('lists the largest changes first, leaving out what did not change', () => {
    assert.deepEqual(view.changes.map((i) => view.rows[i].name), ['GET /checkout', 'charge', 'retry charge', 'cache']);
    assert.equal(view.summary, '4 matched · 1 only in this trace · 1 only in the baseline · 1 status change');
    assert.equal(view.totalDelta, '+100ms (+100%)');
    assert.equal(view.totalTone, 'slower');
  });

  it('writes deltas with a sign (a real minus for faster)', () => {
    assert.equal(deltaText(-3.25), '−3.3ms');
    assert.equal(deltaText(0), '±0');
    assert.equal(deltaText(1500), '+1.50s');
  });
});
