import type { MetricKind, MetricPoint, HistogramPoint, NumberPoint, SummaryPoint, ExponentialHistogramPoint } from '../model/records';
import { formatEpochValue } from './epochTime';
import { formatNumber } from './format';
import { withUnit } from './units';

/** What a summary may use besides the point: the metric's name (it may say the value is a time) and the clock. */
export interface SummaryContext {
  /** The MetricStream's name: `process_start_time_seconds` and the like hold times, not amounts. */
  name?: string;
  /** When given, a time is followed by its age: "(2 min ago)". */
  nowMs?: number;
}

/**
 * The latest point of a Series in one line: the value for gauges and sums (a gauge holding seconds since the
 * epoch as the time it stands for), count/sum/mean for distributions.
 */
export function summarizePoint(kind: MetricKind, point: MetricPoint | undefined, unit: string, context: SummaryContext = {}): string {
  if (!point) return 'no points';
  switch (kind) {
    case 'gauge':
    case 'sum': {
      const value = (point as NumberPoint).value;
      const time = kind === 'gauge' ? formatEpochValue(value, unit, context.name, context.nowMs) : undefined;
      return time ?? withUnit(formatNumber(value), unit);
    }
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
