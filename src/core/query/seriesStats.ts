/**
 * The numbers the query API gives for one Series: its latest value, its rate over the window the metric panel uses
 * (monotonic sums, and the count of histograms: "requests per second"), and the p50/p90/p99 of its latest
 * distribution, by the same arithmetic as the panel (metricMath), in the metric's own unit.
 */
import { pointValue } from '../format/pointSummary';
import type { ExponentialHistogramPoint, HistogramPoint, MetricPoint, NumberPoint, SummaryPoint } from '../model/records';
import type { MetricStream } from '../store/metricStream';
import { bucketQuantile, cumulativeRate, deltaRate, explicitBuckets, exponentialBuckets, rateWindowMs, type Bucket, type SumSample } from '../views/metricMath';
import type { SeriesJson } from './queryTypes';

export type SeriesStats = Pick<SeriesJson, 'latest' | 'rate' | 'quantiles' | 'histogram'>;

/** Points flagged "no recorded value" (DataPointFlags bit 0) are gaps, not zeros. */
function recorded<T extends MetricPoint>(points: readonly T[]): T[] {
  return points.filter((p) => (p.flags & 1) === 0);
}

export function seriesStats(stream: Pick<MetricStream, 'kind' | 'temporality' | 'monotonic'>, points: readonly MetricPoint[]): SeriesStats {
  const ps = recorded(points);
  const last = ps[ps.length - 1];
  const out: SeriesStats = { latest: last ? finite(pointValue(stream.kind, last)) : null, rate: null, quantiles: null, histogram: null };
  if (!last) return out;
  const rateOf = (samples: SumSample[]): SeriesStats['rate'] => {
    if (stream.temporality !== 'cumulative' && stream.temporality !== 'delta') return null;
    const windowMs = rateWindowMs(samples);
    const rates = stream.temporality === 'delta' ? deltaRate(samples, windowMs) : cumulativeRate(samples, windowMs);
    const now = rates[rates.length - 1];
    return now && Number.isFinite(now.v) ? { perSecond: now.v, windowMs } : null;
  };
  switch (stream.kind) {
    case 'sum':
      if (stream.monotonic) out.rate = rateOf((ps as NumberPoint[]).map(sample((p) => p.value)));
      break;
    case 'histogram':
    case 'exponentialHistogram': {
      const hs = ps as (HistogramPoint | ExponentialHistogramPoint)[];
      out.rate = rateOf(hs.map(sample((p) => p.count)));
      const p = last as HistogramPoint | ExponentialHistogramPoint;
      const buckets: Bucket[] =
        stream.kind === 'histogram' ? explicitBuckets((p as HistogramPoint).explicitBounds, (p as HistogramPoint).bucketCounts, p.min, p.max) : exponentialBuckets(p as ExponentialHistogramPoint);
      const q = (x: number) => finite(bucketQuantile(x, buckets, p));
      out.quantiles = { p50: q(0.5), p90: q(0.9), p99: q(0.99), window: stream.temporality === 'delta' ? 'last interval' : 'since the series started' };
      out.histogram = { count: p.count, sum: finite(p.sum), min: finite(p.min), max: finite(p.max) };
      break;
    }
    case 'summary': {
      const p = last as SummaryPoint;
      const at = (x: number) => finite(p.quantileValues.find((v) => Math.abs(v.quantile - x) < 1e-9)?.value);
      out.quantiles = { p50: at(0.5), p90: at(0.9), p99: at(0.99), window: 'as the app computed them' };
      out.histogram = { count: p.count, sum: finite(p.sum), min: null, max: null };
      break;
    }
    case 'gauge':
      break;
  }
  return out;
}

function sample<T extends { timeUnixNano: number; startTimeUnixNano: number }>(value: (p: T) => number): (p: T) => SumSample {
  return (p) => ({ timeUnixNano: p.timeUnixNano, startTimeUnixNano: p.startTimeUnixNano, value: value(p) });
}

/** JSON has no Infinity or NaN. */
function finite(n: number | undefined): number | null {
  return n !== undefined && Number.isFinite(n) ? n : null;
}
