import { strict as assert } from 'node:assert';
import { clipAttributes, clipString, OMITTED_KEY } from '../../../../src/core/query/boundedJson';
import { Page } from '../../../../src/core/query/page';
import { QueryError } from '../../../../src/core/query/queryError';
import { encodeCursor, QueryParams } from '../../../../src/core/query/queryParams';
import { attrs } from '../../../helpers/records';

const params = (q: string, allowed: string[]) => new QueryParams(new URLSearchParams(q), allowed);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof QueryError);
    return `${err.status} ${err.message}`;
  }
  assert.fail('no error');
}

describe('query API paging and bounds', () => {
  it('a page stops at its limit or its byte budget, whichever comes first, and always takes the first item', () => {
    const byCount = new Page<string>(3, 1000);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((x) => byCount.add(x)), [true, true, true, false]);
    assert.equal(byCount.full, true);
    const byBytes = new Page<string>(100, 25);
    assert.deepEqual(['x'.repeat(10), 'y'.repeat(10), 'z'].map((x) => byBytes.add(x)), [true, false, false]);
    const huge = new Page<string>(10, 5);
    assert.equal(huge.add('a long first item'), true);
    assert.equal(huge.full, false);
  });

  it('reads parameters by any spelling, refuses unknown ones, repeats and out-of-range limits', () => {
    const p = params('trace_id=abc&LIMIT=5', ['traceId', 'limit']);
    assert.equal(p.string('traceId'), 'abc');
    assert.equal(p.limit({ default: 10, max: 50 }), 5);
    assert.equal(params('', ['limit']).limit({ default: 10, max: 50 }), 10);
    assert.equal(refusal(() => params('nme=x', ['name', 'limit'])), '400 unknown parameter "nme"; this route takes name, limit');
    assert.equal(refusal(() => params('limit=51', ['limit']).limit({ default: 10, max: 50 })), '400 limit: must be a whole number from 1 to 50, got "51"');
    assert.match(refusal(() => params('limit=0', ['limit']).limit({ default: 10, max: 50 })), /^400/);
    assert.match(refusal(() => params('name=a&name=b', ['name']).string('name')), /given 2 times/);
  });

  it('a cursor is read back by its own route only', () => {
    const cursor = encodeCursor('logs', { t: 1.7e18, k: 'key', n: 2 });
    const isPos = (o: Record<string, unknown>): o is { t: number; k: string; n: number } => typeof o.t === 'number';
    assert.deepEqual(params(`cursor=${cursor}`, ['cursor']).cursor('logs', isPos), { t: 1.7e18, k: 'key', n: 2 });
    assert.match(refusal(() => params(`cursor=${cursor}`, ['cursor']).cursor('traces', isPos)), /^400 cursor: not a cursor of this route/);
    assert.match(refusal(() => params('cursor=garbage', ['cursor']).cursor('logs', isPos)), /^400 cursor/);
  });

  it('clips long strings, large maps and deep values, saying how much was left out', () => {
    assert.equal(clipString('abcdef', 4), 'abcd…[+2 chars]');
    const many = attrs(Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`k${i}`, i])));
    const clipped = clipAttributes(many);
    assert.equal(Object.keys(clipped).length, 65);
    assert.equal(clipped[OMITTED_KEY], 6);
    const deep = clipAttributes(attrs({ a: attrs({ b: attrs({ c: attrs({ d: attrs({ e: attrs({ f: 'deep' }) }) }) }) }), list: Array.from({ length: 40 }, (_, i) => i) }));
    // Four levels of maps are kept; the fifth is written as (clipped) JSON text.
    const d = ((((deep.a as Record<string, unknown>).b as Record<string, unknown>).c as Record<string, unknown>).d as Record<string, unknown>);
    assert.equal(d.e, '{"f":"deep"}');
    assert.equal((deep.list as unknown[]).length, 33);
    assert.equal((deep.list as unknown[])[32], '…[+8 items]');
  });
});
