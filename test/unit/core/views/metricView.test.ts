import { strict as assert } from 'node:assert';
import { metricView, rateUnit, type StreamInfo } from '../../../../src/core/views/metricView';
import type { ExponentialHistogramPoint, HistogramPoint, NumberPoint, SummaryPoint } from '../../../../src/core/model/records';
import { attrs } from '../../../helpers/records';

const S = 1e9;
const T0 = 1.7e18;
const base = { attributes: attrs(), flags: 0 };

function num(sec: number, value: number, start = T0 - 60 * S, flags = 0): NumberPoint {
  return { ...base, flags, startTimeUnixNano: start, timeUnixNano: T0 + sec * S, value };
}

const counter: StreamInfo = { name: 'app.requests', description: '', unit: '{request}', kind: 'sum', temporality: 'cumulative', monotonic: true };

describe('metricView', () => {
  it('names rate units', () => {
    assert.equal(rateUnit('{request}'), 'requests/s');
    assert.equal(rateUnit('{items}'), 'items/s');
    assert.equal(rateUnit('By'), 'B/s');
    assert.equal(rateUnit('1'), '/s');
  });

  it('draws a counter as its rate, counting resets', () => {
    // 0 → 10 in 5 s = 2/s; 10 → 3 is a reset: 3 in 5 s = 0.6/s.
    const v = metricView(counter, [num(0, 0), num(5, 10), num(10, 3)], 'rate');
    assert.equal(v.mode, 'rate');
    assert.equal(v.axisUnit, 'requests/s');
    assert.equal(v.kindLabel, 'monotonic cumulative sum');
    assert.deepEqual(v.lines[0].points.map((p) => p[1]), [2, 0.6]);
    assert.equal(v.resets, 1);
    assert.equal(v.latest, '3 requests');
  });

  it('falls back to values where a rate makes no sense, and leaves out points with no recorded value', () => {
    const gauge: StreamInfo = { ...counter, name: 'q', kind: 'gauge', temporality: 'unspecified', monotonic: false, unit: '{item}' };
    const v = metricView(gauge, [num(0, 4), num(1, 99, 0, 1), num(2, 6)], 'rate');
    assert.equal(v.mode, 'value');
    assert.equal(v.canRate, false);
    assert.equal(v.axisUnit, 'item');
    assert.deepEqual(v.lines[0].points, [[T0 / 1e6, 4], [T0 / 1e6 + 2000, 6]]);
  });

  it('draws a cumulative histogram: per-interval quantiles over time, the latest buckets with p50/p90/p99', () => {
    const h: StreamInfo = { name: 'dur', description: '', unit: 'ms', kind: 'histogram', temporality: 'cumulative', monotonic: false };
    const hp = (sec: number, counts: number[], sum: number, min?: number, max?: number): HistogramPoint => ({
      ...base,
      startTimeUnixNano: T0 - 60 * S,
      timeUnixNano: T0 + sec * S,
      count: counts.reduce((a, b) => a + b, 0),
      sum,
      min,
      max,
      explicitBounds: [10, 20, 50],
      bucketCounts: counts,
    });
    const v = metricView(h, [hp(0, [10, 0, 0, 0], 50, 1, 9), hp(10, [10, 20, 60, 10], 3000, 1, 90)], 'value');
    // First point: all 10 in [1, 10] (min 1 sharpens the [0,10] bucket): p50 = 1 + 9 × 5/10 = 5.5.
    // Second point minus the first: [0, 20, 60, 10] (90 observations; min/max not used for an interval).
    //   p50: rank 45 → (20,50] 25 of 60: 20 + 30 × 25/60 = 32.5
    assert.deepEqual(v.lines.map((l) => l.label), ['p50', 'p90', 'p99']);
    assert.equal(v.lines[0].points[0][1], 5.5);
    assert.equal(v.lines[0].points[1][1], 32.5);
    // Bars: the latest cumulative point [10, 20, 60, 10], min 1 and max 90 closing the ends.
    const hist = v.histogram!;
    assert.deepEqual(hist.buckets.map((b) => b.label), ['1–10', '10–20', '20–50', '50–90']);
    assert.deepEqual(hist.buckets.map((b) => b.count), [10, 20, 60, 10]);
    // p50 rank 50 → 20 + 30 × 20/60 = 30; p99 rank 99 → (50, 90], 9 of 10: 50 + 40 × 0.9 = 86.
    assert.deepEqual(hist.quantiles.map((q) => [q.label, +q.value.toFixed(9)]), [['p50', 30], ['p90', 50], ['p99', 86]]);
    assert.equal(hist.quantiles[0].text, '30 ms');
    assert.equal(hist.count, 100);
    assert.equal(hist.mean, 30);
    assert.match(hist.window, /^since \d\d:\d\d:\d\d$/);
  });

  it('draws an exponential histogram from its scale and offset', () => {
    const e: StreamInfo = { name: 'lat', description: '', unit: 's', kind: 'exponentialHistogram', temporality: 'delta', monotonic: false };
    const p: ExponentialHistogramPoint = {
      ...base,
      startTimeUnixNano: T0,
      timeUnixNano: T0 + S,
      count: 4,
      sum: 12,
      scale: 0,
      zeroCount: 0,
      zeroThreshold: 0,
      positive: { offset: 0, bucketCounts: [1, 2, 1] },
      negative: { offset: 0, bucketCounts: [] },
    };
    const v = metricView(e, [p], 'value');
    // (1,2], (2,4], (4,8]: p50 = 3 (see metricMath's test).
    assert.deepEqual(v.histogram!.buckets.map((b) => b.label), ['1–2', '2–4', '4–8']);
    assert.equal(v.histogram!.quantiles[0].value, 3);
    assert.equal(v.histogram!.window, 'last interval');
    assert.equal(v.lines[0].points[0][1], 3);
  });

  it('shows durations in seconds as milliseconds when they stay under a second', () => {
    const h: StreamInfo = { name: 'http.server.request.duration', description: '', unit: 's', kind: 'histogram', temporality: 'delta', monotonic: false };
    const p: HistogramPoint = { ...base, startTimeUnixNano: T0, timeUnixNano: T0 + S, count: 4, sum: 0.1, explicitBounds: [0.025, 0.05], bucketCounts: [2, 2, 0] };
    const v = metricView(h, [p], 'value');
    // Buckets [0, 0.025] and (0.025, 0.05] with 2 each: p50 = rank 2 → end of the first = 0.025 s = 25 ms.
    assert.equal(v.axisUnit, 'ms');
    assert.equal(v.unit, 's');
    assert.deepEqual(v.histogram!.buckets.map((b) => b.label), ['≤25', '25–50', '>50']);
    assert.equal(v.histogram!.quantiles[0].text, '25 ms');
    assert.equal(v.histogram!.mean, 25);
    assert.equal(v.lines[0].points[0][1], 25);
    // A second or more stays in seconds.
    const slow = metricView(h, [{ ...p, explicitBounds: [1, 2], sum: 6 }], 'value');
    assert.equal(slow.axisUnit, 's');
  });

  it('draws a summary as its quantile lines', () => {
    const sm: StreamInfo = { name: 'rpc', description: '', unit: 'ms', kind: 'summary', temporality: 'unspecified', monotonic: false };
    const p: SummaryPoint = { ...base, startTimeUnixNano: 0, timeUnixNano: T0, count: 3, sum: 6, quantileValues: [{ quantile: 0.99, value: 9 }, { quantile: 0.5, value: 2 }] };
    const v = metricView(sm, [p], 'value');
    assert.deepEqual(v.lines.map((l) => [l.label, l.points[0][1]]), [['p50', 2], ['p99', 9]]);
  });
});
