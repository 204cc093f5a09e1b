import { strict as assert } from 'node:assert';
import { rateUnit } from '../../../../src/core/format/units';
import { metricView, type StreamInfo } from '../../../../src/core/views/metricView';
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
    // Points 5 s apart: the window is a minute, so each rate reaches back to the first point.
    // 0 → 10 in 5 s = 2/s; then 10 → 3 is a reset (+3): 13 in 10 s = 1.3/s.
    const v = metricView(counter, [num(0, 0), num(5, 10), num(10, 3)], 'rate');
    assert.equal(v.mode, 'rate');
    assert.equal(v.axisUnit, 'requests/s');
    assert.equal(v.kindLabel, 'monotonic cumulative sum');
    assert.deepEqual(v.lines[0].points.map((p) => p[1]), [2, 1.3]);
    assert.equal(v.resets, 1);
    assert.equal(v.latest, '3 requests');
  });

  it('gives a counter bumped every 4 s, exported every second, as 0.25 requests/s over a labelled window', () => {
    // The case: between neighbouring exports the chart drew 0, 0, 0, 1 and "rate now 1 requests/s".
    const pts: NumberPoint[] = [];
    for (let i = 1; i <= 120; i++) pts.push(num(i, Math.floor((i + 3.5) / 4), T0));
    const v = metricView(counter, pts, 'rate');
    assert.deepEqual(v.rateWindow, { ms: 60_000, label: 'rate over 1m' });
    assert.equal(v.lines[0].label, 'rate over 1m');
    assert.deepEqual(v.lineStats![0], { label: 'rate now', text: '0.25 requests/s' });
    // Once a minute is covered the line is flat at the true rate.
    assert.ok(v.lines[0].points.slice(59).every(([, r]) => Math.abs(r - 0.25) < 1e-12));
    assert.equal(v.axisUnit, 'requests/s');
    assert.equal(v.axisUnitOne, 'request/s');
  });

  it('says "1 request/s" for one a second, and keeps a delta counter to the same window', () => {
    const pts: NumberPoint[] = [];
    for (let i = 1; i <= 90; i++) pts.push(num(i, i, T0));
    assert.deepEqual(metricView(counter, pts, 'rate').lineStats![0], { label: 'rate now', text: '1 request/s' });
    // Delta points, 2 s apart, 3 each: 1.5 requests/s; the window stays a minute (4 × 2 s is 8 s).
    const delta: StreamInfo = { ...counter, temporality: 'delta' };
    const dpts: NumberPoint[] = [];
    for (let i = 1; i <= 40; i++) dpts.push(num(2 * i, 3, T0 + (2 * i - 2) * S));
    const v = metricView(delta, dpts, 'rate');
    assert.equal(v.rateWindow!.label, 'rate over 1m');
    assert.deepEqual(v.lineStats, [
      { label: 'rate now', text: '1.5 requests/s' },
      { label: 'rate min', text: '1.5 requests/s' },
      { label: 'rate max', text: '1.5 requests/s' },
    ]);
  });

  it('keeps histogram quantiles within the recorded max, in the bars and in the lines over time', () => {
    // The shape: ms latencies on OTel's default bounds, the slowest 5 of 100 in (750, 1000], max 805.
    const h: StreamInfo = { name: 'http.server.duration', description: '', unit: 'ms', kind: 'histogram', temporality: 'cumulative', monotonic: false };
    const bounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
    const hp = (sec: number, counts: number[], max: number): HistogramPoint => ({
      ...base,
      startTimeUnixNano: T0 - 60 * S,
      timeUnixNano: T0 + sec * S,
      count: counts.reduce((a, b) => a + b, 0),
      sum: 30_000,
      min: 120,
      max,
      explicitBounds: bounds,
      bucketCounts: counts,
    });
    const first = hp(0, [0, 0, 0, 0, 0, 0, 0, 60, 30, 5, 5, 0, 0, 0, 0, 0], 805);
    const second = hp(10, [0, 0, 0, 0, 0, 0, 0, 60, 30, 5, 15, 0, 0, 0, 0, 0], 805);
    const v = metricView(h, [first, second], 'value');
    const hist = v.histogram!;
    // Latest point: p99 rank 108.9 of 110 → (750, 1000], 13.9 of 15; over the whole bucket 981.7, above max.
    // The 15 lie in (750, 805]: 750 + 55 × 13.9/15 ≈ 801.
    const p99 = hist.quantiles.find((q) => q.label === 'p99')!;
    assert.ok(p99.value <= hist.max!, `p99 ${p99.value} above max ${hist.max}`);
    assert.equal(+p99.value.toFixed(6), +(750 + (55 * 13.9) / 15).toFixed(6));
    assert.equal(p99.text, '801 ms');
    // Every quantile line stays within max too: the first point (p99 950 over the whole bucket) and the
    // interval between the two (10 more in (750, 1000], bounded by the cumulative max).
    for (const line of v.lines) for (const [, q] of line.points) assert.ok(q <= 805, `${line.label} ${q} above max 805`);
  });

  it('shows the latest value of a gauge holding a Unix time as that time', () => {
    const g: StreamInfo = { name: 'app.last_run.time', description: '', unit: 's', kind: 'gauge', temporality: 'unspecified', monotonic: false };
    const v = metricView(g, [num(0, 1_795_976_323)], 'value', 1_795_976_323_000 + 120_000);
    assert.match(v.latest, /^(2026-11-\d\d )?\d\d:\d\d:\d\d \(2 min ago\)$/);
    // Without a now, the time alone, date included; the numbers beside the chart say times too.
    assert.match(metricView(g, [num(0, 1_795_976_323)], 'value').latest, /^2026-11-\d\d \d\d:\d\d:\d\d$/);
    assert.ok(v.lineStats!.every((st) => /^2026-11-\d\d \d\d:\d\d:\d\d$/.test(st.text)), JSON.stringify(v.lineStats));
  });

  it('falls back to values where a rate makes no sense, and leaves out points with no recorded value', () => {
    const gauge: StreamInfo = { ...counter, name: 'q', kind: 'gauge', temporality: 'unspecified', monotonic: false, unit: '{item}' };
    const v = metricView(gauge, [num(0, 4), num(1, 99, 0, 1), num(2, 6)], 'rate');
    assert.equal(v.mode, 'value');
    assert.equal(v.canRate, false);
    assert.equal(v.axisUnit, 'items');
    assert.equal(v.axisUnitOne, 'item');
    assert.deepEqual(v.lineStats, [
      { label: 'value now', text: '6 items' },
      { label: 'value min', text: '4 items' },
      { label: 'value max', text: '6 items' },
    ]);
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
    // First point: all 10 in [1, 10] (min 1 sharpens the [0,10] bucket), and none above max 9: p50 = 1 + 8 × 5/10 = 5.
    // Second point minus the first: [0, 20, 60, 10] (90 observations; min/max not used for an interval).
    //   p50: rank 45 → (20,50] 25 of 60: 20 + 30 × 25/60 = 32.5
    assert.deepEqual(v.lines.map((l) => l.label), ['p50', 'p90', 'p99']);
    assert.equal(v.lines[0].points[0][1], 5);
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
