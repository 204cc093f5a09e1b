import { strict as assert } from 'node:assert';
import {
  bucketCountsDelta,
  bucketPosition,
  bucketQuantile,
  cumulativeRate,
  deltaRate,
  explicitBuckets,
  exponentialBucketBounds,
  exponentialBuckets,
  exponentialDelta,
  medianGapMs,
  rateWindowMs,
} from '../../../../src/core/views/metricMath';

const S = 1e9; // one second in nanoseconds
const T0 = 1.7e18;

/**
 * The counter: incremented every 4 s (at 0.5 s, 4.5 s, 8.5 s, …), exported every second for `seconds`
 * seconds, each export `jitterMs(i)` late. Cumulative: each point holds the count so far.
 */
function fourSecondCounter(seconds: number, jitterMs: (i: number) => number = () => 0): { timeUnixNano: number; startTimeUnixNano: number; value: number }[] {
  const pts = [];
  for (let i = 1; i <= seconds; i++) pts.push({ timeUnixNano: T0 + i * S + jitterMs(i) * 1e6, startTimeUnixNano: T0, value: Math.floor((i + 3.5) / 4) });
  return pts;
}

/** OTel's default explicit bounds for a histogram in ms. */
const DEFAULT_MS_BOUNDS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

function close(actual: number | undefined, expected: number, eps = 1e-9): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= eps, `expected ${expected}, got ${actual}`);
}

