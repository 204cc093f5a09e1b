import type { MetricKind, MetricPoint, HistogramPoint, NumberPoint, SummaryPoint, ExponentialHistogramPoint } from '../model/records';
import { formatNumber } from './format';
import { withUnit } from './units';

/** The latest point of a Series in one line: the value for gauges and sums, count/sum/mean for distributions. */
export function summarizePoint(kind: MetricKind, point: MetricPoint | undefined, unit: string): string {
  if (!point) return 'no points';
  switch (kind) {
    case 'gauge':
    case 'sum':
      return withUnit(formatNumber((point as NumberPoint).value), unit);
    case 'histogram':
    case 'exponentialHistogram': {
      const p = point as HistogramPoint | ExponentialHistogramPoint;
      const parts = [`count ${formatNumber(p.count)}`];
      if (p.sum !== undefined) {
        parts.push(`sum ${withUnit(formatNumber(p.sum), unit)}`);
        if (p.count > 0) parts.push(`mean ${withUnit(formatNumber(p.sum / p.count), unit)}`);
      }
      return parts.join(', ');
    }
    case 'summary': {
      const p = point as SummaryPoint;
      const parts = [`count ${formatNumber(p.count)}`, `sum ${withUnit(formatNumber(p.sum), unit)}`];
      for (const q of p.quantileValues) parts.push(`p${+(q.quantile * 100).toFixed(2)} ${withUnit(formatNumber(q.value), unit)}`);
      return parts.join(', ');
    }
  }
}

/** The point's main number for JSON and charts: the value, or the count for distributions. */
export function pointValue(kind: MetricKind, point: MetricPoint): number {
  return kind === 'gauge' || kind === 'sum' ? (point as NumberPoint).value : (point as HistogramPoint).count;
}
