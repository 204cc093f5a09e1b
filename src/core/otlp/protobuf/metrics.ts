/**
 * Protobuf decoding of ExportMetricsServiceRequest (opentelemetry/proto/collector/metrics/v1) into
 * MetricRecords. Exemplars are kept on number, histogram and exponential histogram points (up to
 * MAX_EXEMPLARS_PER_POINT each); a Metric with no data field the engine knows (none, or a type newer than this
 * decoder) is left out.
 */
import { newAttributes, type Attributes } from '../../model/attributes';
import { MAX_EXEMPLARS_PER_POINT } from '../../model/records';
import type {
  Exemplar,
  ExponentialBuckets,
  ExponentialHistogramPoint,
  HistogramPoint,
  MetricKind,
  MetricRecord,
  MetricsPayload,
  NumberPoint,
  Scope,
  SummaryPoint,
  Temporality,
} from '../../model/records';
import { decodeProtobufRequest, readAttribute, type ProtoSignalLayout } from './common';
import type { ProtoReader } from './reader';

const LAYOUT: ProtoSignalLayout<MetricRecord> = {
  messages: ['ExportMetricsServiceRequest', 'ResourceMetrics', 'ScopeMetrics'],
  decodeItem: decodeMetric,
};

export function decodeMetricsProtobuf(body: Uint8Array): MetricsPayload {
  return decodeProtobufRequest(body, LAYOUT);
}

/** AggregationTemporality enum → the engine's name. */
export function temporalityName(n: number): Temporality {
  return n === 1 ? 'delta' : n === 2 ? 'cumulative' : 'unspecified';
}

const METRIC_NAME = (1 << 3) | 2;
const METRIC_DESCRIPTION = (2 << 3) | 2;
const METRIC_UNIT = (3 << 3) | 2;
const METRIC_GAUGE = (5 << 3) | 2;
const METRIC_SUM = (7 << 3) | 2;
const METRIC_HISTOGRAM = (9 << 3) | 2;
const METRIC_EXPONENTIAL_HISTOGRAM = (10 << 3) | 2;
const METRIC_SUMMARY = (11 << 3) | 2;
const METRIC_METADATA = (12 << 3) | 2;

// The data messages' own fields: data_points = 1, aggregation_temporality = 2, is_monotonic = 3.
const DATA_POINTS = (1 << 3) | 2;
const DATA_TEMPORALITY = (2 << 3) | 0;
const DATA_MONOTONIC = (3 << 3) | 0;

type AnyPoint = NumberPoint | HistogramPoint | ExponentialHistogramPoint | SummaryPoint;

