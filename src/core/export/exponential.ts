/**
 * Exponential histograms in a format that has no native histograms. The text format 0.0.4 cannot carry them,
 * so each point becomes a classic histogram whose bucket bounds are powers of two (…, 0.5, 1, 2, 4, …):
 * those bounds are bucket boundaries at every scale ≥ 0, so the counts are exact, and they stay the same when
 * the producer rescales (an SDK lowers the scale as the range of values widens), which keeps each `le` series
 * continuous for rate() and histogram_quantile(). The price is resolution: one bucket per doubling.
 * A point at a negative scale (rare: a range beyond 2^160) keeps its own, coarser powers of two.
 */
import type { ExponentialBuckets, ExponentialHistogramPoint, HistogramPoint } from '../model/records';

/** The most buckets an accumulated point keeps per sign, as the OpenTelemetry SDKs' default maximum size. */
const MAX_EXPONENTIAL_BUCKETS = 160;

/** The same buckets at a scale `by` lower: 2^by neighbours merge into one (index i → floor(i / 2^by)). */
export function downscale(buckets: ExponentialBuckets, by: number): ExponentialBuckets {
  if (by <= 0 || buckets.bucketCounts.length === 0) return { offset: buckets.offset, bucketCounts: [...buckets.bucketCounts] };
  // Division, not `>>`: a shift counts modulo 32, and scales may differ by more.
  const factor = 2 ** by;
  const index = (i: number): number => Math.floor(i / factor);
  const offset = index(buckets.offset);
  const last = index(buckets.offset + buckets.bucketCounts.length - 1);
  const counts = new Array<number>(last - offset + 1).fill(0);
  for (let i = 0; i < buckets.bucketCounts.length; i++) counts[index(buckets.offset + i) - offset] += buckets.bucketCounts[i];
  return { offset, bucketCounts: counts };
}

function addBuckets(a: ExponentialBuckets, b: ExponentialBuckets): ExponentialBuckets {
  if (a.bucketCounts.length === 0) return { offset: b.offset, bucketCounts: [...b.bucketCounts] };
  if (b.bucketCounts.length === 0) return { offset: a.offset, bucketCounts: [...a.bucketCounts] };
  const offset = Math.min(a.offset, b.offset);
  const end = Math.max(a.offset + a.bucketCounts.length, b.offset + b.bucketCounts.length);
  const counts = new Array<number>(end - offset).fill(0);
  for (let i = 0; i < a.bucketCounts.length; i++) counts[a.offset + i - offset] += a.bucketCounts[i];
  for (let i = 0; i < b.bucketCounts.length; i++) counts[b.offset + i - offset] += b.bucketCounts[i];
  return { offset, bucketCounts: counts };
}

function span(b: ExponentialBuckets): number {
  return b.bucketCounts.length;
}

/**
 * Two points' observations in one point (a delta added to the running total): both are brought to the lower
 * scale, then lowered further while either sign needs more than MAX_EXPONENTIAL_BUCKETS buckets.
 */
export function mergeExponential(total: ExponentialHistogramPoint, delta: ExponentialHistogramPoint): ExponentialHistogramPoint {
  let scale = Math.min(total.scale, delta.scale);
  let positive = addBuckets(downscale(total.positive, total.scale - scale), downscale(delta.positive, delta.scale - scale));
  let negative = addBuckets(downscale(total.negative, total.scale - scale), downscale(delta.negative, delta.scale - scale));
  while (span(positive) > MAX_EXPONENTIAL_BUCKETS || span(negative) > MAX_EXPONENTIAL_BUCKETS) {
    positive = downscale(positive, 1);
    negative = downscale(negative, 1);
    scale--;
  }
  return {
    attributes: delta.attributes,
    startTimeUnixNano: total.startTimeUnixNano,
    timeUnixNano: delta.timeUnixNano,
    flags: delta.flags,
    count: total.count + delta.count,
    sum: total.sum !== undefined && delta.sum !== undefined ? total.sum + delta.sum : undefined,
    min: total.min !== undefined && delta.min !== undefined ? Math.min(total.min, delta.min) : undefined,
    max: total.max !== undefined && delta.max !== undefined ? Math.max(total.max, delta.max) : undefined,
    scale,
    zeroCount: total.zeroCount + delta.zeroCount,
    zeroThreshold: Math.max(total.zeroThreshold, delta.zeroThreshold),
    positive,
    negative,
  };
}

/**
 * The classic histogram of an exponential one, bounds at powers of two. A positive bucket at scale ≤ 0 holds
 * (2^(i·w), 2^((i+1)·w)] with w = 2^-scale, so its upper bound is its `le`; a negative one holds
 * [-2^((i+1)·w), -2^(i·w)), all of it at or below -2^(i·w); the zero bucket sits at `le` = its threshold.
 */
export function exponentialToClassic(point: ExponentialHistogramPoint): HistogramPoint {
  const scale = Math.min(point.scale, 0);
  const width = 2 ** -scale;
  const positive = downscale(point.positive, point.scale - scale);
  const negative = downscale(point.negative, point.scale - scale);
  const bounds: number[] = [];
  const counts: number[] = [];
  const put = (le: number, n: number): void => {
    if (!Number.isFinite(le)) return; // past the largest double: it is the +Inf bucket's
    if (bounds.length && le <= bounds[bounds.length - 1]) counts[counts.length - 1] += n;
    else {
      bounds.push(le);
      counts.push(n);
    }
  };
  for (let i = negative.bucketCounts.length - 1; i >= 0; i--) put(-(2 ** ((negative.offset + i) * width)), negative.bucketCounts[i]);
  if (point.zeroCount > 0 || (negative.bucketCounts.length > 0 && positive.bucketCounts.length > 0)) put(point.zeroThreshold, point.zeroCount);
  for (let i = 0; i < positive.bucketCounts.length; i++) put(2 ** ((positive.offset + i + 1) * width), positive.bucketCounts[i]);
  let inBounds = 0;
  for (const n of counts) inBounds += n;
  counts.push(Math.max(0, point.count - inBounds));
  return {
    attributes: point.attributes,
    startTimeUnixNano: point.startTimeUnixNano,
    timeUnixNano: point.timeUnixNano,
    flags: point.flags,
    count: point.count,
    sum: point.sum,
    min: point.min,
    max: point.max,
    explicitBounds: bounds,
    bucketCounts: counts,
  };
}
