/**
 * The arithmetic behind the metric chart: counter rates over a window of several points (as Prometheus' rate()
 * reads a range), histogram quantiles from bucket counts (Prometheus' histogram_quantile: linear interpolation
 * inside the bucket holding the rank, kept within the min and max the point recorded), and the bucket bounds of
 * OTel exponential histograms from their scale and offset.
 */

/** A point of a line: Unix milliseconds and a value. */
export interface XY {
  t: number;
  v: number;
}

/** One cumulative or delta number point, as the store keeps it (times in Unix nanoseconds). */
export interface SumSample {
  timeUnixNano: number;
  startTimeUnixNano: number;
  value: number;
}

/**
 * The window rates are averaged over, from the whole minutes and hours people use with rate(): the smallest that
 * spans four of the series' usual export intervals (the median gap between its points), so each rate rests on
 * several points, as the Prometheus docs advise for a range. A minute at least: with an app exporting every
 * second, a counter that moves every few seconds still reads as its average, not as a 0↔1 sawtooth; and a whole
 * minute holds a whole number of any period that divides it. Past the ladder, whole hours.
 */
export function rateWindowMs(points: readonly { timeUnixNano: number }[]): number {
  const gap = medianGapMs(points);
  const wanted = gap === undefined ? 0 : 4 * gap;
  for (const m of RATE_WINDOW_MINUTES) if (m * 60_000 >= wanted) return m * 60_000;
  return Math.ceil(wanted / 3_600_000) * 3_600_000;
}

const RATE_WINDOW_MINUTES = [1, 2, 5, 10, 15, 30, 60];

/** The median time between neighbouring points, in ms; undefined with fewer than two distinct times. */
export function medianGapMs(points: readonly { timeUnixNano: number }[]): number | undefined {
  const gaps: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const d = (points[i].timeUnixNano - points[i - 1].timeUnixNano) / 1e6;
    if (d > 0) gaps.push(d);
  }
  if (!gaps.length) return undefined;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
}

/**
 * Index of the point (before `i`, and earlier than `t`) whose time `timeOf` is nearest to `target`; on a tie, the
 * earlier one (the longer span). Points are scanned back from i - 1 and the scan stops once past the target.
 */
function nearestBefore(i: number, t: number, target: number, timeOf: (k: number) => number): number | undefined {
  let best: number | undefined;
  for (let k = i; k >= 0; k--) {
    const tk = timeOf(k);
    if (!(tk < t)) continue;
    if (best === undefined || Math.abs(tk - target) <= Math.abs(timeOf(best) - target)) best = k;
    if (tk <= target) break;
  }
  return best;
}

/**
 * Per-second rate of a cumulative monotonic sum at each point, averaged over `windowMs` back from it: the counter's
 * increase since the point nearest to the window's start, over the time between the two. Each rate is measured
 * between two real points, so, unlike Prometheus (whose range ends at an arbitrary instant), nothing is
 * extrapolated; where the points do not reach back a whole window yet, the span they cover is used. With a window
 * of 0, neighbouring points. A drop means the counter restarted from zero (a process restart), as Prometheus
 * reads it: the increase across it is then the new value itself. A later start time means the same thing even
 * without a drop.
 */
export function cumulativeRate(points: readonly SumSample[], windowMs = 0): XY[] {
  // Reset-adjusted increase from the first point to each point.
  const total: number[] = [0];
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1];
    const cur = points[i];
    const restarted = cur.value < prev.value || (cur.startTimeUnixNano > 0 && prev.startTimeUnixNano > 0 && cur.startTimeUnixNano > prev.startTimeUnixNano);
    total.push(total[i - 1] + (restarted ? cur.value : cur.value - prev.value));
  }
  const out: XY[] = [];
  const windowNano = windowMs * 1e6;
  for (let i = 1; i < points.length; i++) {
    const t = points[i].timeUnixNano;
    const j = nearestBefore(i - 1, t, t - windowNano, (k) => points[k].timeUnixNano);
    if (j === undefined) continue;
    out.push({ t: t / 1e6, v: (total[i] - total[j]) / ((t - points[j].timeUnixNano) / 1e9) });
  }
  return out;
}

/**
 * Per-second rate of a delta sum at each point, averaged over `windowMs` back from it: the values of the points
 * whose intervals cover the window, over the time from the start of the first of them (the one starting nearest to
 * the window's start) to this point. A point's interval runs from its start time; without one, from the previous
 * point. Gaps between intervals count as time with nothing counted, which is what a delta exporter that skips
 * idle intervals means. With a window of 0, each point over its own interval.
 */