function decodeMetric(r: ProtoReader, end: number, scope: Scope): MetricRecord | null {
  let name = '';
  let description = '';
  let unit = '';
  let metadata: Attributes | undefined;
  let kind: MetricKind | '' = '';
  let points: AnyPoint[] = [];
  let temporality = 0;
  let monotonic = false;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case METRIC_NAME:
        name = r.string();
        break;
      case METRIC_DESCRIPTION:
        description = r.string();
        break;
      case METRIC_UNIT:
        unit = r.string();
        break;
      case METRIC_METADATA:
        if (metadata === undefined) metadata = newAttributes();
        readAttribute(r, metadata);
        break;
      case METRIC_GAUGE:
      case METRIC_SUM:
      case METRIC_HISTOGRAM:
      case METRIC_EXPONENTIAL_HISTOGRAM:
      case METRIC_SUMMARY: {
        const k = dataKind(tag);
        // `data` is a oneof: a different member replaces the previous one; the same one merges into it.
        if (k !== kind) {
          kind = k;
          points = [];
          temporality = 0;
          monotonic = false;
        }
        const dataEnd = r.messageEnd();
        while (r.pos < dataEnd) {
          const t = r.tag();
          if (t === DATA_POINTS) {
            const pointEnd = r.messageEnd();
            switch (k) {
              case 'gauge':
              case 'sum':
                points.push(decodeNumberPoint(r, pointEnd));
                break;
              case 'histogram':
                points.push(decodeHistogramPoint(r, pointEnd));
                break;
              case 'exponentialHistogram':
                points.push(decodeExponentialHistogramPoint(r, pointEnd));
                break;
              default:
                points.push(decodeSummaryPoint(r, pointEnd));
            }
          } else if (t === DATA_TEMPORALITY && k !== 'gauge' && k !== 'summary') {
            temporality = r.int32();
          } else if (t === DATA_MONOTONIC && k === 'sum') {
            monotonic = r.bool();
          } else {
            r.skip(t);
          }
        }
        r.checkEnd(dataEnd, 'Metric data');
        break;
      }
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'Metric');
  let metric: MetricRecord;
  switch (kind) {
    case 'gauge':
      metric = { name, description, unit, scope, kind, temporality: 'unspecified', points: points as NumberPoint[] };
      break;
    case 'sum':
      metric = { name, description, unit, scope, kind, temporality: temporalityName(temporality), monotonic, points: points as NumberPoint[] };
      break;
    case 'histogram':
      metric = { name, description, unit, scope, kind, temporality: temporalityName(temporality), points: points as HistogramPoint[] };
      break;
    case 'exponentialHistogram':
      metric = {
        name,
        description,
        unit,
        scope,
        kind,
        temporality: temporalityName(temporality),
        points: points as ExponentialHistogramPoint[],
      };
      break;
    case 'summary':
      metric = { name, description, unit, scope, kind, temporality: 'unspecified', points: points as SummaryPoint[] };
      break;
    default:
      return null;
  }
  if (metadata !== undefined) metric.metadata = metadata;
  return metric;
}

function dataKind(tag: number): MetricKind {
  switch (tag) {
    case METRIC_GAUGE:
      return 'gauge';
    case METRIC_SUM:
      return 'sum';
    case METRIC_HISTOGRAM:
      return 'histogram';
    case METRIC_EXPONENTIAL_HISTOGRAM:
      return 'exponentialHistogram';
    default:
      return 'summary';
  }
}

// Fields every data point type numbers alike.
const POINT_START = (2 << 3) | 1;
const POINT_TIME = (3 << 3) | 1;

const NUMBER_ATTRIBUTES = (7 << 3) | 2;
const NUMBER_AS_DOUBLE = (4 << 3) | 1;
const NUMBER_AS_INT = (6 << 3) | 1;
const NUMBER_FLAGS = (8 << 3) | 0;
const NUMBER_EXEMPLARS = (5 << 3) | 2;

function decodeNumberPoint(r: ProtoReader, end: number): NumberPoint {
  const point: NumberPoint = { attributes: newAttributes(), startTimeUnixNano: 0, timeUnixNano: 0, flags: 0, value: 0 };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case NUMBER_ATTRIBUTES:
        readAttribute(r, point.attributes);
        break;
      case POINT_START:
        point.startTimeUnixNano = r.fixed64();
        break;
      case POINT_TIME:
        point.timeUnixNano = r.fixed64();
        break;
      case NUMBER_AS_DOUBLE:
        point.value = r.double();
        break;
      case NUMBER_AS_INT:
        point.value = r.sfixed64();
        break;
      case NUMBER_FLAGS:
        point.flags = r.uint32();
        break;
      case NUMBER_EXEMPLARS:
        addExemplar(point, decodeExemplar(r, r.messageEnd()));
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'NumberDataPoint');
  return point;
}

const HIST_ATTRIBUTES = (9 << 3) | 2;
const HIST_COUNT = (4 << 3) | 1;
const HIST_SUM = (5 << 3) | 1;
const HIST_BUCKET_COUNTS_PACKED = (6 << 3) | 2;
const HIST_BUCKET_COUNTS = (6 << 3) | 1;
const HIST_BOUNDS_PACKED = (7 << 3) | 2;
const HIST_BOUNDS = (7 << 3) | 1;
const HIST_FLAGS = (10 << 3) | 0;
const HIST_MIN = (11 << 3) | 1;
const HIST_MAX = (12 << 3) | 1;
const HIST_EXEMPLARS = (8 << 3) | 2;

