/**
 * OTLP/JSON decoding of ExportMetricsServiceRequest into MetricRecords (the same records as the protobuf
 * decoder), exemplars included; a Metric with no data member the engine knows is left out.
 */
import { MAX_EXEMPLARS_PER_POINT } from '../../model/records';
import type {
  Exemplar,
  ExponentialBuckets,
  ExponentialHistogramPoint,
  HistogramPoint,
  MetricRecord,
  MetricsPayload,
  NumberPoint,
  Scope,
  SummaryPoint,
} from '../../model/records';
import { temporalityName } from '../protobuf/metrics';
import {
  arrayField,
  attributesField,
  boolField,
  doubleField,
  element,
  enumField,
  enumNames,
  field,
  idField,
  int32Field,
  int64Field,
  isObject,
  JsonShapeError,
  describe,
  keyValues,
  objectField,
  optionalDoubleField,
  stringField,
  toDouble,
  uint32Field,
  uint64Field,
  withSegment,
  type JsonObject,
  decodeJsonRequest,
  resourceBatchesFromJson,
  type SignalLayout,
} from './common';
import { newAttributes } from '../../model/attributes';

const TEMPORALITY_NAMES = enumNames([
  'AGGREGATION_TEMPORALITY_UNSPECIFIED',
  'AGGREGATION_TEMPORALITY_DELTA',
  'AGGREGATION_TEMPORALITY_CUMULATIVE',
]);

const LAYOUT: SignalLayout<MetricRecord> = {
  resources: ['resourceMetrics', 'resource_metrics', 'a ResourceMetrics'],
  scopes: ['scopeMetrics', 'scope_metrics', 'a ScopeMetrics'],
  items: ['metrics', undefined, 'a Metric'],
  decodeItem: decodeMetric,
};

export function decodeMetricsJson(body: Uint8Array): MetricsPayload {
  return decodeJsonRequest(body, LAYOUT);
}

/** The mapping of an already parsed ExportMetricsServiceRequest; throws JsonShapeError (a DecodeError). */
export function metricsFromJson(root: JsonObject): MetricsPayload {
  return resourceBatchesFromJson(root, LAYOUT);
}

function decodeMetric(o: JsonObject, scope: Scope): MetricRecord | null {
  const name = stringField(o, 'name');
  const description = stringField(o, 'description');
  const unit = stringField(o, 'unit');
  let metric: MetricRecord | null = null;
  let data: JsonObject | undefined;
  let member = '';
  try {
    if ((data = objectField(o, (member = 'gauge'))) !== undefined) {
      metric = { name, description, unit, scope, kind: 'gauge', temporality: 'unspecified', points: numberPoints(data) };
    } else if ((data = objectField(o, (member = 'sum'))) !== undefined) {
      metric = {
        name,
        description,
        unit,
        scope,
        kind: 'sum',
        temporality: temporality(data),
        monotonic: boolField(data, 'isMonotonic', 'is_monotonic'),
        points: numberPoints(data),
      };
    } else if ((data = objectField(o, (member = 'histogram'))) !== undefined) {
      metric = { name, description, unit, scope, kind: 'histogram', temporality: temporality(data), points: histogramPoints(data) };
    } else if ((data = objectField(o, (member = 'exponentialHistogram'), 'exponential_histogram')) !== undefined) {
      metric = {
        name,
        description,
        unit,
        scope,
        kind: 'exponentialHistogram',
        temporality: temporality(data),
        points: exponentialHistogramPoints(data),
      };
    } else if ((data = objectField(o, (member = 'summary'))) !== undefined) {
      metric = { name, description, unit, scope, kind: 'summary', temporality: 'unspecified', points: summaryPoints(data) };
    }
  } catch (e) {
    // objectField names the member itself when it is the wrong type; add it only for errors from inside.
    if (data !== undefined) throw withSegment(e, member);
    throw e;
  }
  if (metric === null) return null;
  const metadata = arrayField(o, 'metadata');
  if (metadata.length > 0) {
    // Set only when sent, as the protobuf decoder does, so both give deep-equal records.
    const attributes = newAttributes();
    keyValues(metadata, attributes, 0, 'metadata');
    metric.metadata = attributes;
  }
  return metric;
}

