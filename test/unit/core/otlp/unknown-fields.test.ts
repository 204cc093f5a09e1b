/**
 * The schema only grows: unknown fields of every wire type, at every level of every message, are skipped
 * (protobuf), and unknown keys are ignored (JSON). Real SDK payloads are rewritten with extra fields injected
 * before, between and after the known ones; the records must not change.
 */
import { strict as assert } from 'node:assert';
import { decodeLogs, decodeMetrics, decodeTraces } from '../../../../src/core/otlp/decode';
import { ProtoReader, WireType } from '../../../../src/core/otlp/protobuf/reader';
import { ProtoWriter } from '../../../../src/core/otlp/protobuf/writer';
import { readAllSpans, sdkPayloads, type SdkPayloads } from './sdk-agreement.test';

/** For each message type, which length-delimited fields are embedded messages (and of which type). */
const MESSAGES: Record<string, Record<number, string>> = {
  AnyValue: { 5: 'ArrayValue', 6: 'KeyValueList' },
  ArrayValue: { 1: 'AnyValue' },
  KeyValueList: { 1: 'KeyValue' },
  KeyValue: { 2: 'AnyValue' },
  Resource: { 1: 'KeyValue' },
  InstrumentationScope: { 3: 'KeyValue' },

  ExportTraceServiceRequest: { 1: 'ResourceSpans' },
  ResourceSpans: { 1: 'Resource', 2: 'ScopeSpans' },
  ScopeSpans: { 1: 'InstrumentationScope', 2: 'Span' },
  Span: { 9: 'KeyValue', 11: 'Event', 13: 'Link', 15: 'Status' },
  Event: { 3: 'KeyValue' },
  Link: { 4: 'KeyValue' },
  Status: {},

  ExportMetricsServiceRequest: { 1: 'ResourceMetrics' },
  ResourceMetrics: { 1: 'Resource', 2: 'ScopeMetrics' },
  ScopeMetrics: { 1: 'InstrumentationScope', 2: 'Metric' },
  Metric: { 5: 'Gauge', 7: 'Sum', 9: 'Histogram', 10: 'ExponentialHistogram', 11: 'Summary', 12: 'KeyValue' },
  Gauge: { 1: 'NumberDataPoint' },
  Sum: { 1: 'NumberDataPoint' },
  Histogram: { 1: 'HistogramDataPoint' },
  ExponentialHistogram: { 1: 'ExponentialHistogramDataPoint' },
  Summary: { 1: 'SummaryDataPoint' },
  NumberDataPoint: { 7: 'KeyValue' },
  HistogramDataPoint: { 9: 'KeyValue' },
  ExponentialHistogramDataPoint: { 1: 'KeyValue', 8: 'Buckets', 9: 'Buckets' },
  Buckets: {},
  SummaryDataPoint: { 7: 'KeyValue', 6: 'ValueAtQuantile' },
  ValueAtQuantile: {},

  ExportLogsServiceRequest: { 1: 'ResourceLogs' },
  ResourceLogs: { 1: 'Resource', 2: 'ScopeLogs' },
  ScopeLogs: { 1: 'InstrumentationScope', 2: 'LogRecord' },
  LogRecord: { 5: 'AnyValue', 6: 'KeyValue' },
};

/** Unknown fields of every wire type, plus a known field number (1) sent with a wire type no OTLP field 1 has. */
function writeUnknownFields(w: ProtoWriter): void {
  w.tag(90, WireType.Varint).uint32(123456);
  w.tag(91, WireType.Varint).varint64(0xffffffff, 0xffffffff); // ten bytes
  w.tag(92, WireType.Fixed64).fixed64(0x1234);
  w.tag(93, WireType.LengthDelimited).bytes(Uint8Array.from([0x0a, 0xff, 0x00, 0x12]));
  w.tag(94, WireType.Fixed32).fixed32(0xdeadbeef);
  w.tag(95, WireType.StartGroup)
    .tag(1, WireType.Varint).uint32(7)
    .tag(2, WireType.LengthDelimited).string('inside a group')
    .tag(3, WireType.StartGroup).tag(1, WireType.Fixed64).fixed64(1).tag(3, WireType.EndGroup)
    .tag(95, WireType.EndGroup);
  w.tag(536870911, WireType.Varint).uint32(1); // the largest field number
  w.tag(1, WireType.Fixed32).fixed32(0xcafebabe);
}