function decodeHistogramPoint(r: ProtoReader, end: number): HistogramPoint {
  const point: HistogramPoint = {
    attributes: newAttributes(),
    startTimeUnixNano: 0,
    timeUnixNano: 0,
    flags: 0,
    count: 0,
    bucketCounts: [],
    explicitBounds: [],
  };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case HIST_ATTRIBUTES:
        readAttribute(r, point.attributes);
        break;
      case POINT_START:
        point.startTimeUnixNano = r.fixed64();
        break;
      case POINT_TIME:
        point.timeUnixNano = r.fixed64();
        break;
      case HIST_COUNT:
        point.count = r.fixed64();
        break;
      case HIST_SUM:
        point.sum = r.double();
        break;
      case HIST_BUCKET_COUNTS_PACKED:
      case HIST_BUCKET_COUNTS:
        r.packedFixed64(tag & 7, point.bucketCounts);
        break;
      case HIST_BOUNDS_PACKED:
      case HIST_BOUNDS:
        r.packedDouble(tag & 7, point.explicitBounds);
        break;
      case HIST_FLAGS:
        point.flags = r.uint32();
        break;
      case HIST_MIN:
        point.min = r.double();
        break;
      case HIST_MAX:
        point.max = r.double();
        break;
      case HIST_EXEMPLARS:
        addExemplar(point, decodeExemplar(r, r.messageEnd()));
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'HistogramDataPoint');
  return point;
}

const EXP_ATTRIBUTES = (1 << 3) | 2;
const EXP_COUNT = (4 << 3) | 1;
const EXP_SUM = (5 << 3) | 1;
const EXP_SCALE = (6 << 3) | 0;
const EXP_ZERO_COUNT = (7 << 3) | 1;
const EXP_POSITIVE = (8 << 3) | 2;
const EXP_NEGATIVE = (9 << 3) | 2;
const EXP_FLAGS = (10 << 3) | 0;
const EXP_MIN = (12 << 3) | 1;
const EXP_MAX = (13 << 3) | 1;
const EXP_ZERO_THRESHOLD = (14 << 3) | 1;
const EXP_EXEMPLARS = (11 << 3) | 2;

function decodeExponentialHistogramPoint(r: ProtoReader, end: number): ExponentialHistogramPoint {
  const point: ExponentialHistogramPoint = {
    attributes: newAttributes(),
    startTimeUnixNano: 0,
    timeUnixNano: 0,
    flags: 0,
    count: 0,
    scale: 0,
    zeroCount: 0,
    zeroThreshold: 0,
    positive: { offset: 0, bucketCounts: [] },
    negative: { offset: 0, bucketCounts: [] },
  };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case EXP_ATTRIBUTES:
        readAttribute(r, point.attributes);
        break;
      case POINT_START:
        point.startTimeUnixNano = r.fixed64();
        break;
      case POINT_TIME:
        point.timeUnixNano = r.fixed64();
        break;
      case EXP_COUNT:
        point.count = r.fixed64();
        break;
      case EXP_SUM:
        point.sum = r.double();
        break;
      case EXP_SCALE:
        point.scale = r.sint32();
        break;
      case EXP_ZERO_COUNT:
        point.zeroCount = r.fixed64();
        break;
      case EXP_POSITIVE:
        decodeBuckets(r, r.messageEnd(), point.positive);
        break;
      case EXP_NEGATIVE:
        decodeBuckets(r, r.messageEnd(), point.negative);
        break;
      case EXP_FLAGS:
        point.flags = r.uint32();
        break;
      case EXP_MIN:
        point.min = r.double();
        break;
      case EXP_MAX:
        point.max = r.double();
        break;
      case EXP_ZERO_THRESHOLD:
        point.zeroThreshold = r.double();
        break;
      case EXP_EXEMPLARS:
        addExemplar(point, decodeExemplar(r, r.messageEnd()));
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'ExponentialHistogramDataPoint');
  return point;
}

