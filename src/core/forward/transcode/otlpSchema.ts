/**
 * The OTLP v1 messages of the three Export*ServiceRequest bodies, as one table that drives both transcoders
 * (JSON → protobuf and protobuf → JSON): field numbers and types from opentelemetry-proto (common, resource,
 * trace, metrics, logs and the collector requests), JSON names in lowerCamelCase as the OTLP/JSON mapping writes them.
 * A field missing from the table is dropped by both directions, as an unknown field.
 */
import type { Signal } from '../../model/records';

/**
 * Scalar kinds by their protobuf type; `id` is a bytes field written as hex in OTLP/JSON (trace and span ids),
 * `bytes` one written as base64 (AnyValue.bytes_value).
 */
export type FieldKind =
  | 'string'
  | 'bool'
  | 'int32'
  | 'uint32'
  | 'sint32'
  | 'fixed32'
  | 'enum'
  | 'int64'
  | 'uint64'
  | 'fixed64'
  | 'sfixed64'
  | 'double'
  | 'bytes'
  | 'id'
  | 'message';

export interface FieldDef {
  no: number;
  /** lowerCamelCase: the OTLP/JSON key. */
  json: string;
  /** The .proto name, which JSON parsers accept too. */
  proto: string;
  kind: FieldKind;
  repeated?: boolean;
  /** Repeated scalars written packed (proto3's default for numeric repeated fields). */
  packed?: boolean;
  /** For `message` fields: the message's name in MESSAGES. */
  message?: string;
  /** For `enum` fields: value names, by number, which JSON may use instead of numbers. */
  enumNames?: readonly string[];
}

export interface MessageDef {
  name: string;
  fields: readonly FieldDef[];
  byNumber: ReadonlyMap<number, FieldDef>;
  byJsonName: ReadonlyMap<string, FieldDef>;
}

type Spec = [no: number, proto: string, kind: FieldKind, extra?: { repeated?: boolean; packed?: boolean; message?: string; enumNames?: readonly string[] }];

const rep = (message: string) => ({ repeated: true, message });
const one = (message: string) => ({ message });
const packed = { repeated: true, packed: true };

const SPAN_KIND = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const STATUS_CODE = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
const TEMPORALITY = ['AGGREGATION_TEMPORALITY_UNSPECIFIED', 'AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE'];
const SEVERITY = [
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) => ['', '2', '3', '4'].map((n) => `SEVERITY_NUMBER_${level}${n}`)),
];

