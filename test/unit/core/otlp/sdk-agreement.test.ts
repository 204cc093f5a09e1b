/**
 * Agreement: real SDK data, serialized by the reference encoders (otlp-transformer's Protobuf* and Json*
 * serializers), must decode to deep-equal records through both decoders, and to the values the SDK holds.
 * Also exports the payloads, so the other decoder tests run on the same real bodies.
 */
import { strict as assert } from 'node:assert';
import * as api from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonMetricsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import * as protobuf from 'protobufjs';
import { newAttributes } from '../../../../src/core/model/attributes';
import { decode, decodeLogs, decodeMetrics, decodeTraces } from '../../../../src/core/otlp/decode';
import type {
  ExponentialHistogramMetric,
  HistogramMetric,
  LogRecord,
  MetricRecord,
  SpanRecord,
  SumMetric,
  SummaryMetric,
} from '../../../../src/core/model/records';

// ---------------------------------------------------------------------------------------------------------
// Fixtures (exported for the other decoder tests).

export interface SdkPayloads {
  spans: ReadableSpan[];
  traces: { protobuf: Uint8Array; json: Uint8Array };
  metrics: { cumulative: ResourceMetrics; delta: ResourceMetrics; protobuf: Uint8Array[]; json: Uint8Array[] };
  logRecords: ReadableLogRecord[];
  logs: { protobuf: Uint8Array; json: Uint8Array };
  handBuilt: { protobuf: Uint8Array; json: Uint8Array };
}

const T0 = 1_700_000_000; // seconds; span and log times are fixed so expected nanos are exact
const BIG = 2 ** 60; // an int attribute past 2^53 that still fits int64 exactly
const BYTES = Uint8Array.from([0, 1, 2, 250, 255]);

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

let cached: Promise<SdkPayloads> | undefined;

export function sdkPayloads(): Promise<SdkPayloads> {
  cached ??= build();
  return cached;
}

async function build(): Promise<SdkPayloads> {
  const spans = buildSpans();
  const { cumulative, delta } = await buildMetrics();
  const logRecords = buildLogs();
  return {
    spans,
    traces: { protobuf: ProtobufTraceSerializer.serializeRequest(spans)!, json: JsonTraceSerializer.serializeRequest(spans)! },
    metrics: {
      cumulative,
      delta,
      protobuf: [ProtobufMetricsSerializer.serializeRequest(cumulative)!, ProtobufMetricsSerializer.serializeRequest(delta)!],
      json: [JsonMetricsSerializer.serializeRequest(cumulative)!, JsonMetricsSerializer.serializeRequest(delta)!],
    },
    logRecords,
    logs: { protobuf: ProtobufLogsSerializer.serializeRequest(logRecords)!, json: JsonLogsSerializer.serializeRequest(logRecords)! },
    handBuilt: handBuiltPayloads(),
  };
}

function buildSpans(): ReadableSpan[] {
  const exporterA = new InMemorySpanExporter();
  const providerA = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.instance.id': 'checkout-1', 'host.pid': 4242 }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: exporterA })],
  });
  const exporterB = new InMemorySpanExporter();
  const providerB = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'worker' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: exporterB })],
  });
  const http = providerA.getTracer('http-lib', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });
  const db = providerA.getTracer('db-lib');
  const worker = providerB.getTracer('queue-lib', '0.1.0');

  const root = http.startSpan('GET /cart', {
    kind: api.SpanKind.SERVER,
    startTime: [T0, 1],
    attributes: {
      'str': 'hello ✓ ünïcode',
      'int': 42,
      'neg': -7,
      'big': BIG,
      'double': 3.25,
      'bool': true,
      'empty': '',
      'strs': ['a', 'b', ''],
      'ints': [1, -2, 3],
      'doubles': [0.5, 1.5],
      'bools': [true, false],
      'holes': ['x', null, 'z'],
    },
  });
  root.addEvent('cache.miss', { 'cache.key': 'cart:17', 'attempt': 2 }, [T0, 500]);
  root.addEvent('no-attributes', [T0, 600]);
  const rootCtx = api.trace.setSpan(api.context.active(), root);
  const child = db.startSpan('SELECT cart', { kind: api.SpanKind.CLIENT, startTime: [T0, 1000], attributes: { 'db.system': 'postgresql' } }, rootCtx);
  child.setStatus({ code: api.SpanStatusCode.ERROR, message: 'deadlock detected' });
  child.end([T0, 2000]);
  const producer = http.startSpan('publish', {
    kind: api.SpanKind.PRODUCER,
    startTime: [T0, 3000],
    links: [{ context: child.spanContext(), attributes: { 'link.reason': 'retry-of' } }],
  }, rootCtx);
  producer.setStatus({ code: api.SpanStatusCode.OK });
  producer.end([T0, 4000]);
  const internal = http.startSpan('compute', { startTime: [T0, 5000] }, rootCtx);
  internal.end([T0 + 1, 0]);
  root.end([T0 + 2, 999_999_999]);

  const consumer = worker.startSpan('consume', {
    kind: api.SpanKind.CONSUMER,
    startTime: [T0 + 3, 0],
    links: [{ context: producer.spanContext() }],
  });
  consumer.end([T0 + 3, 500]);

  return [...exporterA.getFinishedSpans(), ...exporterB.getFinishedSpans()];
}