export function deltaRate(points: readonly SumSample[], windowMs = 0): XY[] {
  const from = points.map((p, i) => (p.startTimeUnixNano > 0 && p.startTimeUnixNano < p.timeUnixNano ? p.startTimeUnixNano : i > 0 ? points[i - 1].timeUnixNano : NaN));
  const sum: number[] = [];
  for (let i = 0; i < points.length; i++) sum.push((i > 0 ? sum[i - 1] : 0) + points[i].value);
  const out: XY[] = [];
  const windowNano = windowMs * 1e6;
  for (let i = 0; i < points.length; i++) {
    const t = points[i].timeUnixNano;
    const m = nearestBefore(i, t, t - windowNano, (k) => (Number.isNaN(from[k]) ? Infinity : from[k]));
    if (m === undefined) continue;
    out.push({ t: t / 1e6, v: (sum[i] - (m > 0 ? sum[m - 1] : 0)) / ((t - from[m]) / 1e9) });
  }
  return out;
}

/** A histogram bucket with its bounds; observations fall in (lower, upper] (the zero bucket holds its bounds). */
export interface Bucket {
  lower: number;
  upper: number;
  count: number;
}

/**
 * OTel explicit buckets as bounded buckets: `bounds` b0 < b1 < … hold bucketCounts.length - 1 bounds; bucket i
 * holds (b[i-1], b[i]], the first (-inf, b0] and the last (b[n-1], +inf). As Prometheus does, the first bucket
 * starts at 0 when b0 > 0 (observations are assumed non-negative). When the point carries min or max they
 * replace the open ends, which only sharpens the estimate.
 */
export function explicitBuckets(bounds: readonly number[], counts: readonly number[], min?: number, max?: number): Bucket[] {
  const out: Bucket[] = [];
  for (let i = 0; i < counts.length; i++) {
    let lower = i === 0 ? (bounds.length > 0 && bounds[0] > 0 ? 0 : -Infinity) : bounds[i - 1];
    let upper = i < bounds.length ? bounds[i] : Infinity;
    if (i === 0 && min !== undefined && Number.isFinite(min) && min <= upper) lower = Math.min(min, upper);
    if (i === counts.length - 1 && max !== undefined && Number.isFinite(max) && max >= lower) upper = Math.max(max, lower);
    out.push({ lower, upper, count: counts[i] });
  }
  return out;
}

/**
 * The bounds of exponential-histogram bucket `index` at `scale`: base = 2^(2^-scale), and the positive bucket
 * at index i holds (base^i, base^(i+1)]. Computed as 2^(i·2^-scale), exact for whole powers of two.
 */
export function exponentialBucketBounds(scale: number, index: number): [lower: number, upper: number] {
  const step = Math.pow(2, -scale);
  return [Math.pow(2, index * step), Math.pow(2, (index + 1) * step)];
}

export interface ExponentialSample {
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: { offset: number; bucketCounts: readonly number[] };
  negative: { offset: number; bucketCounts: readonly number[] };
}

/**
 * An exponential histogram as bounded buckets in ascending order: negative buckets (mirrored: index i holds
 * [-base^(i+1), -base^i)), the zero bucket [-zeroThreshold, zeroThreshold], then the positive ones. Empty
 * buckets at either end are left out; the zero bucket only when it holds something.
 */
export function exponentialBuckets(p: ExponentialSample): Bucket[] {
  const out: Bucket[] = [];
  const neg = p.negative.bucketCounts;
  for (let k = neg.length - 1; k >= 0; k--) {
    const [lo, hi] = exponentialBucketBounds(p.scale, p.negative.offset + k);
    out.push({ lower: -hi, upper: -lo, count: neg[k] });
  }
  if (p.zeroCount > 0) out.push({ lower: -p.zeroThreshold, upper: p.zeroThreshold, count: p.zeroCount });
  const pos = p.positive.bucketCounts;
  for (let k = 0; k < pos.length; k++) {
    const [lo, hi] = exponentialBucketBounds(p.scale, p.positive.offset + k);
    out.push({ lower: lo, upper: hi, count: pos[k] });
  }
  let first = 0;
  while (first < out.length && out[first].count === 0) first++;
  let last = out.length - 1;
  while (last >= first && out[last].count === 0) last--;
  return out.slice(first, last + 1);
}

/** What a point recorded about its observations besides the buckets: OTLP histograms may carry min and max. */
export interface ObservedRange {
  min?: number;
  max?: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) of bucketed observations, as Prometheus' histogram_quantile estimates it: the rank
 * q·total falls in the first bucket whose cumulative count reaches it, and the value is interpolated linearly
 * between that bucket's bounds. A rank in a bucket open to -inf gives its upper bound; open to +inf, its lower
 * bound. Undefined when there are no observations.
 *
 * When the point recorded its min and max, no observation lies outside them: the bucket is narrowed to them
 * before interpolating (a top bucket of (750, 1000] with max 805 holds values up to 805, not 1000), and the
 * estimate never leaves [min, max]. Interpolating over the whole bucket claimed a p99 above the recorded max.
 */