function temporality(data: JsonObject) {
  return temporalityName(enumField(data, 'aggregationTemporality', 'aggregation_temporality', TEMPORALITY_NAMES));
}

function dataPoints(data: JsonObject): readonly unknown[] {
  return arrayField(data, 'dataPoints', 'data_points');
}

function numberPoints(data: JsonObject): NumberPoint[] {
  const list = dataPoints(data);
  const out: NumberPoint[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      const o = element(list[i], 'a NumberDataPoint');
      let value = 0;
      if (field(o, 'asDouble', 'as_double') !== undefined) value = doubleField(o, 'asDouble', 'as_double');
      else if (field(o, 'asInt', 'as_int') !== undefined) value = int64Field(o, 'asInt', 'as_int', true);
      const point: NumberPoint = {
        attributes: attributesField(o),
        startTimeUnixNano: uint64Field(o, 'startTimeUnixNano', 'start_time_unix_nano'),
        timeUnixNano: uint64Field(o, 'timeUnixNano', 'time_unix_nano'),
        flags: uint32Field(o, 'flags'),
        value,
      };
      setExemplars(o, point);
      out[i] = point;
    } catch (e) {
      throw withSegment(e, `dataPoints[${i}]`);
    }
  }
  return out;
}

/** Sets `exemplars` only when the point has some, as the protobuf decoder does. */
function setExemplars(o: JsonObject, point: { exemplars?: Exemplar[] }): void {
  const list = arrayField(o, 'exemplars');
  if (list.length === 0) return;
  const kept = Math.min(list.length, MAX_EXEMPLARS_PER_POINT);
  const out: Exemplar[] = new Array(kept);
  for (let i = 0; i < kept; i++) {
    try {
      const e = element(list[i], 'an Exemplar');
      let value = 0;
      if (field(e, 'asDouble', 'as_double') !== undefined) value = doubleField(e, 'asDouble', 'as_double');
      else if (field(e, 'asInt', 'as_int') !== undefined) value = int64Field(e, 'asInt', 'as_int', true);
      out[i] = {
        timeUnixNano: uint64Field(e, 'timeUnixNano', 'time_unix_nano'),
        value,
        traceId: idField(e, 'traceId', 'trace_id'),
        spanId: idField(e, 'spanId', 'span_id'),
        filteredAttributes: attributesField(e, 'filteredAttributes', 'filtered_attributes'),
      };
    } catch (err) {
      throw withSegment(err, `exemplars[${i}]`);
    }
  }
  point.exemplars = out;
}

/** A repeated uint64 / fixed64 as doubles. */
function uint64List(o: JsonObject, camel: string, snake: string): number[] {
  const list = arrayField(o, camel, snake);
  const out: number[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[i] = v;
    else if (typeof v === 'string' && /^[0-9]+$/.test(v)) out[i] = Number(v);
    else throw new JsonShapeError(`expected an unsigned 64-bit integer, got ${describe(v)}`, `${camel}[${i}]`);
  }
  return out;
}

function doubleList(o: JsonObject, camel: string, snake: string): number[] {
  const list = arrayField(o, camel, snake);
  const out: number[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const n = toDouble(list[i]);
    if (n === undefined) throw new JsonShapeError(`expected a number, got ${describe(list[i])}`, `${camel}[${i}]`);
    out[i] = n;
  }
  return out;
}

/** Sets sum, min and max on a histogram point only when present, as the protobuf decoder does. */
function setOptionalStats(o: JsonObject, point: HistogramPoint | ExponentialHistogramPoint): void {
  const sum = optionalDoubleField(o, 'sum');
  if (sum !== undefined) point.sum = sum;
  const min = optionalDoubleField(o, 'min');
  if (min !== undefined) point.min = min;
  const max = optionalDoubleField(o, 'max');
  if (max !== undefined) point.max = max;
}

