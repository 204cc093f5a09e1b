/**
 * The forwarder's transcoders against the reference encoders: OTLP/JSON from @opentelemetry/otlp-transformer,
 * re-encoded to protobuf, must read (with protobufjs and with our own decoder) exactly as the protobuf the same
 * library writes for the same SDK data; protobuf turned into JSON must read back the same through the JSON decoder.
 */
import { strict as assert } from 'node:assert';
import * as protobuf from 'protobufjs';
import { jsonToProtobuf } from '../../../../src/core/forward/transcode/jsonToProtobuf';
import { protobufToJson } from '../../../../src/core/forward/transcode/protobufToJson';
import { decode } from '../../../../src/core/otlp/decode';
import type { Signal } from '../../../../src/core/model/records';
import { OTLP_PROTO } from '../../../../bench/schema/otlpProto';
import { sdkPayloads, type SdkPayloads } from '../otlp/sdk-agreement.test';

// The bench's schema has traces and metrics; logs/v1 is added here from the same specification.
const LOGS_PROTO = `
message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; string schema_url = 3; }
message ScopeLogs { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; string schema_url = 3; }
message LogRecord {
  fixed64 time_unix_nano = 1;
  fixed64 observed_time_unix_nano = 11;
  int32 severity_number = 2;
  string severity_text = 3;
  AnyValue body = 5;
  repeated KeyValue attributes = 6;
  uint32 dropped_attributes_count = 7;
  fixed32 flags = 8;
  bytes trace_id = 9;
  bytes span_id = 10;
  string event_name = 12;
}
`;
const root = protobuf.parse(OTLP_PROTO + LOGS_PROTO, { keepCase: false }).root;
const TYPES: Record<Signal, protobuf.Type> = {
  traces: root.lookupType('opentelemetry.proto.ExportTraceServiceRequest'),
  metrics: root.lookupType('opentelemetry.proto.ExportMetricsServiceRequest'),
  logs: root.lookupType('opentelemetry.proto.ExportLogsServiceRequest'),
};
/** Longs as exact strings, so a 64-bit value that lost a bit shows; bytes as base64; defaults filled in. */
const EXACT: protobuf.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: true, arrays: true };

function viaProtobufjs(signal: Signal, bytes: Uint8Array): unknown {
  return TYPES[signal].toObject(TYPES[signal].decode(bytes), EXACT);
}

/**
 * The same content, told apart from its encoding: an empty message (`{}`) and an absent one (null) both mean
 * "no value". The reference JSON serializer writes `"body": {}` for a log record without a body where its
 * protobuf serializer leaves the field out; the transcoder keeps what the JSON says.
 */
function content(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(content);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length === 0 ? null : Object.fromEntries(entries.map(([k, v]) => [k, content(v)]));
  }
  return value;
}

interface Case {
  signal: Signal;
  what: string;
  json: Uint8Array;
  protobuf: Uint8Array;
}

function cases(p: SdkPayloads): Case[] {
  return [
    { signal: 'traces', what: 'SDK spans (events, links, status, every attribute type)', json: p.traces.json, protobuf: p.traces.protobuf },
    { signal: 'metrics', what: 'SDK metrics, cumulative (gauge, sums, histogram, exponential histogram)', json: p.metrics.json[0], protobuf: p.metrics.protobuf[0] },
    { signal: 'metrics', what: 'SDK metrics, delta', json: p.metrics.json[1], protobuf: p.metrics.protobuf[1] },
    { signal: 'logs', what: 'SDK log records (bodies, severities, trace context)', json: p.logs.json, protobuf: p.logs.protobuf },
  ];
}