const SPECS: Record<string, Spec[]> = {
  // common/v1, resource/v1
  AnyValue: [
    [1, 'string_value', 'string'],
    [2, 'bool_value', 'bool'],
    [3, 'int_value', 'int64'],
    [4, 'double_value', 'double'],
    [5, 'array_value', 'message', one('ArrayValue')],
    [6, 'kvlist_value', 'message', one('KeyValueList')],
    [7, 'bytes_value', 'bytes'],
  ],
  ArrayValue: [[1, 'values', 'message', rep('AnyValue')]],
  KeyValueList: [[1, 'values', 'message', rep('KeyValue')]],
  KeyValue: [
    [1, 'key', 'string'],
    [2, 'value', 'message', one('AnyValue')],
  ],
  InstrumentationScope: [
    [1, 'name', 'string'],
    [2, 'version', 'string'],
    [3, 'attributes', 'message', rep('KeyValue')],
    [4, 'dropped_attributes_count', 'uint32'],
  ],
  EntityRef: [
    [1, 'schema_url', 'string'],
    [2, 'type', 'string'],
    [3, 'id_keys', 'string', { repeated: true }],
    [4, 'description_keys', 'string', { repeated: true }],
  ],
  Resource: [
    [1, 'attributes', 'message', rep('KeyValue')],
    [2, 'dropped_attributes_count', 'uint32'],
    [3, 'entity_refs', 'message', rep('EntityRef')],
  ],

  // trace/v1
  ExportTraceServiceRequest: [[1, 'resource_spans', 'message', rep('ResourceSpans')]],
  ResourceSpans: [
    [1, 'resource', 'message', one('Resource')],
    [2, 'scope_spans', 'message', rep('ScopeSpans')],
    [3, 'schema_url', 'string'],
  ],
  ScopeSpans: [
    [1, 'scope', 'message', one('InstrumentationScope')],
    [2, 'spans', 'message', rep('Span')],
    [3, 'schema_url', 'string'],
  ],
  Span: [
    [1, 'trace_id', 'id'],
    [2, 'span_id', 'id'],
    [3, 'trace_state', 'string'],
    [4, 'parent_span_id', 'id'],
    [16, 'flags', 'fixed32'],
    [5, 'name', 'string'],
    [6, 'kind', 'enum', { enumNames: SPAN_KIND }],
    [7, 'start_time_unix_nano', 'fixed64'],
    [8, 'end_time_unix_nano', 'fixed64'],
    [9, 'attributes', 'message', rep('KeyValue')],
    [10, 'dropped_attributes_count', 'uint32'],
    [11, 'events', 'message', rep('Span.Event')],
    [12, 'dropped_events_count', 'uint32'],
    [13, 'links', 'message', rep('Span.Link')],
    [14, 'dropped_links_count', 'uint32'],
    [15, 'status', 'message', one('Status')],
  ],
  'Span.Event': [
    [1, 'time_unix_nano', 'fixed64'],
    [2, 'name', 'string'],
    [3, 'attributes', 'message', rep('KeyValue')],
    [4, 'dropped_attributes_count', 'uint32'],
  ],
  'Span.Link': [
    [1, 'trace_id', 'id'],
    [2, 'span_id', 'id'],
    [3, 'trace_state', 'string'],
    [4, 'attributes', 'message', rep('KeyValue')],
    [5, 'dropped_attributes_count', 'uint32'],
    [6, 'flags', 'fixed32'],
  ],
  Status: [
    [2, 'message', 'string'],
    [3, 'code', 'enum', { enumNames: STATUS_CODE }],
  ],

  // metrics/v1
  ExportMetricsServiceRequest: [[1, 'resource_metrics', 'message', rep('ResourceMetrics')]],
  ResourceMetrics: [
    [1, 'resource', 'message', one('Resource')],
    [2, 'scope_metrics', 'message', rep('ScopeMetrics')],
    [3, 'schema_url', 'string'],
  ],
  ScopeMetrics: [
    [1, 'scope', 'message', one('InstrumentationScope')],
    [2, 'metrics', 'message', rep('Metric')],
    [3, 'schema_url', 'string'],
  ],
  Metric: [
    [1, 'name', 'string'],
    [2, 'description', 'string'],
    [3, 'unit', 'string'],
    [5, 'gauge', 'message', one('Gauge')],
    [7, 'sum', 'message', one('Sum')],
    [9, 'histogram', 'message', one('Histogram')],
    [10, 'exponential_histogram', 'message', one('ExponentialHistogram')],
    [11, 'summary', 'message', one('Summary')],
    [12, 'metadata', 'message', rep('KeyValue')],
  ],
  Gauge: [[1, 'data_points', 'message', rep('NumberDataPoint')]],
  Sum: [
    [1, 'data_points', 'message', rep('NumberDataPoint')],
    [2, 'aggregation_temporality', 'enum', { enumNames: TEMPORALITY }],
    [3, 'is_monotonic', 'bool'],
  ],
  Histogram: [
    [1, 'data_points', 'message', rep('HistogramDataPoint')],
    [2, 'aggregation_temporality', 'enum', { enumNames: TEMPORALITY }],
  ],
  ExponentialHistogram: [
    [1, 'data_points', 'message', rep('ExponentialHistogramDataPoint')],
    [2, 'aggregation_temporality', 'enum', { enumNames: TEMPORALITY }],
  ],
  Summary: [[1, 'data_points', 'message', rep('SummaryDataPoint')]],
  NumberDataPoint: [
    [7, 'attributes', 'message', rep('KeyValue')],
    [2, 'start_time_unix_nano', 'fixed64'],
    [3, 'time_unix_nano', 'fixed64'],
    [4, 'as_double', 'double'],
    [6, 'as_int', 'sfixed64'],
    [5, 'exemplars', 'message', rep('Exemplar')],
    [8, 'flags', 'uint32'],
  ],
  HistogramDataPoint: [
    [9, 'attributes', 'message', rep('KeyValue')],
    [2, 'start_time_unix_nano', 'fixed64'],
    [3, 'time_unix_nano', 'fixed64'],
    [4, 'count', 'fixed64'],
    [5, 'sum', 'double'],
    [6, 'bucket_counts', 'fixed64', packed],
    [7, 'explicit_bounds', 'double', packed],
    [8, 'exemplars', 'message', rep('Exemplar')],
    [10, 'flags', 'uint32'],
    [11, 'min', 'double'],
    [12, 'max', 'double'],
  ],
  ExponentialHistogramDataPoint: [
    [1, 'attributes', 'message', rep('KeyValue')],
    [2, 'start_time_unix_nano', 'fixed64'],
    [3, 'time_unix_nano', 'fixed64'],
    [4, 'count', 'fixed64'],
    [5, 'sum', 'double'],
    [6, 'scale', 'sint32'],
    [7, 'zero_count', 'fixed64'],
    [8, 'positive', 'message', one('ExponentialHistogramDataPoint.Buckets')],
    [9, 'negative', 'message', one('ExponentialHistogramDataPoint.Buckets')],
    [10, 'flags', 'uint32'],
    [11, 'exemplars', 'message', rep('Exemplar')],
    [12, 'min', 'double'],
    [13, 'max', 'double'],
    [14, 'zero_threshold', 'double'],
  ],
  'ExponentialHistogramDataPoint.Buckets': [
    [1, 'offset', 'sint32'],
    [2, 'bucket_counts', 'uint64', packed],
  ],
  SummaryDataPoint: [
    [7, 'attributes', 'message', rep('KeyValue')],
    [2, 'start_time_unix_nano', 'fixed64'],
    [3, 'time_unix_nano', 'fixed64'],
    [4, 'count', 'fixed64'],
    [5, 'sum', 'double'],
    [6, 'quantile_values', 'message', rep('SummaryDataPoint.ValueAtQuantile')],
    [8, 'flags', 'uint32'],
  ],
  'SummaryDataPoint.ValueAtQuantile': [
    [1, 'quantile', 'double'],
    [2, 'value', 'double'],
  ],
  Exemplar: [
    [7, 'filtered_attributes', 'message', rep('KeyValue')],
    [2, 'time_unix_nano', 'fixed64'],
    [3, 'as_double', 'double'],
    [6, 'as_int', 'sfixed64'],
    [4, 'span_id', 'id'],
    [5, 'trace_id', 'id'],
  ],

  // logs/v1
  ExportLogsServiceRequest: [[1, 'resource_logs', 'message', rep('ResourceLogs')]],
  ResourceLogs: [
    [1, 'resource', 'message', one('Resource')],
    [2, 'scope_logs', 'message', rep('ScopeLogs')],
    [3, 'schema_url', 'string'],
  ],
  ScopeLogs: [
    [1, 'scope', 'message', one('InstrumentationScope')],
    [2, 'log_records', 'message', rep('LogRecord')],
    [3, 'schema_url', 'string'],
  ],
  LogRecord: [
    [1, 'time_unix_nano', 'fixed64'],
    [11, 'observed_time_unix_nano', 'fixed64'],
    [2, 'severity_number', 'enum', { enumNames: SEVERITY }],
    [3, 'severity_text', 'string'],
    [5, 'body', 'message', one('AnyValue')],
    [6, 'attributes', 'message', rep('KeyValue')],
    [7, 'dropped_attributes_count', 'uint32'],
    [8, 'flags', 'fixed32'],
    [9, 'trace_id', 'id'],
    [10, 'span_id', 'id'],
    [12, 'event_name', 'string'],
  ],
};

