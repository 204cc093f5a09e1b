/**
 * Delta temporality → cumulative, which is all Prometheus understands: each delta series keeps a running total
 * that every newly arrived point adds to. Points are taken from the store's ring by identity (everything after
 * the last one taken), so a point is counted once however often the exposition is rendered.
 *
 * A point that does not start at or after the end of the total so far (a resend, or one out of order) would
 * count twice: it is dropped and counted. A histogram whose bounds change starts a new total (the old buckets
 * cannot be split). A series quiet for longer than the expiry starts from zero when it comes back.
 */
import type { ExponentialHistogramPoint, HistogramPoint, MetricKind, MetricPoint, NumberPoint } from '../model/records';
import type { Series } from '../store/series';
import { isLive } from './expiry';
import { mergeExponential } from './exponential';

/** DataPointFlags bit 0: the point holds no value. */
const NO_RECORDED_VALUE = 1;

interface RunningTotal {
  total: MetricPoint;
  /** The newest point taken in, found again in the ring by identity. */
  last: MetricPoint;
  /** When a point was last taken in (store clock). */
  updatedMs: number;
}

export interface AccumulatorCounts {
  /** Delta points added to a running total. */
  added: number;
  /** Points dropped because they overlap the total (resent or out of order). */
  overlapping: number;
  /** Points the store's ring evicted before they were taken in (more arrived between two looks than it holds). */
  missed: number;
  /** Totals started again: histogram bounds changed. */
  restarted: number;
}

export class DeltaAccumulator {
  private readonly totals = new WeakMap<Series, RunningTotal>();
  readonly counts: AccumulatorCounts = { added: 0, overlapping: 0, missed: 0, restarted: 0 };

  constructor(private readonly expireAfterMs: () => number) {}

  /** Takes in the points that arrived since the last call; returns the running total, if any. */
  total(kind: MetricKind, series: Series, nowMs: number): MetricPoint | undefined {
    let state = this.totals.get(series);
    const latest = series.latest();
    if (!latest || (state && state.last === latest)) return state?.total;
    const points = series.points.toArray();
    let from = 0;
    if (state) {
      const at = points.lastIndexOf(state.last);
      if (at < 0) this.counts.missed++;
      from = at + 1;
      if (!isLive(state.updatedMs, nowMs, this.expireAfterMs())) state = undefined;
    }
    for (let i = from; i < points.length; i++) {
      const p = points[i];
      if (p.flags & NO_RECORDED_VALUE) continue;
      if (!state) {
        state = { total: p, last: p, updatedMs: nowMs };
        this.counts.added++;
        continue;
      }
      const sum = add(kind, state.total, p);
      if (sum === 'overlap') this.counts.overlapping++;
      else {
        if (sum === 'restart') this.counts.restarted++;
        state.total = sum === 'restart' ? p : sum;
        this.counts.added++;
      }
      state.updatedMs = nowMs;
    }
    if (!state) return undefined;
    state.last = points[points.length - 1];
    this.totals.set(series, state);
    return state.total;
  }
}

/** The total with one more delta point in it; 'overlap' when the point would count twice, 'restart' when it cannot be added. */
function add(kind: MetricKind, total: MetricPoint, p: MetricPoint): MetricPoint | 'overlap' | 'restart' {
  if (p.timeUnixNano <= total.timeUnixNano || p.startTimeUnixNano < total.timeUnixNano) return 'overlap';
  switch (kind) {
    case 'histogram': {
      const t = total as HistogramPoint;
      const d = p as HistogramPoint;
      if (!sameBounds(t, d)) return 'restart';
      return {
        attributes: d.attributes,
        startTimeUnixNano: t.startTimeUnixNano,
        timeUnixNano: d.timeUnixNano,
        flags: d.flags,
        count: t.count + d.count,
        sum: t.sum !== undefined && d.sum !== undefined ? t.sum + d.sum : undefined,
        min: t.min !== undefined && d.min !== undefined ? Math.min(t.min, d.min) : undefined,
        max: t.max !== undefined && d.max !== undefined ? Math.max(t.max, d.max) : undefined,
        explicitBounds: t.explicitBounds,
        bucketCounts: t.bucketCounts.map((n, i) => n + d.bucketCounts[i]),
      } satisfies HistogramPoint;
    }
    case 'exponentialHistogram':
      return mergeExponential(total as ExponentialHistogramPoint, p as ExponentialHistogramPoint);
    default: {
      const t = total as NumberPoint;
      const d = p as NumberPoint;
      return { attributes: d.attributes, startTimeUnixNano: t.startTimeUnixNano, timeUnixNano: d.timeUnixNano, flags: d.flags, value: t.value + d.value } satisfies NumberPoint;
    }
  }
}

function sameBounds(a: HistogramPoint, b: HistogramPoint): boolean {
  if (a.explicitBounds.length !== b.explicitBounds.length || a.bucketCounts.length !== b.bucketCounts.length) return false;
  for (let i = 0; i < a.explicitBounds.length; i++) if (a.explicitBounds[i] !== b.explicitBounds[i]) return false;
  return true;
}