describe('forward transcoding: OTLP/JSON ↔ protobuf', () => {
  let payloads: SdkPayloads;
  before(async () => {
    payloads = await sdkPayloads();
  });

  it('JSON re-encoded as protobuf reads, with protobufjs, exactly as the reference protobuf of the same data', () => {
    for (const c of cases(payloads)) {
      const transcoded = jsonToProtobuf(c.signal, c.json);
      assert.deepEqual(content(viaProtobufjs(c.signal, transcoded)), content(viaProtobufjs(c.signal, c.protobuf)), c.what);
    }
  });

  it('JSON re-encoded as protobuf decodes, with the engine decoder, to the same records as the JSON itself', () => {
    for (const c of cases(payloads)) {
      const transcoded = jsonToProtobuf(c.signal, c.json);
      assert.deepEqual(decode(c.signal, transcoded, 'protobuf'), decode(c.signal, c.json, 'json'), c.what);
      assert.deepEqual(decode(c.signal, transcoded, 'protobuf'), decode(c.signal, c.protobuf, 'protobuf'), c.what);
    }
  });

  it('protobuf turned into JSON decodes to the same records, and back to protobuf to the same message', () => {
    for (const c of cases(payloads)) {
      const json = protobufToJson(c.signal, c.protobuf);
      assert.deepEqual(decode(c.signal, json, 'json'), decode(c.signal, c.protobuf, 'protobuf'), c.what);
      assert.deepEqual(viaProtobufjs(c.signal, jsonToProtobuf(c.signal, json)), viaProtobufjs(c.signal, c.protobuf), c.what);
      // Our own protobuf → JSON → protobuf comes back byte for byte: nothing is lost on the way.
      const once = jsonToProtobuf(c.signal, c.json);
      assert.deepEqual(Buffer.from(jsonToProtobuf(c.signal, protobufToJson(c.signal, once))), Buffer.from(once), c.what);
    }
  });

  it('keeps 64-bit integers past 2^53 to the last bit, hex ids as bytes, base64 bytes, enum names as numbers', () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'big', value: { intValue: '9223372036854775807' } }, { key: 'neg', value: { intValue: '-9223372036854775808' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '0AF7651916CD43DD8448EB211C80319C',
                  spanId: 'b7ad6b7169203331',
                  name: 'x',
                  kind: 'SPAN_KIND_SERVER',
                  startTimeUnixNano: '18446744073709551615',
                  endTimeUnixNano: 1_700_000_000_000_000_000,
                  attributes: [{ key: 'raw', value: { bytesValue: 'AAEC+v8=' } }],
                  status: { code: 'STATUS_CODE_ERROR', message: 'no' },
                  unknownField: { ignored: true },
                },
              ],
            },
          ],
        },
      ],
    };
    const pb = jsonToProtobuf('traces', Buffer.from(JSON.stringify(body)));
    const o = viaProtobufjs('traces', pb) as { resourceSpans: { resource: { attributes: { value: { intValue: string } }[] }; scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const span = o.resourceSpans[0].scopeSpans[0].spans[0];
    assert.equal(o.resourceSpans[0].resource.attributes[0].value.intValue, '9223372036854775807');
    assert.equal(o.resourceSpans[0].resource.attributes[1].value.intValue, '-9223372036854775808');
    assert.equal(span.startTimeUnixNano, '18446744073709551615');
    assert.equal(span.endTimeUnixNano, '1700000000000000000');
    assert.equal(Buffer.from(span.traceId as string, 'base64').toString('hex'), '0af7651916cd43dd8448eb211c80319c');
    assert.equal(Buffer.from(span.spanId as string, 'base64').toString('hex'), 'b7ad6b7169203331');
    assert.equal(span.kind, 2);
    assert.deepEqual(span.status, { message: 'no', code: 2 });
    assert.equal((span.attributes as { value: { bytesValue: string } }[])[0].value.bytesValue, 'AAEC+v8=');
    // And back: the JSON side writes 64-bit values as exact decimal strings.
    const back = JSON.parse(Buffer.from(protobufToJson('traces', pb)).toString());
    assert.equal(back.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano, '18446744073709551615');
    assert.equal(back.resourceSpans[0].resource.attributes[1].value.intValue, '-9223372036854775808');
    assert.equal(back.resourceSpans[0].scopeSpans[0].spans[0].traceId, '0af7651916cd43dd8448eb211c80319c');
  });

  it('refuses what is not OTLP/JSON with a DecodeError naming the field', () => {
    assert.throws(() => jsonToProtobuf('traces', Buffer.from('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]}')), /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected a hex id/);
    assert.throws(() => jsonToProtobuf('metrics', Buffer.from('not json')), /invalid JSON/);
    assert.throws(() => jsonToProtobuf('logs', Buffer.from('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1.5"}]}]}]}')), /timeUnixNano: expected a 64-bit integer/);
  });
});
