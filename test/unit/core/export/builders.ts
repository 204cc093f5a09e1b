import type { AttributeValue } from '../../../../src/core/model/attributes';
import type {
  ExponentialHistogramPoint,
  HistogramPoint,
  MetricRecord,
  MetricsPayload,
  NumberPoint,
  Scope,
  SummaryPoint,
  Temporality,
} from '../../../../src/core/model/records';
import { attrs, batch } from '../../../helpers/records';

/** Builders for metric records as the decoders produce them, for the exporter's tests. */
export const SECOND = 1e9;
export const T0 = 1.7e18;

export const testScope: Scope = { name: 'shop.checkout', version: '2.1.0', attributes: attrs() };

type Attr = Record<string, AttributeValue>;

export function num(value: number, o: { attributes?: Attr; start?: number; time?: number; flags?: number } = {}): NumberPoint {
  return { attributes: attrs(o.attributes ?? {}), startTimeUnixNano: o.start ?? T0, timeUnixNano: o.time ?? T0 + SECOND, flags: o.flags ?? 0, value };
}

export function hist(
  bounds: number[],
  counts: number[],
  o: { attributes?: Attr; start?: number; time?: number; sum?: number } = {},
): HistogramPoint {
  return {
    attributes: attrs(o.attributes ?? {}),
    startTimeUnixNano: o.start ?? T0,
    timeUnixNano: o.time ?? T0 + SECOND,
    flags: 0,
    count: counts.reduce((a, b) => a + b, 0),
    sum: o.sum,
    explicitBounds: bounds,
    bucketCounts: counts,
  };
}

export function metric(
  kind: MetricRecord['kind'],
  name: string,
  points: (NumberPoint | HistogramPoint | ExponentialHistogramPoint | SummaryPoint)[],
  o: { unit?: string; description?: string; temporality?: Temporality; monotonic?: boolean; scope?: Scope } = {},
): MetricRecord {
  const base = { name, description: o.description ?? '', unit: o.unit ?? '', scope: o.scope ?? testScope };
  switch (kind) {
    case 'gauge':
      return { ...base, kind, temporality: 'unspecified', points: points as NumberPoint[] };
    case 'sum':
      return { ...base, kind, temporality: o.temporality ?? 'cumulative', monotonic: o.monotonic ?? true, points: points as NumberPoint[] };
    case 'histogram':
      return { ...base, kind, temporality: o.temporality ?? 'cumulative', points: points as HistogramPoint[] };
    case 'exponentialHistogram':
      return { ...base, kind, temporality: o.temporality ?? 'cumulative', points: points as ExponentialHistogramPoint[] };
    default:
      return { ...base, kind: 'summary', temporality: 'unspecified', points: points as SummaryPoint[] };
  }
}

export function payload(resource: Attr, ...metrics: MetricRecord[]): MetricsPayload {
  return [batch(resource, metrics)];
}

/** The sample lines (no comments) of an exposition, for assertions that do not care about order of families. */
export function samples(text: string): string[] {
  return text.split('\n').filter((l) => l && !l.startsWith('#'));
}