describe('metricMath', () => {
  describe('rates', () => {
    it('turns a cumulative counter into per-second rates, reading a drop as a reset', () => {
      const start = T0 - 100 * S;
      const pts = [
        { timeUnixNano: T0, startTimeUnixNano: start, value: 10 },
        { timeUnixNano: T0 + 10 * S, startTimeUnixNano: start, value: 30 }, // +20 in 10 s = 2/s
        { timeUnixNano: T0 + 20 * S, startTimeUnixNano: start, value: 35 }, // +5 in 10 s = 0.5/s
        { timeUnixNano: T0 + 25 * S, startTimeUnixNano: start, value: 4 }, // dropped: reset, +4 in 5 s = 0.8/s
        { timeUnixNano: T0 + 30 * S, startTimeUnixNano: start, value: 9 }, // +5 in 5 s = 1/s
      ];
      const r = cumulativeRate(pts);
      assert.deepEqual(r.map((p) => p.t), [T0 / 1e6 + 10_000, T0 / 1e6 + 20_000, T0 / 1e6 + 25_000, T0 / 1e6 + 30_000]);
      assert.deepEqual(r.map((p) => p.v), [2, 0.5, 0.8, 1]);
    });

    it('reads a later start time as a reset even when the value did not drop', () => {
      // The process restarted and counted to 50 within 4 s: the increase is 50, not 50 - 40 = 10. 50 / 4 = 12.5/s.
      const r = cumulativeRate([
        { timeUnixNano: T0, startTimeUnixNano: T0 - 60 * S, value: 40 },
        { timeUnixNano: T0 + 4 * S, startTimeUnixNano: T0 + 1 * S, value: 50 },
      ]);
      assert.deepEqual(r.map((p) => p.v), [12.5]);
    });

    it('skips pairs with no time between them', () => {
      assert.deepEqual(cumulativeRate([{ timeUnixNano: T0, startTimeUnixNano: 0, value: 1 }, { timeUnixNano: T0, startTimeUnixNano: 0, value: 5 }]), []);
    });

    it('divides delta sums by their own interval', () => {
      const r = deltaRate([
        { timeUnixNano: T0 + 2 * S, startTimeUnixNano: T0, value: 6 }, // 6 over 2 s = 3/s
        { timeUnixNano: T0 + 6 * S, startTimeUnixNano: 0, value: 2 }, // no start: 2 over the 4 s since the last = 0.5/s
      ]);
      assert.deepEqual(r.map((p) => p.v), [3, 0.5]);
    });

    it('reads a counter bumped every 4 s and exported every second as 0.25/s over its window, not a 0↔1 sawtooth', () => {
      const pts = fourSecondCounter(180);
      // Between neighbouring exports the rate jumps between 0 and 1/s: what the chart drew.
      assert.deepEqual([...new Set(cumulativeRate(pts).map((p) => p.v))].sort(), [0, 1]);
      // Every export a second apart: the window is a minute (four exports would be 4 s; a minute at least).
      assert.equal(rateWindowMs(pts), 60_000);
      const r = cumulativeRate(pts, 60_000);
      assert.equal(r.length, 179);
      // Once the points reach back a whole minute (from the 61st on), every rate is the counter's true 0.25/s:
      // 15 increments in 60 s, whatever the phase.
      for (const p of r.slice(59)) close(p.v, 0.25);
      // Before that, the average over the points so far: at 20 s, 5 increments in the 19 s since the first point
      // (value 1 at 1 s, 5 at 20 s: an increase of 4 in 19 s).
      close(r[18].v, 4 / 19);
    });

    it('keeps the window rate steady when exports arrive a little late or early', () => {
      // Exports jitter by up to ±40 ms: the point nearest a minute back is taken, so each rate is 15 in 60 s ± 80 ms.
      const pts = fourSecondCounter(180, (i) => ((i * 37) % 81) - 40);
      for (const p of cumulativeRate(pts, 60_000).slice(59)) assert.ok(Math.abs(p.v - 0.25) < 0.25 * 0.002, `rate ${p.v}`);
    });

    it('counts a reset inside the window as the new value, not as a fall', () => {
      // 0, 10, 20 at 0/10/20 s, then the process restarts: 5, 15 at 30/40 s. Increase over 40 s: 10 + 10 + 5 + 10 = 35.
      const start = T0 - 100 * S;
      const pts = [0, 10, 20, 5, 15].map((value, i) => ({ timeUnixNano: T0 + i * 10 * S, startTimeUnixNano: start, value }));
      const r = cumulativeRate(pts, 60_000);
      close(r[r.length - 1].v, 35 / 40);
      assert.ok(r.every((p) => p.v >= 0));
    });

    it('averages delta points over the window, counting idle gaps as time with nothing counted', () => {
      // Delta exports every second, one request every 4th: the same 0.25/s once a minute is covered.
      const pts = [];
      for (let i = 1; i <= 120; i++) pts.push({ timeUnixNano: T0 + i * S, startTimeUnixNano: T0 + (i - 1) * S, value: i % 4 === 0 ? 1 : 0 });
      const r = deltaRate(pts, 60_000);
      for (const p of r.slice(60)) close(p.v, 0.25);
      // An exporter that skips idle intervals: 2 at [0,1] s, then 2 at [9,10] s. Over 10 s: 4 / 10.
      const sparse = deltaRate([{ timeUnixNano: T0 + S, startTimeUnixNano: T0, value: 2 }, { timeUnixNano: T0 + 10 * S, startTimeUnixNano: T0 + 9 * S, value: 2 }], 60_000);
      assert.deepEqual(sparse.map((p) => p.v), [2, 0.4]);
    });

    it('picks a window of four usual export intervals, in whole minutes or hours', () => {
      const every = (sec: number, n = 10): { timeUnixNano: number }[] => Array.from({ length: n }, (_, i) => ({ timeUnixNano: T0 + i * sec * S }));
      assert.equal(rateWindowMs(every(1)), 60_000);
      assert.equal(rateWindowMs(every(15)), 60_000);
      assert.equal(rateWindowMs(every(20)), 120_000); // 80 s → 2m
      assert.equal(rateWindowMs(every(60)), 300_000); // the SDK default interval: 4 min → 5m
      assert.equal(rateWindowMs(every(1800)), 2 * 3_600_000); // 2 h
      assert.equal(rateWindowMs([]), 60_000);
      // The median shrugs off one long pause (an app stopped in a debugger).
      const paused = [...every(5, 6), ...every(5, 6).map((p) => ({ timeUnixNano: p.timeUnixNano + 600 * S }))];
      assert.equal(medianGapMs(paused), 5000);
    });
  });

  describe('explicit-bucket quantiles', () => {
    // bounds 10, 20, 50 → buckets [0,10] (Prometheus' assumption), (10,20], (20,50], (50,+inf)
    const bounds = [10, 20, 50];
    const counts = [10, 20, 60, 10]; // total 100

    it('interpolates linearly inside the bucket holding the rank', () => {
      const b = explicitBuckets(bounds, counts);
      // p50: rank 50; cumulative 10, 30, 90 → (20,50], 20 into its 60: 20 + 30 × 20/60 = 30.
      close(bucketQuantile(0.5, b), 30);
      // p90: rank 90 = cumulative 90 exactly, still (20,50]: 20 + 30 × 60/60 = 50.
      close(bucketQuantile(0.9, b), 50);
      // p25: rank 25 → (10,20], 15 into its 20: 10 + 10 × 15/20 = 17.5.
      close(bucketQuantile(0.25, b), 17.5);
      // p5: rank 5 → the first bucket, taken as [0,10]: 0 + 10 × 5/10 = 5.
      close(bucketQuantile(0.05, b), 5);
      // p99: rank 99 → the +inf bucket: its lower bound, 50, as histogram_quantile answers.
      close(bucketQuantile(0.99, b), 50);
    });

    it('uses min and max, when sent, for the open ends', () => {
      // min 4: first bucket [4,10]; p5 → 4 + 6 × 5/10 = 7. max 150: last (50,150]; p99 → rank 99, 9 into 10: 50 + 100 × 0.9 = 140.
      const b = explicitBuckets(bounds, counts, 4, 150);
      close(bucketQuantile(0.05, b), 7);
      close(bucketQuantile(0.99, b), 140);
    });

    it('keeps estimates within the recorded min and max when a bucket is wider than what it held', () => {
      // The shape: latencies in ms on OTel's default bounds, the slowest ones in (750, 1000], max 805.
      // 100 observations: 60 in (100, 250], 30 in (250, 500], 5 in (500, 750], 5 in (750, 1000]; min 120.
      const counts = [0, 0, 0, 0, 0, 0, 0, 60, 30, 5, 5, 0, 0, 0, 0, 0];
      const b = explicitBuckets(DEFAULT_MS_BOUNDS, counts, 120, 805);
      const range = { min: 120, max: 805 };
      // Over the whole bucket p99 (rank 99, 4 of the 5 in the top bucket) would be 750 + 250 × 0.8 = 950 > max.
      close(bucketQuantile(0.99, b), 950);
      // Those 5 lie in (750, 805]: 750 + 55 × 0.8 = 794.
      close(bucketQuantile(0.99, b, range), 794);
      assert.ok(bucketQuantile(1, b, range)! <= 805);
      close(bucketQuantile(1, b, range), 805);
      // The low end likewise: p1 (rank 1, 1 of 60 in (100, 250]) from 120 up: 120 + 130 / 60.
      close(bucketQuantile(0.01, b, range), 120 + 130 / 60);
      // Buckets inside [min, max] are untouched: p75 (rank 75 in (250, 500], 15 of 30) = 250 + 250 × 0.5 = 375.
      close(bucketQuantile(0.75, b, range), 375);
    });

    it('keeps an estimate within max even when a bucket lies wholly above it (counts and max from different periods)', () => {
      // Counts put p99 in (2500, 5000], yet max says 2025 (4,950 over the bucket); the estimate stays at max.
      const b = explicitBuckets([1000, 2500, 5000], [0, 5, 5, 0]);
      assert.equal(bucketQuantile(0.99, b, { max: 2025 }), 2025);
      // An open-ended bucket's answer (its lower bound) is kept within too.
      assert.equal(bucketQuantile(0.99, explicitBuckets([10], [1, 9]), { max: 8 }), 8);
    });

    it('skips empty buckets and answers undefined without observations', () => {
      // [2, 0, 2]: rank 2 (p50) is reached at the end of the first bucket: its upper bound 10.
      close(bucketQuantile(0.5, explicitBuckets([10, 20], [2, 0, 2])), 10);
      // p75: rank 3 → (20, +inf): 20.
      close(bucketQuantile(0.75, explicitBuckets([10, 20], [2, 0, 2])), 20);
      assert.equal(bucketQuantile(0.5, explicitBuckets([10], [0, 0])), undefined);
    });

    it('keeps a first bucket with a non-positive bound open downwards', () => {
      // bounds -5, 5: first bucket (-inf, -5]; p25 of [4, 4, 8] → rank 4, in it: its upper bound -5.
      const b = explicitBuckets([-5, 5], [4, 4, 8]);
      assert.equal(b[0].lower, -Infinity);
      close(bucketQuantile(0.25, b), -5);
      // p50 → rank 8 → (-5, 5], 4 of 4: 5.
      close(bucketQuantile(0.5, b), 5);
    });

    it('places values on an equal-width bucket chart', () => {
      const b = explicitBuckets(bounds, counts);
      close(bucketPosition(30, b), 2 + 10 / 30); // (20,50]: slot 2, a third of the way
      close(bucketPosition(5, b), 0.5);
      close(bucketPosition(70, b), 3.5); // open-ended: the middle of its slot
    });

    it('subtracts cumulative bucket counts, and refuses across a reset', () => {
      assert.deepEqual(bucketCountsDelta([1, 2, 3], [2, 2, 5]), [1, 0, 2]);
      assert.equal(bucketCountsDelta([1, 2, 3], [0, 2, 5]), undefined);
      assert.equal(bucketCountsDelta([1, 2], [1, 2, 3]), undefined);
    });
  });

  describe('exponential histograms', () => {
    it('computes bucket bounds from scale and index', () => {
      // scale 0: base 2, bucket 3 = (8, 16]
      assert.deepEqual(exponentialBucketBounds(0, 3), [8, 16]);
      // scale 1: base √2, bucket -2 = (2^-1, 2^-0.5] = (0.5, 0.7071…]
      const [lo, hi] = exponentialBucketBounds(1, -2);
      close(lo, 0.5);
      close(hi, Math.SQRT1_2);
      // scale -1: base 4, bucket 2 = (16, 64]
      assert.deepEqual(exponentialBucketBounds(-1, 2), [16, 64]);
    });

    it('orders negative, zero and positive buckets and estimates quantiles', () => {
      // scale 0, positive offset 0 counts [1, 2, 1] → (1,2], (2,4], (4,8]; zero bucket 0 ± 0 with 0: left out.
      const pos = exponentialBuckets({ scale: 0, zeroCount: 0, zeroThreshold: 0, positive: { offset: 0, bucketCounts: [1, 2, 1] }, negative: { offset: 0, bucketCounts: [] } });
      assert.deepEqual(pos.map((b) => [b.lower, b.upper, b.count]), [[1, 2, 1], [2, 4, 2], [4, 8, 1]]);
      // p50: rank 2 → (2,4], 1 of 2: 2 + 2 × 1/2 = 3. p99: rank 3.96 → (4,8], 0.96 of 1: 4 + 4 × 0.96 = 7.84.
      close(bucketQuantile(0.5, pos), 3);
      close(bucketQuantile(0.99, pos), 7.84);

      // Negative offset 1 counts [2] → index 1 = [-4, -2); zero bucket [-0.5, 0.5] with 1; positive offset 1 [1] → (2, 4].
      const mixed = exponentialBuckets({ scale: 0, zeroCount: 1, zeroThreshold: 0.5, positive: { offset: 1, bucketCounts: [1] }, negative: { offset: 1, bucketCounts: [2] } });
      assert.deepEqual(mixed.map((b) => [b.lower, b.upper, b.count]), [[-4, -2, 2], [-0.5, 0.5, 1], [2, 4, 1]]);
      // p25: rank 1 → first bucket, 1 of 2: -4 + 2 × 1/2 = -3.
      close(bucketQuantile(0.25, mixed), -3);
      // p50: rank 2 → end of the first bucket: -2.
      close(bucketQuantile(0.5, mixed), -2);
      // p62.5: rank 2.5 → zero bucket, 0.5 of 1: -0.5 + 1 × 0.5 = 0.
      close(bucketQuantile(0.625, mixed), 0);
    });

    it('keeps exponential-histogram estimates within the recorded max', () => {
      // (1,2], (2,4], (4,8] with 1, 2, 1 and max 5: p99 over the whole top bucket is 7.84; it held values up to 5.
      const pos = exponentialBuckets({ scale: 0, zeroCount: 0, zeroThreshold: 0, positive: { offset: 0, bucketCounts: [1, 2, 1] }, negative: { offset: 0, bucketCounts: [] } });
      close(bucketQuantile(0.99, pos, { min: 1.5, max: 5 }), 4 + 1 * 0.96);
    });

    it('trims empty buckets at both ends', () => {
      const b = exponentialBuckets({ scale: 0, zeroCount: 0, zeroThreshold: 0, positive: { offset: -1, bucketCounts: [0, 3, 0, 1, 0] }, negative: { offset: 0, bucketCounts: [0] } });
      // indexes -1..3: keep 0..2 → (1,2], (2,4], (4,8]
      assert.deepEqual(b.map((x) => [x.lower, x.upper, x.count]), [[1, 2, 3], [2, 4, 0], [4, 8, 1]]);
    });

    it('subtracts cumulative points across a downscale', () => {
      // prev at scale 1: indexes 2, 3 hold 1, 1. At scale 0 they merge into index 1 (2 >> 1 = 3 >> 1 = 1): 2.
      // cur at scale 0: indexes 1, 2 hold 3, 4. The delta: index 1 → 3 - 2 = 1, index 2 → 4.
      const prev = { scale: 1, zeroCount: 1, zeroThreshold: 0, positive: { offset: 2, bucketCounts: [1, 1] }, negative: { offset: 0, bucketCounts: [] } };
      const cur = { scale: 0, zeroCount: 3, zeroThreshold: 0, positive: { offset: 1, bucketCounts: [3, 4] }, negative: { offset: 0, bucketCounts: [] } };
      const d = exponentialDelta(prev, cur)!;
      assert.deepEqual([d.scale, d.zeroCount, d.positive.offset, d.positive.bucketCounts], [0, 2, 1, [1, 4]]);
      // A reset: cur holds less than prev somewhere.
      assert.equal(exponentialDelta(cur, prev), undefined);
    });
  });
});
