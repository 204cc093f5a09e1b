import { strict as assert } from 'node:assert';
import type { HistogramPoint, NumberPoint } from '../../../../src/core/model/records';
import { seriesStats } from '../../../../src/core/query/seriesStats';
import { attrs } from '../../../helpers/records';

const S = 1e9;
const T0 = 1.7e18;

function counter(values: number[], everyS = 10): NumberPoint[] {
  return values.map((value, i) => ({ attributes: attrs(), startTimeUnixNano: T0, timeUnixNano: T0 + (i + 1) * everyS * S, flags: 0, value }));
}

describe('series stats for the query API', () => {
  it('a monotonic counter: the latest value and its rate over the window', () => {
    // 2 per second, points every 10 s for two minutes: the window is one minute.
    const points = counter(Array.from({ length: 12 }, (_, i) => 20 * (i + 1)));
    const stats = seriesStats({ kind: 'sum', temporality: 'cumulative', monotonic: true }, points);
    assert.equal(stats.latest, 240);
    assert.deepEqual(stats.rate, { perSecond: 2, windowMs: 60_000 });
    assert.equal(stats.quantiles, null);
  });

  it('a gauge and a non-monotonic sum have no rate; a point without a recorded value is skipped', () => {
    const points = counter([5, 7, 3]);
    points[2].flags = 1;
    assert.deepEqual(seriesStats({ kind: 'gauge', temporality: 'unspecified', monotonic: false }, points), { latest: 7, rate: null, quantiles: null, histogram: null });
    assert.equal(seriesStats({ kind: 'sum', temporality: 'cumulative', monotonic: false }, points).rate, null);
  });

  it('a histogram: quantiles of its latest point within its recorded min and max, and the rate of its count', () => {
    const point = (count: number, i: number): HistogramPoint => ({
      attributes: attrs(),
      startTimeUnixNano: T0,
      timeUnixNano: T0 + (i + 1) * 10 * S,
      flags: 0,
      count,
      sum: count * 50,
      min: 12,
      max: 180,
      explicitBounds: [10, 100, 1000],
      bucketCounts: [0, count / 2, count / 2, 0],
    });
    const stats = seriesStats({ kind: 'histogram', temporality: 'cumulative', monotonic: false }, [point(10, 0), point(20, 1), point(30, 2), point(40, 3)]);
    assert.equal(stats.latest, 40);
    assert.deepEqual(stats.histogram, { count: 40, sum: 2000, min: 12, max: 180 });
    // The median rank falls at the top of (10, 100]: 100; p99 in (100, 1000] narrowed to the max 180.
    assert.equal(stats.quantiles?.p50, 100);
    assert.ok(stats.quantiles!.p99! <= 180 && stats.quantiles!.p99! > 100);
    assert.deepEqual(stats.rate, { perSecond: 1, windowMs: 60_000 });
  });
});