/** Rewrites a message of `type`, injecting unknown fields before every field and at the end, recursively. */
function inject(body: Uint8Array, type: string): Uint8Array {
  const children = MESSAGES[type];
  assert.ok(children, `schema for ${type}`);
  const r = new ProtoReader(body);
  const w = new ProtoWriter();
  while (r.pos < r.len) {
    writeUnknownFields(w);
    const tag = r.tag();
    const field = tag >>> 3;
    const start = r.pos;
    if ((tag & 7) === WireType.LengthDelimited) {
      const n = r.length();
      const value = body.subarray(r.pos, r.pos + n);
      r.pos += n;
      const child = children[field];
      w.tag(field, WireType.LengthDelimited).bytes(child ? inject(value, child) : value);
    } else {
      r.skip(tag);
      w.tag(field, tag & 7).raw(body.subarray(start, r.pos));
    }
  }
  writeUnknownFields(w);
  return w.finish();
}

/** Adds unknown keys (camelCase, snake_case, nested, null) to every object of a JSON document. */
function addUnknownKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(addUnknownKeys);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    out.futureField = { nested: [1, { deeper: 'x' }], when: '123' };
    for (const [k, x] of Object.entries(v)) out[k] = addUnknownKeys(x);
    out.future_snake_field = 7;
    out.futureNull = null;
    out.futureList = [true, null, 'x'];
    return out;
  }
  return v;
}

function jsonWithUnknownKeys(body: Uint8Array): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(addUnknownKeys(JSON.parse(new TextDecoder().decode(body)))));
}

describe('OTLP decoders: unknown fields', () => {
  let p: SdkPayloads;
  before(async () => {
    p = await sdkPayloads();
  });

  it('protobuf traces: unknown fields of every wire type at every level are skipped', () => {
    const mutated = inject(p.traces.protobuf, 'ExportTraceServiceRequest');
    assert.ok(mutated.length > p.traces.protobuf.length * 3);
    assert.deepStrictEqual(readAllSpans(decodeTraces(mutated, 'protobuf')), readAllSpans(decodeTraces(p.traces.protobuf, 'protobuf')));
  });

  it('protobuf metrics: unknown fields at every level (SDK and hand-built payloads) are skipped', () => {
    for (const body of [...p.metrics.protobuf, p.handBuilt.protobuf]) {
      const mutated = inject(body, 'ExportMetricsServiceRequest');
      assert.deepStrictEqual(decodeMetrics(mutated, 'protobuf'), decodeMetrics(body, 'protobuf'));
    }
  });

  it('protobuf logs: unknown fields at every level are skipped', () => {
    const mutated = inject(p.logs.protobuf, 'ExportLogsServiceRequest');
    assert.deepStrictEqual(decodeLogs(mutated, 'protobuf'), decodeLogs(p.logs.protobuf, 'protobuf'));
  });

  it('the injection really reaches the innermost messages', () => {
    // Sanity check of the test itself: a nested AnyValue gets unknown fields too.
    const anyValue = new ProtoWriter().stringField(1, 'v').finish();
    const mutated = inject(new ProtoWriter().stringField(1, 'k').messageField(2, anyValue).finish(), 'KeyValue');
    const r = new ProtoReader(mutated);
    let sawInnerUnknown = false;
    while (r.pos < r.len) {
      const tag = r.tag();
      if (tag === ((2 << 3) | 2)) {
        const end = r.messageEnd();
        while (r.pos < end) {
          const t = r.tag();
          if (t >>> 3 === 90) sawInnerUnknown = true;
          r.skip(t);
        }
      } else r.skip(tag);
    }
    assert.ok(sawInnerUnknown);
  });

  it('JSON: unknown keys in every object are ignored', () => {
    assert.deepStrictEqual(readAllSpans(decodeTraces(jsonWithUnknownKeys(p.traces.json), 'json')), readAllSpans(decodeTraces(p.traces.json, 'json')));
    for (const body of [...p.metrics.json, p.handBuilt.json]) {
      assert.deepStrictEqual(decodeMetrics(jsonWithUnknownKeys(body), 'json'), decodeMetrics(body, 'json'));
    }
    assert.deepStrictEqual(decodeLogs(jsonWithUnknownKeys(p.logs.json), 'json'), decodeLogs(p.logs.json, 'json'));
  });

  it('a metric whose only data is an unknown (newer) type is left out, in both encodings', () => {
    const metric = new ProtoWriter()
      .stringField(1, 'future.metric')
      .messageField(20, new ProtoWriter().messageField(1, new ProtoWriter().stringField(1, 'point')));
    const scope = new ProtoWriter().messageField(2, metric).messageField(2, new ProtoWriter().stringField(1, 'no.data'));
    const body = new ProtoWriter().messageField(1, new ProtoWriter().messageField(2, scope)).finish();
    const decoded = decodeMetrics(body, 'protobuf');
    assert.equal(decoded.length, 1);
    assert.deepStrictEqual(decoded[0].items, []);
    const json = { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'future.metric', futureType: { dataPoints: [{}] } }, { name: 'no.data' }] }] }] };
    assert.deepStrictEqual(decodeMetrics(new TextEncoder().encode(JSON.stringify(json)), 'json'), decoded);
  });
});