// Exemplar: filtered_attributes = 7, time_unix_nano = 2, as_double = 3, as_int = 6, span_id = 4, trace_id = 5.
const EXEMPLAR_ATTRIBUTES = (7 << 3) | 2;
const EXEMPLAR_TIME = (2 << 3) | 1;
const EXEMPLAR_AS_DOUBLE = (3 << 3) | 1;
const EXEMPLAR_AS_INT = (6 << 3) | 1;
const EXEMPLAR_SPAN_ID = (4 << 3) | 2;
const EXEMPLAR_TRACE_ID = (5 << 3) | 2;

function decodeExemplar(r: ProtoReader, end: number): Exemplar {
  const exemplar: Exemplar = { timeUnixNano: 0, value: 0, traceId: '', spanId: '', filteredAttributes: newAttributes() };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case EXEMPLAR_ATTRIBUTES:
        readAttribute(r, exemplar.filteredAttributes);
        break;
      case EXEMPLAR_TIME:
        exemplar.timeUnixNano = r.fixed64();
        break;
      case EXEMPLAR_AS_DOUBLE:
        exemplar.value = r.double();
        break;
      case EXEMPLAR_AS_INT:
        exemplar.value = r.sfixed64();
        break;
      case EXEMPLAR_SPAN_ID:
        exemplar.spanId = r.bytesHex();
        break;
      case EXEMPLAR_TRACE_ID:
        exemplar.traceId = r.bytesHex();
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'Exemplar');
  return exemplar;
}

/** Set only when the producer sent one, as the JSON decoder does, so both give deep-equal records. */
function addExemplar(point: { exemplars?: Exemplar[] }, exemplar: Exemplar): void {
  const list = (point.exemplars ??= []);
  if (list.length < MAX_EXEMPLARS_PER_POINT) list.push(exemplar);
}

const BUCKETS_OFFSET = (1 << 3) | 0;
const BUCKETS_COUNTS_PACKED = (2 << 3) | 2;
const BUCKETS_COUNTS = (2 << 3) | 0;

function decodeBuckets(r: ProtoReader, end: number, buckets: ExponentialBuckets): void {
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case BUCKETS_OFFSET:
        buckets.offset = r.sint32();
        break;
      case BUCKETS_COUNTS_PACKED:
      case BUCKETS_COUNTS:
        r.packedUint64(tag & 7, buckets.bucketCounts);
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'ExponentialHistogramDataPoint.Buckets');
}

const SUMMARY_ATTRIBUTES = (7 << 3) | 2;
const SUMMARY_COUNT = (4 << 3) | 1;
const SUMMARY_SUM = (5 << 3) | 1;
const SUMMARY_QUANTILES = (6 << 3) | 2;
const SUMMARY_FLAGS = (8 << 3) | 0;
const QUANTILE_QUANTILE = (1 << 3) | 1;
const QUANTILE_VALUE = (2 << 3) | 1;

function decodeSummaryPoint(r: ProtoReader, end: number): SummaryPoint {
  const point: SummaryPoint = {
    attributes: newAttributes(),
    startTimeUnixNano: 0,
    timeUnixNano: 0,
    flags: 0,
    count: 0,
    sum: 0,
    quantileValues: [],
  };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case SUMMARY_ATTRIBUTES:
        readAttribute(r, point.attributes);
        break;
      case POINT_START:
        point.startTimeUnixNano = r.fixed64();
        break;
      case POINT_TIME:
        point.timeUnixNano = r.fixed64();
        break;
      case SUMMARY_COUNT:
        point.count = r.fixed64();
        break;
      case SUMMARY_SUM:
        point.sum = r.double();
        break;
      case SUMMARY_QUANTILES: {
        const qEnd = r.messageEnd();
        let quantile = 0;
        let value = 0;
        while (r.pos < qEnd) {
          const t = r.tag();
          if (t === QUANTILE_QUANTILE) quantile = r.double();
          else if (t === QUANTILE_VALUE) value = r.double();
          else r.skip(t);
        }
        r.checkEnd(qEnd, 'SummaryDataPoint.ValueAtQuantile');
        point.quantileValues.push({ quantile, value });
        break;
      }
      case SUMMARY_FLAGS:
        point.flags = r.uint32();
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'SummaryDataPoint');
  return point;
}