async function buildMetrics(): Promise<{ cumulative: ResourceMetrics; delta: ResourceMetrics }> {
  const make = (temporality: AggregationTemporality, instance: string) => {
    const reader = new CollectingReader({ aggregationTemporalitySelector: () => temporality });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'metrics-app', 'service.instance.id': instance }),
      readers: [reader],
      views: [
        { instrumentName: 'latency', aggregation: { type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM, options: { boundaries: [0, 10, 100] } } },
        { instrumentName: 'latency.exp', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 160 } } },
      ],
    });
    const meter = provider.getMeter('app-meter', '2.0.0');
    const other = provider.getMeter('other-meter');
    const requests = meter.createCounter('requests', { valueType: api.ValueType.INT, unit: '{request}', description: 'Requests served' });
    requests.add(3, { route: '/a' });
    requests.add(4, { route: '/a' });
    requests.add(1, { route: '/b', ok: true });
    const queue = meter.createUpDownCounter('queue.depth', { valueType: api.ValueType.DOUBLE });
    queue.add(5.5);
    queue.add(-2);
    const gauge = meter.createObservableGauge('temperature', { unit: 'Cel' });
    gauge.addCallback((result) => {
      result.observe(21.5, { room: 'kitchen' });
      result.observe(-3, { room: 'freezer' });
    });
    const latency = other.createHistogram('latency', { unit: 'ms' });
    for (const v of [1, 5, 50, 500, 7]) latency.record(v, { method: 'GET' });
    const exp = other.createHistogram('latency.exp', { unit: 's' });
    for (const v of [0.001, 0.5, 2, 2, 1024, -3, 0]) exp.record(v);
    return reader;
  };
  const cumulativeReader = make(AggregationTemporality.CUMULATIVE, 'cumulative');
  const deltaReader = make(AggregationTemporality.DELTA, 'delta');
  const cumulative = await cumulativeReader.collect();
  const delta = await deltaReader.collect();
  assert.deepEqual(cumulative.errors, []);
  assert.deepEqual(delta.errors, []);
  return { cumulative: cumulative.resourceMetrics, delta: delta.resourceMetrics };
}

function buildLogs(): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'logger-app', 'service.instance.id': 'logs-1' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('app-logger', '3.1.4', { attributes: { 'scope.attr': 'yes' } });
  const plain = provider.getLogger('plain');
  const spanCtx: api.SpanContext = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: api.TraceFlags.SAMPLED,
  };
  logger.emit({
    timestamp: [T0, 10],
    observedTimestamp: [T0, 20],
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: 'user logged in',
    attributes: { 'user.id': 17, 'enduser.role': 'admin' },
  });
  logger.emit({
    timestamp: [T0, 30],
    observedTimestamp: [T0, 40],
    severityNumber: SeverityNumber.ERROR2,
    severityText: 'ERROR',
    eventName: 'payment.failed',
    body: { msg: 'card declined', nested: { codes: [51, 'x', true], depth: { deeper: 1.5 } }, raw: BYTES, big: BIG },
    attributes: { 'attr.bytes': BYTES, 'attr.map': { k: 'v', n: [1, 2] }, 'attr.empty.map': {}, 'attr.empty.list': [] },
    context: api.trace.setSpanContext(api.context.active(), spanCtx),
  });
  plain.emit({ timestamp: [T0, 50], observedTimestamp: [T0, 60], severityNumber: SeverityNumber.WARN });
  return exporter.getFinishedLogRecords();
}

