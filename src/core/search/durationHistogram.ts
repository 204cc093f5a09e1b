/**
 * A duration histogram on a log scale with round bounds (1, 2, 5, 10, 20, 50 … ms: three buckets a decade), so
 * a 2 ms and a 2 s request both get a readable bar and every bound reads as a number people type in a filter.
 */

export interface HistogramBucket {
  /** Inclusive lower bound, ms (0 for the first bucket). */
  fromMs: number;
  /** Exclusive upper bound, ms; null for the last bucket, which has none. */
  toMs: number | null;
  count: number;
}

export interface DurationHistogram {
  /** From the first non-empty bucket to the last, empty ones between included; [] when nothing matched. */
  buckets: HistogramBucket[];
  maxCount: number;
  total: number;
}

/** The smallest bound: 1 µs. Shorter durations (and zero) share the first bucket. */
const MIN_DECADE = -3;
/** The largest bound: 5 × 10^6 ms, about 83 minutes; longer durations share the last bucket. */
const MAX_DECADE = 6;
const STEPS = [1, 2, 5] as const;
const BUCKETS = (MAX_DECADE - MIN_DECADE + 1) * STEPS.length + 1;

function lowerBound(index: number): number {
  if (index === 0) return 0;
  return lowerBoundOf(MIN_DECADE + Math.floor((index - 1) / STEPS.length), (index - 1) % STEPS.length);
}

/** The bucket a duration falls in: bucket k holds [lowerBound(k), lowerBound(k + 1)). */
export function bucketIndex(ms: number): number {
  if (!(ms >= 10 ** MIN_DECADE)) return 0;
  let decade = Math.floor(Math.log10(ms));
  // log10 may land a hair off at exact powers of ten.
  if (lowerBoundOf(decade + 1, 0) <= ms) decade++;
  else if (lowerBoundOf(decade, 0) > ms) decade--;
  if (decade > MAX_DECADE) return BUCKETS - 1;
  const mantissa = ms / lowerBoundOf(decade, 0);
  const step = mantissa >= 5 ? 2 : mantissa >= 2 ? 1 : 0;
  return 1 + (decade - MIN_DECADE) * STEPS.length + step;
}

function lowerBoundOf(decade: number, step: number): number {
  // Divided rather than multiplied below 1 ms, so bounds are exact where they can be (0.001 * 5 would not be).
  return decade >= 0 ? STEPS[step] * 10 ** decade : STEPS[step] / 10 ** -decade;
}

/** Counts durations as they come; `result()` trims the empty ends. */
export class DurationHistogramBuilder {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;

  add(ms: number): void {
    this.counts[bucketIndex(ms)]++;
    this.total++;
  }

  result(): DurationHistogram {
    let first = -1;
    let last = -1;
    let maxCount = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if (!this.counts[i]) continue;
      if (first === -1) first = i;
      last = i;
      if (this.counts[i] > maxCount) maxCount = this.counts[i];
    }
    const buckets: HistogramBucket[] = [];
    if (first !== -1) {
      for (let i = first; i <= last; i++) buckets.push({ fromMs: lowerBound(i), toMs: i + 1 < BUCKETS ? lowerBound(i + 1) : null, count: this.counts[i] });
    }
    return { buckets, maxCount, total: this.total };
  }
}

/** A bucket bound in the short form a filter takes back: `200µs`, `5ms`, `2s`, `100s`, `83.333m`. */
export function boundLabel(ms: number): string {
  const round = (n: number) => String(Math.round(n * 1000) / 1000);
  if (ms === 0) return '0';
  if (ms < 1) return `${round(ms * 1000)}µs`;
  if (ms < 1000) return `${round(ms)}ms`;
  if (ms < 1_000_000) return `${round(ms / 1000)}s`;
  return `${round(ms / 60_000)}m`;
}