function histogramPoints(data: JsonObject): HistogramPoint[] {
  const list = dataPoints(data);
  const out: HistogramPoint[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      const o = element(list[i], 'a HistogramDataPoint');
      const point: HistogramPoint = {
        attributes: attributesField(o),
        startTimeUnixNano: uint64Field(o, 'startTimeUnixNano', 'start_time_unix_nano'),
        timeUnixNano: uint64Field(o, 'timeUnixNano', 'time_unix_nano'),
        flags: uint32Field(o, 'flags'),
        count: uint64Field(o, 'count'),
        bucketCounts: uint64List(o, 'bucketCounts', 'bucket_counts'),
        explicitBounds: doubleList(o, 'explicitBounds', 'explicit_bounds'),
      };
      setOptionalStats(o, point);
      setExemplars(o, point);
      out[i] = point;
    } catch (e) {
      throw withSegment(e, `dataPoints[${i}]`);
    }
  }
  return out;
}

function buckets(o: JsonObject, camel: string): ExponentialBuckets {
  const v = objectField(o, camel);
  if (v === undefined) return { offset: 0, bucketCounts: [] };
  try {
    return { offset: int32Field(v, 'offset', undefined, true), bucketCounts: uint64List(v, 'bucketCounts', 'bucket_counts') };
  } catch (e) {
    throw withSegment(e, camel);
  }
}

function exponentialHistogramPoints(data: JsonObject): ExponentialHistogramPoint[] {
  const list = dataPoints(data);
  const out: ExponentialHistogramPoint[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      const o = element(list[i], 'an ExponentialHistogramDataPoint');
      const point: ExponentialHistogramPoint = {
        attributes: attributesField(o),
        startTimeUnixNano: uint64Field(o, 'startTimeUnixNano', 'start_time_unix_nano'),
        timeUnixNano: uint64Field(o, 'timeUnixNano', 'time_unix_nano'),
        flags: uint32Field(o, 'flags'),
        count: uint64Field(o, 'count'),
        scale: int32Field(o, 'scale', undefined, true),
        zeroCount: uint64Field(o, 'zeroCount', 'zero_count'),
        zeroThreshold: doubleField(o, 'zeroThreshold', 'zero_threshold'),
        positive: buckets(o, 'positive'),
        negative: buckets(o, 'negative'),
      };
      setOptionalStats(o, point);
      setExemplars(o, point);
      out[i] = point;
    } catch (e) {
      throw withSegment(e, `dataPoints[${i}]`);
    }
  }
  return out;
}

function summaryPoints(data: JsonObject): SummaryPoint[] {
  const list = dataPoints(data);
  const out: SummaryPoint[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      const o = element(list[i], 'a SummaryDataPoint');
      const quantiles = arrayField(o, 'quantileValues', 'quantile_values');
      const point: SummaryPoint = {
        attributes: attributesField(o),
        startTimeUnixNano: uint64Field(o, 'startTimeUnixNano', 'start_time_unix_nano'),
        timeUnixNano: uint64Field(o, 'timeUnixNano', 'time_unix_nano'),
        flags: uint32Field(o, 'flags'),
        count: uint64Field(o, 'count'),
        sum: doubleField(o, 'sum'),
        quantileValues: new Array(quantiles.length),
      };
      for (let q = 0; q < quantiles.length; q++) {
        const v = quantiles[q];
        try {
          if (!isObject(v)) throw new JsonShapeError(`expected a ValueAtQuantile object, got ${describe(v)}`);
          point.quantileValues[q] = { quantile: doubleField(v, 'quantile'), value: doubleField(v, 'value') };
        } catch (e) {
          throw withSegment(e, `quantileValues[${q}]`);
        }
      }
      out[i] = point;
    } catch (e) {
      throw withSegment(e, `dataPoints[${i}]`);
    }
  }
  return out;
}