/** A proto schema for protobufjs, from the opentelemetry-proto field numbers: summaries are hand-built with it. */
export const OTLP_TEST_PROTO = `
syntax = "proto3";
package otlptest;
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
  ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; string schema_url = 3; }
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; string schema_url = 3; }
message Metric { string name = 1; string description = 2; string unit = 3;
  oneof data { Histogram histogram = 9; ExponentialHistogram exponential_histogram = 10; Summary summary = 11; }
  repeated KeyValue metadata = 12; }
message Histogram { repeated HistogramDataPoint data_points = 1; int32 aggregation_temporality = 2; }
message HistogramDataPoint { repeated KeyValue attributes = 9; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
  fixed64 count = 4; optional double sum = 5; repeated fixed64 bucket_counts = 6 [packed = false];
  repeated double explicit_bounds = 7 [packed = false]; uint32 flags = 10; optional double min = 11; optional double max = 12; }
message ExponentialHistogram { repeated ExponentialHistogramDataPoint data_points = 1; int32 aggregation_temporality = 2; }
message ExponentialHistogramDataPoint { repeated KeyValue attributes = 1; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
  fixed64 count = 4; optional double sum = 5; sint32 scale = 6; fixed64 zero_count = 7; Buckets positive = 8; Buckets negative = 9;
  uint32 flags = 10; optional double min = 12; optional double max = 13; double zero_threshold = 14;
  message Buckets { sint32 offset = 1; repeated uint64 bucket_counts = 2; } }
message Summary { repeated SummaryDataPoint data_points = 1; }
message SummaryDataPoint { repeated KeyValue attributes = 7; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
  fixed64 count = 4; double sum = 5; repeated ValueAtQuantile quantile_values = 6; uint32 flags = 8; }
message ValueAtQuantile { double quantile = 1; double value = 2; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportMetricsPartialSuccess { int64 rejected_data_points = 1; string error_message = 2; }
message ExportMetricsServiceResponse { ExportMetricsPartialSuccess partial_success = 1; }
message ExportLogsPartialSuccess { int64 rejected_log_records = 1; string error_message = 2; }
message ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
message Any { string type_url = 1; bytes value = 2; }
message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
`;

export const otlpTestRoot = protobuf.parse(OTLP_TEST_PROTO, { keepCase: false }).root;

/** The JSON form of the hand-built request (summary, negative exponential buckets, unpacked histogram), as a sender would write it (int64 as strings). */
export const HAND_BUILT_JSON = {
  resourceMetrics: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'py-app' } }], droppedAttributesCount: 1 },
      scopeMetrics: [
        {
          scope: { name: 'prometheus-bridge', version: '0.9' },
          metrics: [
            {
              name: 'rpc.duration',
              description: 'RPC latency',
              unit: 's',
              summary: {
                dataPoints: [
                  {
                    attributes: [{ key: 'rpc.method', value: { stringValue: 'Get' } }],
                    startTimeUnixNano: '1700000000000000000',
                    timeUnixNano: '1700000060000000001',
                    count: '12',
                    sum: 3.75,
                    quantileValues: [
                      { quantile: 0, value: 0.01 },
                      { quantile: 0.5, value: 0.2 },
                      { quantile: 1, value: 'Infinity' },
                    ],
                    flags: 0,
                  },
                  { timeUnixNano: '1700000060000000001', count: 0, flags: 1 },
                ],
              },
              metadata: [{ key: 'prometheus.type', value: { stringValue: 'summary' } }],
            },
            {
              name: 'temperature.delta',
              unit: 'Cel',
              exponentialHistogram: {
                aggregationTemporality: 1,
                dataPoints: [
                  {
                    timeUnixNano: '1700000060000000000',
                    count: '9',
                    sum: -12.5,
                    scale: -2,
                    zeroCount: '2',
                    zeroThreshold: 0.001,
                    positive: { offset: -3, bucketCounts: ['1', '0', '2'] },
                    negative: { offset: 5, bucketCounts: ['3', '1'] },
                    min: -40,
                    max: 6,
                    flags: 0,
                  },
                ],
              },
            },
            {
              name: 'signed.values',
              histogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  { timeUnixNano: '1700000060000000000', count: '3', bucketCounts: ['1', '2'], explicitBounds: [0], flags: 0 },
                ],
              },
            },
          ],
        },
      ],
      schemaUrl: 'https://opentelemetry.io/schemas/1.9.0',
    },
  ],
};

