import type { MetricKind, MetricRecord, Scope, Temporality } from '../model/records';
import type { Series } from './series';

/** A metric as one producer sends it: name, unit, kind and temporality. Its Series hang below. */
export class MetricStream {
  readonly series = new Map<string, Series>();
  description: string;
  lastUpdatedMs = 0;

  constructor(
    readonly key: string,
    readonly name: string,
    readonly unit: string,
    readonly kind: MetricKind,
    readonly temporality: Temporality,
    readonly monotonic: boolean,
    description: string,
    readonly scope: Scope,
  ) {
    this.description = description;
  }

  static keyOf(metric: MetricRecord): string {
    const monotonic = metric.kind === 'sum' && metric.monotonic ? 'm' : '';
    return `${metric.name}\u0000${metric.unit}\u0000${metric.kind}\u0000${metric.temporality}\u0000${monotonic}`;
  }
}