function camel(proto: string): string {
  return proto.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function build(): ReadonlyMap<string, MessageDef> {
  const out = new Map<string, MessageDef>();
  for (const [name, specs] of Object.entries(SPECS)) {
    const fields: FieldDef[] = specs.map(([no, proto, kind, extra]) => ({ no, proto, json: camel(proto), kind, ...extra }));
    const byJsonName = new Map<string, FieldDef>();
    for (const f of fields) {
      byJsonName.set(f.json, f);
      byJsonName.set(f.proto, f);
    }
    out.set(name, { name, fields, byNumber: new Map(fields.map((f) => [f.no, f])), byJsonName });
  }
  for (const m of out.values()) {
    for (const f of m.fields) if (f.kind === 'message' && !out.has(f.message!)) throw new Error(`otlpSchema: ${m.name}.${f.proto} names unknown message ${f.message}`);
  }
  return out;
}

export const MESSAGES = build();

/** The request message each signal's Export call carries. */
export const REQUEST_MESSAGE: Readonly<Record<Signal, string>> = Object.freeze({
  traces: 'ExportTraceServiceRequest',
  metrics: 'ExportMetricsServiceRequest',
  logs: 'ExportLogsServiceRequest',
});

export function messageDef(name: string): MessageDef {
  const m = MESSAGES.get(name);
  if (!m) throw new Error(`otlpSchema: no message ${name}`);
  return m;
}