function handBuiltPayloads(): { protobuf: Uint8Array; json: Uint8Array } {
  const Request = otlpTestRoot.lookupType('otlptest.ExportMetricsServiceRequest');
  // protobufjs reads the same JSON shape (camelCase, int64 strings), except that it wants Infinity as a number.
  // The schema above marks the histogram's repeated fields [packed = false], so those arrive unpacked.
  const forProtobufjs = JSON.parse(JSON.stringify(HAND_BUILT_JSON));
  forProtobufjs.resourceMetrics[0].scopeMetrics[0].metrics[0].summary.dataPoints[0].quantileValues[2].value = Infinity;
  const message = Request.fromObject(forProtobufjs);
  return {
    protobuf: Request.encode(message).finish(),
    json: new TextEncoder().encode(JSON.stringify(HAND_BUILT_JSON)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function hrToNanos([s, ns]: [number, number]): number {
  return Number(BigInt(s) * 1_000_000_000n + BigInt(ns));
}

function bySpanName(records: SpanRecord[], name: string): SpanRecord {
  const found = records.find((s) => s.name === name);
  assert.ok(found, `span ${name} decoded`);
  return found;
}

function metricByName(metrics: MetricRecord[], name: string): MetricRecord {
  const found = metrics.find((m) => m.name === name);
  assert.ok(found, `metric ${name} decoded`);
  return found;
}

/** An attribute map as the decoders build them (no Object.prototype in its chain). */
function attrs(o: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(newAttributes(), o);
}

// ---------------------------------------------------------------------------------------------------------

describe('OTLP decoders: agreement on real SDK data', () => {
  let p: SdkPayloads;
  before(async () => {
    p = await sdkPayloads();
  });

  describe('traces', () => {
    it('protobuf and JSON decode to deep-equal records', () => {
      assert.deepStrictEqual(decodeTraces(p.traces.json, 'json'), decodeTraces(p.traces.protobuf, 'protobuf'));
    });

    it('decodes resources, scopes and the flattening the SDK produced', () => {
      const batches = decodeTraces(p.traces.protobuf, 'protobuf');
      assert.equal(batches.length, 2);
      const [a, b] = batches;
      assert.deepStrictEqual(a.resource.attributes['service.name'], 'checkout');
      assert.equal(a.resource.attributes['service.instance.id'], 'checkout-1');
      assert.equal(a.resource.attributes['host.pid'], 4242);
      assert.equal(b.resource.attributes['service.name'], 'worker');
      assert.equal(a.items.length, 4);
      assert.equal(b.items.length, 1);
      // Items of one scope share its Scope; scopes come from the tracers.
      const root = bySpanName(a.items, 'GET /cart');
      const child = bySpanName(a.items, 'SELECT cart');
      const producer = bySpanName(a.items, 'publish');
      assert.deepStrictEqual(root.scope, { name: 'http-lib', version: '1.2.3', attributes: attrs({}) });
      assert.equal(root.scope, producer.scope);
      assert.deepStrictEqual(child.scope, { name: 'db-lib', version: '', attributes: attrs({}) });
      assert.deepStrictEqual(b.items[0].scope, { name: 'queue-lib', version: '0.1.0', attributes: attrs({}) });
    });

    it('decodes every span field as the SDK holds it', () => {
      for (const encoding of ['protobuf', 'json'] as const) {
        const records = decodeTraces(p.traces[encoding], encoding).flatMap((batch) => batch.items);
        assert.equal(records.length, p.spans.length);
        for (const sdk of p.spans) {
          const span = bySpanName(records, sdk.name);
          const ctx = sdk.spanContext();
          assert.equal(span.traceId, ctx.traceId);
          assert.match(span.traceId, /^[0-9a-f]{32}$/);
          assert.equal(span.spanId, ctx.spanId);
          assert.equal(span.parentSpanId, sdk.parentSpanContext?.spanId ?? '');
          assert.equal(span.kind, sdk.kind + 1, 'API SpanKind is offset by one from OTLP');
          assert.equal(span.startTimeUnixNano, hrToNanos(sdk.startTime));
          assert.equal(span.endTimeUnixNano, hrToNanos(sdk.endTime));
          assert.equal(span.statusCode, sdk.status.code);
          assert.equal(span.statusMessage, sdk.status.message ?? '');
          assert.equal(span.events.length, sdk.events.length);
          assert.equal(span.links.length, sdk.links.length);
          assert.equal(span.flags & 0xff, ctx.traceFlags);
          assert.equal(span.droppedAttributesCount, 0);
        }
      }
    });

    it('decodes span kinds, status, parent/child, events and links concretely', () => {
      const records = decodeTraces(p.traces.protobuf, 'protobuf').flatMap((batch) => batch.items);
      const root = bySpanName(records, 'GET /cart');
      const child = bySpanName(records, 'SELECT cart');
      const producer = bySpanName(records, 'publish');
      const internal = bySpanName(records, 'compute');
      const consumer = bySpanName(records, 'consume');
      assert.deepStrictEqual(
        [root.kind, child.kind, producer.kind, internal.kind, consumer.kind],
        [2, 3, 4, 1, 5], // server, client, producer, internal, consumer
      );
      assert.equal(root.parentSpanId, '');
      assert.equal(child.parentSpanId, root.spanId);
      assert.equal(child.traceId, root.traceId);
      assert.equal(child.statusCode, 2);
      assert.equal(child.statusMessage, 'deadlock detected');
      assert.equal(producer.statusCode, 1);
      assert.equal(root.startTimeUnixNano, Number(1_700_000_000_000_000_001n));
      assert.equal(root.endTimeUnixNano, Number(1_700_000_002_999_999_999n));
      assert.deepStrictEqual(root.events, [
        { timeUnixNano: Number(1_700_000_000_000_000_500n), name: 'cache.miss', attributes: attrs({ 'cache.key': 'cart:17', attempt: 2 }), droppedAttributesCount: 0 },
        { timeUnixNano: Number(1_700_000_000_000_000_600n), name: 'no-attributes', attributes: attrs({}), droppedAttributesCount: 0 },
      ]);
      assert.equal(producer.links.length, 1);
      assert.equal(producer.links[0].traceId, child.traceId);
      assert.equal(producer.links[0].spanId, child.spanId);
      assert.deepStrictEqual(producer.links[0].attributes, attrs({ 'link.reason': 'retry-of' }));
      assert.equal(producer.links[0].flags & 0xff, 1);
      assert.equal(consumer.links[0].spanId, producer.spanId);
      // The SDK marks span and link flags with HAS_IS_REMOTE (0x100).
      assert.equal(root.flags, 0x101);
    });

    it('decodes attributes of every type the span API allows, including int64 past 2^53', () => {
      for (const encoding of ['protobuf', 'json'] as const) {
        const root = bySpanName(decodeTraces(p.traces[encoding], encoding)[0].items, 'GET /cart');
        assert.deepStrictEqual(
          root.attributes,
          attrs({
            str: 'hello ✓ ünïcode',
            int: 42,
            neg: -7,
            big: '1152921504606846976',
            double: 3.25,
            bool: true,
            empty: '',
            strs: ['a', 'b', ''],
            ints: [1, -2, 3],
            doubles: [0.5, 1.5],
            bools: [true, false],
            holes: ['x', null, 'z'],
          }),
          encoding,
        );
        assert.equal('toString' in root.attributes, false, 'no Object.prototype behind attribute maps');
      }
    });

    it('decode(signal, …) dispatches to the same decoders', () => {
      assert.deepStrictEqual(decode('traces', p.traces.protobuf, 'protobuf'), decodeTraces(p.traces.protobuf, 'protobuf'));
      assert.deepStrictEqual(decode('traces', p.traces.json, 'json'), decodeTraces(p.traces.json, 'json'));
    });
  });

  describe('metrics', () => {
    it('protobuf and JSON decode to deep-equal records (cumulative and delta)', () => {
      for (let i = 0; i < 2; i++) {
        assert.deepStrictEqual(decodeMetrics(p.metrics.json[i], 'json'), decodeMetrics(p.metrics.protobuf[i], 'protobuf'));
      }
    });

    it('decodes counter, updown counter, gauge, histogram and exponential histogram as the SDK aggregated them', () => {
      for (const [i, temporality] of [[0, 'cumulative'], [1, 'delta']] as const) {
        for (const encoding of ['protobuf', 'json'] as const) {
          const body = encoding === 'protobuf' ? p.metrics.protobuf[i] : p.metrics.json[i];
          const batches = decodeMetrics(body, encoding);
          assert.equal(batches.length, 1);
          assert.equal(batches[0].resource.attributes['service.instance.id'], temporality);
          const metrics = batches[0].items;
          assert.deepStrictEqual(metrics.map((m) => m.name).sort(), ['latency', 'latency.exp', 'queue.depth', 'requests', 'temperature']);

          const requests = metricByName(metrics, 'requests') as SumMetric;
          assert.equal(requests.kind, 'sum');
          assert.equal(requests.temporality, temporality);
          assert.equal(requests.monotonic, true);
          assert.equal(requests.unit, '{request}');
          assert.equal(requests.description, 'Requests served');
          assert.deepStrictEqual(requests.scope, { name: 'app-meter', version: '2.0.0', attributes: attrs({}) });
          const byRoute = new Map(requests.points.map((pt) => [pt.attributes.route, pt]));
          assert.equal(byRoute.get('/a')?.value, 7);
          assert.equal(byRoute.get('/b')?.value, 1);
          assert.deepStrictEqual(byRoute.get('/b')?.attributes, attrs({ route: '/b', ok: true }));
          assert.ok(requests.points.every((pt) => pt.timeUnixNano > 1.6e18 && pt.startTimeUnixNano > 1.6e18));

          const queue = metricByName(metrics, 'queue.depth') as SumMetric;
          assert.equal(queue.kind, 'sum');
          assert.equal(queue.monotonic, false);
          assert.equal(queue.points[0].value, 3.5);

          const temperature = metricByName(metrics, 'temperature');
          assert.equal(temperature.kind, 'gauge');
          assert.equal(temperature.temporality, 'unspecified');
          assert.deepStrictEqual(
            temperature.points.map((pt) => [pt.attributes.room, (pt as { value: number }).value]).sort(),
            [['freezer', -3], ['kitchen', 21.5]],
          );

          const latency = metricByName(metrics, 'latency') as HistogramMetric;
          assert.equal(latency.kind, 'histogram');
          assert.equal(latency.temporality, temporality);
          assert.deepStrictEqual(latency.scope, { name: 'other-meter', version: '', attributes: attrs({}) });
          const h = latency.points[0];
          assert.equal(h.count, 5);
          assert.equal(h.sum, 563);
          assert.equal(h.min, 1);
          assert.equal(h.max, 500);
          assert.deepStrictEqual(h.explicitBounds, [0, 10, 100]);
          assert.deepStrictEqual(h.bucketCounts, [0, 3, 1, 1]);
          assert.deepStrictEqual(h.attributes, attrs({ method: 'GET' }));

          const exp = metricByName(metrics, 'latency.exp') as ExponentialHistogramMetric;
          assert.equal(exp.kind, 'exponentialHistogram');
          assert.equal(exp.temporality, temporality);
          const e = exp.points[0];
          // The SDK's histogram instruments drop negative values, so -3 is not counted (negative buckets are
          // covered by the hand-built payload below).
          assert.equal(e.count, 6);
          assert.equal(e.zeroCount, 1);
          assert.equal(e.min, 0);
          assert.equal(e.max, 1024);
          assert.equal(e.sum, 0.001 + 0.5 + 2 + 2 + 1024);
          const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
          assert.equal(sum(e.positive.bucketCounts), 5);
          assert.deepStrictEqual(e.negative, { offset: 0, bucketCounts: [] });
        }
      }
    });

    it('decodes exponential histogram buckets, scale and offsets exactly as the SDK computed them', () => {
      const sdkPoint = p.metrics.cumulative.scopeMetrics
        .flatMap((s) => s.metrics)
        .find((m) => m.descriptor.name === 'latency.exp')!.dataPoints[0].value as {
        scale: number;
        zeroCount: number;
        positive: { offset: number; bucketCounts: number[] };
        negative: { offset: number; bucketCounts: number[] };
      };
      const exp = metricByName(decodeMetrics(p.metrics.protobuf[0], 'protobuf')[0].items, 'latency.exp') as ExponentialHistogramMetric;
      const e = exp.points[0];
      assert.equal(e.scale, sdkPoint.scale);
      assert.ok(e.scale < 0 || e.scale > 0 || e.scale === 0);
      assert.equal(e.zeroCount, sdkPoint.zeroCount);
      assert.deepStrictEqual(e.positive, { offset: sdkPoint.positive.offset, bucketCounts: sdkPoint.positive.bucketCounts });
      assert.deepStrictEqual(e.negative, { offset: sdkPoint.negative.offset, bucketCounts: sdkPoint.negative.bucketCounts });
      assert.ok(e.positive.offset < 0, 'a value of 0.001 needs a negative bucket index (sint32 zigzag)');
    });

    it('decodes hand-built summaries, negative exponential buckets and unpacked sum-less histograms (protobufjs bytes and sender JSON) alike', () => {
      const fromProtobuf = decodeMetrics(p.handBuilt.protobuf, 'protobuf');
      const fromJson = decodeMetrics(p.handBuilt.json, 'json');
      assert.deepStrictEqual(fromJson, fromProtobuf);
      assert.equal(fromProtobuf.length, 1);
      const batch = fromProtobuf[0];
      assert.equal(batch.schemaUrl, 'https://opentelemetry.io/schemas/1.9.0');
      assert.deepStrictEqual(batch.resource, { attributes: attrs({ 'service.name': 'py-app' }), droppedAttributesCount: 1 });
      assert.equal(batch.items.length, 3);
      const summary = batch.items[0] as SummaryMetric;
      assert.deepStrictEqual(summary, {
        name: 'rpc.duration',
        description: 'RPC latency',
        unit: 's',
        scope: { name: 'prometheus-bridge', version: '0.9', attributes: attrs({}) },
        kind: 'summary',
        temporality: 'unspecified',
        metadata: attrs({ 'prometheus.type': 'summary' }),
        points: [
          {
            attributes: attrs({ 'rpc.method': 'Get' }),
            startTimeUnixNano: 1.7e18,
            timeUnixNano: Number(1_700_000_060_000_000_001n),
            flags: 0,
            count: 12,
            sum: 3.75,
            quantileValues: [
              { quantile: 0, value: 0.01 },
              { quantile: 0.5, value: 0.2 },
              { quantile: 1, value: Infinity },
            ],
          },
          { attributes: attrs({}), startTimeUnixNano: 0, timeUnixNano: Number(1_700_000_060_000_000_001n), flags: 1, count: 0, sum: 0, quantileValues: [] },
        ],
      });
      const exp = batch.items[1] as ExponentialHistogramMetric;
      assert.equal(exp.kind, 'exponentialHistogram');
      assert.equal(exp.temporality, 'delta');
      assert.deepStrictEqual(exp.points, [
        {
          attributes: attrs({}),
          startTimeUnixNano: 0,
          timeUnixNano: 1.70000006e18,
          flags: 0,
          count: 9,
          sum: -12.5,
          min: -40,
          max: 6,
          scale: -2,
          zeroCount: 2,
          zeroThreshold: 0.001,
          positive: { offset: -3, bucketCounts: [1, 0, 2] },
          negative: { offset: 5, bucketCounts: [3, 1] },
        },
      ]);
      // Sum, min and max absent on the wire stay absent (no key), and unpacked repeated fields are read.
      const hist = batch.items[2] as HistogramMetric;
      assert.equal(hist.temporality, 'cumulative');
      assert.deepStrictEqual(hist.points, [
        { attributes: attrs({}), startTimeUnixNano: 0, timeUnixNano: 1.70000006e18, flags: 0, count: 3, bucketCounts: [1, 2], explicitBounds: [0] },
      ]);
      assert.ok(!('sum' in hist.points[0]) && !('min' in hist.points[0]) && !('max' in hist.points[0]));
    });

    it('leaves metadata undefined (no key) when the metric has none', () => {
      const metrics = decodeMetrics(p.metrics.protobuf[0], 'protobuf')[0].items;
      assert.ok(metrics.every((m) => !('metadata' in m)));
    });
  });

  describe('logs', () => {
    it('protobuf and JSON decode to deep-equal records', () => {
      assert.deepStrictEqual(decodeLogs(p.logs.json, 'json'), decodeLogs(p.logs.protobuf, 'protobuf'));
    });

    it('decodes severity, bodies, attributes, scope and trace context as the SDK emitted them', () => {
      for (const encoding of ['protobuf', 'json'] as const) {
        const batches = decodeLogs(p.logs[encoding], encoding);
        assert.equal(batches.length, 1);
        assert.equal(batches[0].resource.attributes['service.instance.id'], 'logs-1');
        const records: LogRecord[] = batches[0].items;
        assert.equal(records.length, 3);
        const [info, error, warn] = records;
        assert.deepStrictEqual(info.scope, { name: 'app-logger', version: '3.1.4', attributes: attrs({ 'scope.attr': 'yes' }) });
        assert.equal(info.scope, error.scope);
        assert.deepStrictEqual(warn.scope, { name: 'plain', version: '', attributes: attrs({}) });

        assert.equal(info.timeUnixNano, Number(1_700_000_000_000_000_010n));
        assert.equal(info.observedTimeUnixNano, Number(1_700_000_000_000_000_020n));
        assert.equal(info.severityNumber, 9);
        assert.equal(info.severityText, 'INFO');
        assert.equal(info.body, 'user logged in');
        assert.deepStrictEqual(info.attributes, attrs({ 'user.id': 17, 'enduser.role': 'admin' }));
        assert.equal(info.traceId, '');
        assert.equal(info.spanId, '');
        assert.equal(info.eventName, '');

        assert.equal(error.severityNumber, 18);
        assert.equal(error.eventName, 'payment.failed');
        assert.equal(error.traceId, '0af7651916cd43dd8448eb211c80319c');
        assert.equal(error.spanId, 'b7ad6b7169203331');
        assert.equal(error.flags, 1);
        const b64 = Buffer.from(BYTES).toString('base64');
        assert.deepStrictEqual(
          error.body,
          attrs({
            msg: 'card declined',
            nested: attrs({ codes: [51, 'x', true], depth: attrs({ deeper: 1.5 }) }),
            raw: b64,
            big: '1152921504606846976',
          }),
        );
        assert.deepStrictEqual(
          error.attributes,
          attrs({ 'attr.bytes': b64, 'attr.map': attrs({ k: 'v', n: [1, 2] }), 'attr.empty.map': attrs({}), 'attr.empty.list': [] }),
        );

        assert.equal(warn.severityNumber, 13);
        assert.equal(warn.body, null, 'no body → null');
        assert.equal(warn.severityText, '');
      }
    });

    it('decode(signal, …) dispatches logs and metrics too', () => {
      assert.deepStrictEqual(decode('logs', p.logs.protobuf, 'protobuf'), decodeLogs(p.logs.protobuf, 'protobuf'));
      assert.deepStrictEqual(decode('metrics', p.metrics.json[0], 'json'), decodeMetrics(p.metrics.json[0], 'json'));
    });
  });
});
