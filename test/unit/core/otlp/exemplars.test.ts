/**
 * Exemplars on histogram and sum points, through both decoders. The request is real SDK data from the reference
 * JSON encoder (a histogram and a counter recorded inside a sampled span) with the span's exemplars added (the JS
 * SDK exports none, see test/helpers/exemplars.ts); the protobuf body is the same request encoded by protobufjs
 * from the opentelemetry-proto field numbers, so neither decoder is checked against this project's own writer.
 */
import { strict as assert } from 'node:assert';
import * as protobuf from 'protobufjs';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeMetricsJson } from '../../../../src/core/otlp/json/metrics';
import { decodeMetricsProtobuf } from '../../../../src/core/otlp/protobuf/metrics';
import { MAX_EXEMPLARS_PER_POINT, type HistogramMetric, type MetricsPayload, type SumMetric } from '../../../../src/core/model/records';
import { recordInSpan, sdkJson, withExemplars, type RecordedInSpan } from '../../../helpers/exemplars';

const PROTO = `
syntax = "proto3";
package ex;
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope { string name = 1; string version = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
message Metric { string name = 1; string description = 2; string unit = 3; oneof data { Sum sum = 7; Histogram histogram = 9; } }
message Sum { repeated NumberDataPoint data_points = 1; int32 aggregation_temporality = 2; bool is_monotonic = 3; }
message NumberDataPoint { repeated KeyValue attributes = 7; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
  oneof value { double as_double = 4; sfixed64 as_int = 6; } repeated Exemplar exemplars = 5; uint32 flags = 8; }
message Histogram { repeated HistogramDataPoint data_points = 1; int32 aggregation_temporality = 2; }
message HistogramDataPoint { repeated KeyValue attributes = 9; fixed64 start_time_unix_nano = 2; fixed64 time_unix_nano = 3;
  fixed64 count = 4; optional double sum = 5; repeated fixed64 bucket_counts = 6; repeated double explicit_bounds = 7;
  repeated Exemplar exemplars = 8; uint32 flags = 10; optional double min = 11; optional double max = 12; }
message Exemplar { repeated KeyValue filtered_attributes = 7; fixed64 time_unix_nano = 2;
  oneof value { double as_double = 3; sfixed64 as_int = 6; } bytes span_id = 4; bytes trace_id = 5; }
`;
const root = protobuf.parse(PROTO, { keepCase: false }).root;

/** OTLP/JSON → the protobufjs object form: hex ids become bytes, everything else maps field for field. */
function protoObject(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => protoObject(x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = protoObject(x, k);
    return out;
  }
  if ((key === 'traceId' || key === 'spanId') && typeof v === 'string') return Buffer.from(v, 'hex');
  return v;
}

function encodeProtobuf(request: unknown): Uint8Array {
  const Request = root.lookupType('ex.ExportMetricsServiceRequest');
  return Request.encode(Request.fromObject(protoObject(request) as Record<string, unknown>)).finish();
}

function metricsOf(payload: MetricsPayload): { histogram: HistogramMetric; sum: SumMetric } {
  const metrics = payload.flatMap((b) => b.items);
  const histogram = metrics.find((m) => m.kind === 'histogram') as HistogramMetric | undefined;
  const sum = metrics.find((m) => m.kind === 'sum') as SumMetric | undefined;
  assert.ok(histogram && sum, `a histogram and a sum among ${metrics.map((m) => m.name).join(', ')}`);
  return { histogram, sum };
}

describe('exemplars', () => {
  let recorded: RecordedInSpan;
  let request: ReturnType<typeof sdkJson>;

  before(async () => {
    recorded = await recordInSpan();
    request = withExemplars(sdkJson(recorded), recorded);
  });

  it('the JS SDK still exports no exemplars itself (when it does, these tests should use its own)', () => {
    const plain = new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(recorded.resourceMetrics)!);
    assert.ok(!plain.includes('"exemplars":'), 'otlp-transformer now writes exemplars: build the request from the SDK alone');
  });

  for (const encoding of ['json', 'protobuf'] as const) {
    describe(`decoded from ${encoding}`, () => {
      let decoded: { histogram: HistogramMetric; sum: SumMetric };
      before(() => {
        const body = encoding === 'json' ? new TextEncoder().encode(JSON.stringify(request)) : encodeProtobuf(request);
        decoded = metricsOf(encoding === 'json' ? decodeMetricsJson(body) : decodeMetricsProtobuf(body));
      });

      it('keeps each histogram exemplar with its value, time, trace and span id, and filtered attributes', () => {
        const [point] = decoded.histogram.points;
        assert.equal(point.count, recorded.durations.length, 'the SDK counted the measurements');
        assert.ok(point.exemplars, 'the point has exemplars');
        assert.deepEqual(
          point.exemplars.map((e) => e.value),
          recorded.durations,
        );
        for (const [i, e] of point.exemplars.entries()) {
          assert.equal(e.traceId, recorded.traceId);
          assert.equal(e.spanId, recorded.spanId);
          assert.match(e.traceId, /^[0-9a-f]{32}$/);
          assert.equal(e.timeUnixNano, Number(recorded.timesUnixNano[i]));
          assert.deepEqual({ ...e.filteredAttributes }, { 'user.tier': 'gold' });
        }
      });

      it('keeps a sum exemplar recorded as an integer', () => {
        const [point] = decoded.sum.points;
        assert.equal(point.value, recorded.added);
        assert.equal(point.exemplars?.length, 1);
        assert.equal(point.exemplars![0].value, recorded.added);
        assert.equal(point.exemplars![0].spanId, recorded.spanId);
      });
    });
  }

  it('both decoders give deep-equal records', () => {
    const json = decodeMetricsJson(new TextEncoder().encode(JSON.stringify(request)));
    const proto = decodeMetricsProtobuf(encodeProtobuf(request));
    assert.deepEqual(metricsOf(proto).histogram.points, metricsOf(json).histogram.points);
    assert.deepEqual(metricsOf(proto).sum.points, metricsOf(json).sum.points);
  });

  it('points without exemplars carry no exemplars field (as before)', () => {
    const plain = JsonMetricsSerializer.serializeRequest(recorded.resourceMetrics)!;
    const { histogram, sum } = metricsOf(decodeMetricsJson(plain));
    assert.ok(!('exemplars' in histogram.points[0]));
    assert.ok(!('exemplars' in sum.points[0]));
  });

  it(`keeps at most ${MAX_EXEMPLARS_PER_POINT} exemplars per point`, async () => {
    const many = await recordInSpan('many', Array.from({ length: 40 }, (_, i) => i / 100));
    const body = new TextEncoder().encode(JSON.stringify(withExemplars(sdkJson(many), many)));
    for (const decoded of [decodeMetricsJson(body), decodeMetricsProtobuf(encodeProtobuf(JSON.parse(new TextDecoder().decode(body))))]) {
      const ex = metricsOf(decoded).histogram.points[0].exemplars!;
      assert.equal(ex.length, MAX_EXEMPLARS_PER_POINT);
      assert.deepEqual(ex.map((e) => e.value), many.durations.slice(0, MAX_EXEMPLARS_PER_POINT), 'the first ones, in order');
    }
  });

  it('names the field of a bad exemplar', () => {
    const bad = JSON.parse(JSON.stringify(request)) as typeof request;
    const point = bad.resourceMetrics[0].scopeMetrics[0].metrics.find((m) => m.histogram)!.histogram!.dataPoints[0];
    point.exemplars![1].traceId = 'not-hex';
    assert.throws(() => decodeMetricsJson(new TextEncoder().encode(JSON.stringify(bad))), /exemplars\[1\]/);
  });
});
