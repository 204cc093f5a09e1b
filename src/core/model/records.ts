/**
 * The engine's records: what the OTLP decoders (protobuf and JSON, HTTP and gRPC) produce and the store keeps.
 * Times are Unix nanoseconds held in a double (about 0.25 µs precision today: plenty for a viewer, and far
 * cheaper than bigint on the hot path). Trace and span ids are lowercase hex strings, '' when absent.
 */
import type { AttributeValue, Attributes } from './attributes';

export type Signal = 'traces' | 'metrics' | 'logs';
export const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];

export interface Resource {
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface Scope {
  name: string;
  version: string;
  attributes: Attributes;
}

/** SpanKind as the OTLP enum numbers it. */
export const SpanKind = { Unspecified: 0, Internal: 1, Server: 2, Client: 3, Producer: 4, Consumer: 5 } as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];
export const SPAN_KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;

/** Status.code as the OTLP enum numbers it. */
export const StatusCode = { Unset: 0, Ok: 1, Error: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export interface SpanEvent {
  timeUnixNano: number;
  name: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  /** The OTLP number; values outside 0–5 from newer producers are kept as sent. */
  kind: number;
  startTimeUnixNano: number;
  endTimeUnixNano: number;
  attributes: Attributes;
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  statusCode: number;
  statusMessage: string;
  scope: Scope;
}

export type MetricKind = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

/** AggregationTemporality; 'unspecified' for gauges and summaries, which have none. */
export type Temporality = 'unspecified' | 'delta' | 'cumulative';

interface PointBase {
  attributes: Attributes;
  startTimeUnixNano: number;
  timeUnixNano: number;
  /** DataPointFlags; bit 0 = no recorded value. */
  flags: number;
}

/**
 * A sample measurement the producer kept with a point, with the span that was active when it was recorded: the
 * way from a slow bucket on a chart to the request that fell in it.
 */
export interface Exemplar {
  timeUnixNano: number;
  value: number;
  /** Lowercase hex; '' when the measurement was recorded outside a sampled span. */
  traceId: string;
  spanId: string;
  /** The measurement's attributes that the point's own attributes left out (filtered by a view). */
  filteredAttributes: Attributes;
}

/** Exemplars kept per point; further ones are dropped (SDKs keep a handful: one per bucket, or a few). */
export const MAX_EXEMPLARS_PER_POINT = 16;

export interface NumberPoint extends PointBase {
  value: number;
  /** Only present when the producer sent some. */
  exemplars?: Exemplar[];
}

export interface HistogramPoint extends PointBase {
  count: number;
  /** Absent when the producer did not record it (e.g. a histogram of values that may be negative). */
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts: number[];
  explicitBounds: number[];
  /** Only present when the producer sent some. */
  exemplars?: Exemplar[];
}

export interface ExponentialBuckets {
  offset: number;
  bucketCounts: number[];
}

export interface ExponentialHistogramPoint extends PointBase {
  count: number;
  sum?: number;
  min?: number;
  max?: number;
  scale: number;
  zeroCount: number;
  zeroThreshold: number;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
  /** Only present when the producer sent some. */
  exemplars?: Exemplar[];
}

export interface SummaryQuantile {
  quantile: number;
  value: number;
}

export interface SummaryPoint extends PointBase {
  count: number;
  sum: number;
  quantileValues: SummaryQuantile[];
}

export type MetricPoint = NumberPoint | HistogramPoint | ExponentialHistogramPoint | SummaryPoint;

interface MetricBase {
  name: string;
  description: string;
  unit: string;
  scope: Scope;
  /** Metric.metadata (a newer field); kept so nothing the app sent is lost. */
  metadata?: Attributes;
}

export interface GaugeMetric extends MetricBase {
  kind: 'gauge';
  temporality: 'unspecified';
  points: NumberPoint[];
}
export interface SumMetric extends MetricBase {
  kind: 'sum';
  temporality: Temporality;
  monotonic: boolean;
  points: NumberPoint[];
}
export interface HistogramMetric extends MetricBase {
  kind: 'histogram';
  temporality: Temporality;
  points: HistogramPoint[];
}
export interface ExponentialHistogramMetric extends MetricBase {
  kind: 'exponentialHistogram';
  temporality: Temporality;
  points: ExponentialHistogramPoint[];
}
export interface SummaryMetric extends MetricBase {
  kind: 'summary';
  temporality: 'unspecified';
  points: SummaryPoint[];
}

export type MetricRecord = GaugeMetric | SumMetric | HistogramMetric | ExponentialHistogramMetric | SummaryMetric;

export interface LogRecord {
  timeUnixNano: number;
  observedTimeUnixNano: number;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  attributes: Attributes;
  droppedAttributesCount: number;
  flags: number;
  traceId: string;
  spanId: string;
  eventName: string;
  scope: Scope;
}

/** One ResourceSpans/ResourceMetrics/ResourceLogs flattened: the resource and every item under it. */
export interface ResourceBatch<T> {
  resource: Resource;
  schemaUrl: string;
  items: T[];
}

export type TracesPayload = ResourceBatch<SpanRecord>[];
export type MetricsPayload = ResourceBatch<MetricRecord>[];
export type LogsPayload = ResourceBatch<LogRecord>[];

export interface PayloadBySignal {
  traces: TracesPayload;
  metrics: MetricsPayload;
  logs: LogsPayload;
}

/** Thrown by decoders for a body that is not a valid OTLP message; becomes a 400 / INVALID_ARGUMENT. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}