export function bucketQuantile(q: number, buckets: readonly Bucket[], observed: ObservedRange = {}): number | undefined {
  let total = 0;
  for (const b of buckets) total += b.count > 0 ? b.count : 0;
  if (!(total > 0) || Number.isNaN(q)) return undefined;
  const rank = Math.min(1, Math.max(0, q)) * total;
  const min = observed.min !== undefined && Number.isFinite(observed.min) ? observed.min : -Infinity;
  const max = observed.max !== undefined && Number.isFinite(observed.max) && observed.max >= min ? observed.max : Infinity;
  const within = (v: number): number => Math.min(max, Math.max(min, v));
  let below = 0;
  for (const b of buckets) {
    if (!(b.count > 0)) continue;
    if (below + b.count >= rank) {
      if (b.upper === Infinity) return within(b.lower);
      if (b.lower === -Infinity) return within(b.upper);
      const lower = Math.max(b.lower, min);
      const upper = Math.min(b.upper, max);
      // A bucket wholly outside [min, max] means the two disagree (they cover a longer period than the counts):
      // interpolate over the bucket, then keep within.
      if (lower > upper) return within(b.lower + (b.upper - b.lower) * ((rank - below) / b.count));
      return lower + (upper - lower) * ((rank - below) / b.count);
    }
    below += b.count;
  }
  // Only rounding can get here; the rank is then the last observation.
  const last = [...buckets].reverse().find((b) => b.count > 0)!;
  return within(last.upper === Infinity ? last.lower : last.upper);
}

/** Where a value falls on a bucket chart drawn with one equal-width slot per bucket: slot index + fraction. */
export function bucketPosition(value: number, buckets: readonly Bucket[]): number {
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i];
    if (value <= b.upper || i === buckets.length - 1) {
      if (b.lower === -Infinity || b.upper === Infinity || b.upper === b.lower) return i + (value >= b.upper ? 1 : 0.5);
      return i + Math.min(1, Math.max(0, (value - b.lower) / (b.upper - b.lower)));
    }
  }
  return 0;
}

/**
 * The observations between two cumulative histogram points, bucket by bucket. Undefined when they cannot be
 * subtracted: other bounds, or a drop in the count (a reset: the later point then stands for its own interval).
 */
export function bucketCountsDelta(prev: readonly number[], cur: readonly number[]): number[] | undefined {
  if (prev.length !== cur.length) return undefined;
  const out: number[] = [];
  for (let i = 0; i < cur.length; i++) {
    const d = cur[i] - prev[i];
    if (d < 0) return undefined;
    out.push(d);
  }
  return out;
}

/**
 * The observations between two cumulative exponential-histogram points. The later point may use a smaller
 * scale (SDKs downscale as the range grows): both are brought to the smaller scale first, where bucket i of
 * scale s falls in bucket i >> (s - s') of scale s'. Undefined on a reset (any bucket or the zero count drops).
 */
export function exponentialDelta(prev: ExponentialSample, cur: ExponentialSample): ExponentialSample | undefined {
  const scale = Math.min(prev.scale, cur.scale);
  if (prev.zeroThreshold !== cur.zeroThreshold) return undefined;
  const zeroCount = cur.zeroCount - prev.zeroCount;
  if (zeroCount < 0) return undefined;
  const positive = subtractRange(downscale(prev.positive, prev.scale - scale), downscale(cur.positive, cur.scale - scale));
  const negative = subtractRange(downscale(prev.negative, prev.scale - scale), downscale(cur.negative, cur.scale - scale));
  if (!positive || !negative) return undefined;
  return { scale, zeroCount, zeroThreshold: cur.zeroThreshold, positive, negative };
}

function downscale(b: { offset: number; bucketCounts: readonly number[] }, by: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let k = 0; k < b.bucketCounts.length; k++) {
    // An arithmetic shift floors, which is what merging buckets needs for negative indexes too.
    const index = (b.offset + k) >> by;
    out.set(index, (out.get(index) ?? 0) + b.bucketCounts[k]);
  }
  return out;
}

function subtractRange(prev: Map<number, number>, cur: Map<number, number>): { offset: number; bucketCounts: number[] } | undefined {
  for (const [i, c] of prev) if ((cur.get(i) ?? 0) < c) return undefined;
  const indexes = [...cur.keys()];
  if (indexes.length === 0) return { offset: 0, bucketCounts: [] };
  const lo = Math.min(...indexes);
  const hi = Math.max(...indexes);
  const bucketCounts: number[] = [];
  for (let i = lo; i <= hi; i++) bucketCounts.push((cur.get(i) ?? 0) - (prev.get(i) ?? 0));
  return { offset: lo, bucketCounts };
}
