/**
 * The OTLP/JSON decoder's rules beyond what the SDK's JSON serializer writes: snake_case names, enum names,
 * hex case, 64-bit integers and doubles in every spelling proto3 JSON allows, nulls, and errors that name
 * the field path.
 */
import { strict as assert } from 'node:assert';
import { newAttributes } from '../../../../src/core/model/attributes';
import { DecodeError, type LogRecord, type SpanRecord, type SumMetric } from '../../../../src/core/model/records';
import { decodeLogs, decodeMetrics, decodeTraces } from '../../../../src/core/otlp/decode';
import { ProtoWriter } from '../../../../src/core/otlp/protobuf/writer';
import { sdkPayloads, type SdkPayloads } from './sdk-agreement.test';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), snakeKeys(x)]));
  }
  return v;
}

function snakeBody(body: Uint8Array): Uint8Array {
  return enc(snakeKeys(JSON.parse(new TextDecoder().decode(body))));
}

/** One span in a request, with the span's fields replaced/added from `fields`. */
function spanRequest(fields: Record<string, unknown>): Uint8Array {
  return enc({
    resourceSpans: [
      { scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 's', ...fields }] }] },
    ],
  });
}

function oneSpan(fields: Record<string, unknown>): SpanRecord {
  return decodeTraces(spanRequest(fields), 'json')[0].items[0];
}

function attributeValue(value: unknown): unknown {
  return oneSpan({ attributes: [{ key: 'k', value }] }).attributes.k;
}

function throwsAt(fn: () => unknown, path: string, reason?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DecodeError, `expected DecodeError, got ${String(e)}`);
    assert.ok(e.message.includes(path), `message "${e.message}" names ${path}`);
    if (reason) assert.match(e.message, reason);
    return true;
  });
}

describe('OTLP/JSON decoder', () => {
  let p: SdkPayloads;
  before(async () => {
    p = await sdkPayloads();
  });

  it('accepts the original snake_case field names as well as lowerCamelCase', () => {
    assert.deepStrictEqual(decodeTraces(snakeBody(p.traces.json), 'json'), decodeTraces(p.traces.json, 'json'));
    for (const body of [...p.metrics.json, p.handBuilt.json]) {
      assert.deepStrictEqual(decodeMetrics(snakeBody(body), 'json'), decodeMetrics(body, 'json'));
    }
    assert.deepStrictEqual(decodeLogs(snakeBody(p.logs.json), 'json'), decodeLogs(p.logs.json, 'json'));
  });

  it('accepts enum value names as well as numbers', () => {
    const span = oneSpan({ kind: 'SPAN_KIND_SERVER', status: { code: 'STATUS_CODE_ERROR', message: 'boom' } });
    assert.equal(span.kind, 2);
    assert.equal(span.statusCode, 2);
    assert.equal(span.statusMessage, 'boom');
    assert.equal(oneSpan({ kind: 7 }).kind, 7, 'a kind newer than the decoder is kept as sent');
    const metrics = decodeMetrics(
      enc({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  { name: 'a', sum: { aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA', isMonotonic: true, dataPoints: [{ asInt: '5' }] } },
                  { name: 'b', histogram: { aggregationTemporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE' } },
                  { name: 'c', exponentialHistogram: { aggregationTemporality: 0 } },
                ],
              },
            ],
          },
        ],
      }),
      'json',
    )[0].items;
    assert.deepStrictEqual(metrics.map((m) => m.temporality), ['delta', 'cumulative', 'unspecified']);
    assert.equal((metrics[0] as SumMetric).points[0].value, 5);
    const log = decodeLogs(enc({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 'SEVERITY_NUMBER_WARN3' }] }] }] }), 'json')[0]
      .items[0] as LogRecord;
    assert.equal(log.severityNumber, 15);
    throwsAt(() => oneSpan({ kind: 'SPAN_KIND_SIDEWAYS' }), 'resourceSpans[0].scopeSpans[0].spans[0].kind', /enum/);
    throwsAt(() => oneSpan({ kind: 2.5 }), 'spans[0].kind');
  });

  it('reads ids case-insensitively into lowercase hex, and rejects anything but hex', () => {
    const span = oneSpan({ traceId: '5B8EFFF798038103D269B633813FC60C', spanId: 'EEE19B7EC3C1B174', parentSpanId: '' });
    assert.equal(span.traceId, '5b8efff798038103d269b633813fc60c');
    assert.equal(span.spanId, 'eee19b7ec3c1b174');
    assert.equal(span.parentSpanId, '');
    assert.equal(oneSpan({ parentSpanId: null }).parentSpanId, '');
    throwsAt(() => oneSpan({ traceId: 'not-hex-at-all' }), 'resourceSpans[0].scopeSpans[0].spans[0].traceId', /hex/);
    throwsAt(() => oneSpan({ spanId: 'abc' }), 'spans[0].spanId', /whole bytes/);
    throwsAt(() => oneSpan({ spanId: 12345 }), 'spans[0].spanId');
    // Base64 ids (a common exporter bug: the standard proto3 mapping) are not hex.
    throwsAt(() => oneSpan({ traceId: Buffer.alloc(16, 7).toString('base64') }), 'spans[0].traceId');
    throwsAt(() => oneSpan({ links: [{ traceId: 'zz' }] }), 'spans[0].links[0].traceId');
  });

  it('reads 64-bit integers as numbers or strings and int64 attributes exactly', () => {
    // The JSON number below loses precision on purpose: a JSON sender may write it so, and it must still read.
    // eslint-disable-next-line no-loss-of-precision
    const span = oneSpan({ startTimeUnixNano: '1700000000000000001', endTimeUnixNano: 1700000000000000001 });
    assert.equal(span.startTimeUnixNano, Number(1_700_000_000_000_000_001n));
    assert.equal(span.endTimeUnixNano, span.startTimeUnixNano);
    assert.equal(attributeValue({ intValue: '42' }), 42);
    assert.equal(attributeValue({ intValue: 42 }), 42);
    assert.equal(attributeValue({ intValue: '-0042' }), -42);
    assert.equal(attributeValue({ intValue: '9007199254740991' }), Number.MAX_SAFE_INTEGER);
    assert.equal(attributeValue({ intValue: '9007199254740993' }), '9007199254740993');
    assert.equal(attributeValue({ intValue: '-9223372036854775808' }), '-9223372036854775808');
    assert.equal(attributeValue({ intValue: '00000000000000000000012' }), 12);
    assert.equal(attributeValue({ intValue: 2 ** 60 }), '1152921504606846976');
    throwsAt(() => attributeValue({ intValue: '9223372036854775808' }), 'attributes[0].value.intValue', /64-bit/);
    throwsAt(() => attributeValue({ intValue: 1.5 }), 'attributes[0].value.intValue');
    throwsAt(() => attributeValue({ intValue: '1e3' }), 'attributes[0].value.intValue');
    throwsAt(() => oneSpan({ startTimeUnixNano: '-5' }), 'spans[0].startTimeUnixNano', /unsigned/);
    throwsAt(() => oneSpan({ startTimeUnixNano: 'yesterday' }), 'spans[0].startTimeUnixNano');
    throwsAt(() => oneSpan({ droppedAttributesCount: -1 }), 'spans[0].droppedAttributesCount');
    throwsAt(() => oneSpan({ flags: 2 ** 32 }), 'spans[0].flags');
    assert.equal(oneSpan({ flags: '257', droppedEventsCount: '3' }).flags, 257);
  });

  it('reads doubles as numbers, numerals and the special strings', () => {
    assert.ok(Number.isNaN(attributeValue({ doubleValue: 'NaN' }) as number));
    assert.equal(attributeValue({ doubleValue: 'Infinity' }), Infinity);
    assert.equal(attributeValue({ doubleValue: '-Infinity' }), -Infinity);
    assert.equal(attributeValue({ doubleValue: '-1.5e3' }), -1500);
    assert.equal(attributeValue({ doubleValue: 0.25 }), 0.25);
    throwsAt(() => attributeValue({ doubleValue: 'lots' }), 'attributes[0].value.doubleValue');
    throwsAt(() => attributeValue({ doubleValue: true }), 'attributes[0].value.doubleValue');
  });

  it('reads every AnyValue form; bytes as canonical base64 (standard or URL-safe, padded or not)', () => {
    assert.equal(attributeValue({ stringValue: '' }), '');
    assert.equal(attributeValue({ boolValue: false }), false);
    assert.equal(attributeValue({}), null);
    assert.equal(attributeValue(null), null);
    assert.equal(attributeValue({ stringValue: null, boolValue: true }), true);
    assert.deepStrictEqual(attributeValue({ arrayValue: {} }), []);
    assert.deepStrictEqual(attributeValue({ arrayValue: { values: [{ intValue: '1' }, {}, { arrayValue: { values: [{ boolValue: true }] } }] } }), [1, null, [true]]);
    const kv = attributeValue({ kvlistValue: { values: [{ key: '__proto__', value: { stringValue: 'safe' } }, { key: 'n', value: { kvlistValue: {} } }] } });
    assert.equal('toString' in (kv as object), false, 'no Object.prototype behind kvlist maps');
    assert.deepStrictEqual(Object.entries(kv as object), [['__proto__', 'safe'], ['n', newAttributes()]]);
    const raw = Buffer.from([0xfb, 0xff, 0xbf, 0x01]);
    for (const spelling of [raw.toString('base64'), raw.toString('base64url'), raw.toString('base64').replace(/=+$/, '')]) {
      assert.equal(attributeValue({ bytesValue: spelling }), raw.toString('base64'), spelling);
    }
    throwsAt(() => attributeValue({ bytesValue: 'not base64!' }), 'attributes[0].value.bytesValue', /base64/);
    throwsAt(() => attributeValue({ stringValue: 5 }), 'attributes[0].value.stringValue');
    throwsAt(() => attributeValue({ boolValue: 'true' }), 'attributes[0].value.boolValue');
    throwsAt(() => attributeValue({ arrayValue: [1] }), 'attributes[0].value.arrayValue');
    throwsAt(() => attributeValue({ arrayValue: { values: [{}, 'x'] } }), 'attributes[0].value.arrayValue.values[1]');
    throwsAt(() => attributeValue({ kvlistValue: { values: [{ key: 1 }] } }), 'attributes[0].value.kvlistValue.values[0].key');
    throwsAt(() => attributeValue('plain'), 'attributes[0].value', /AnyValue/);
  });

  it('treats null and absent fields as defaults', () => {
    assert.deepStrictEqual(decodeTraces(enc({}), 'json'), []);
    assert.deepStrictEqual(decodeTraces(enc({ resourceSpans: null }), 'json'), []);
    const batch = decodeTraces(enc({ resourceSpans: [{ resource: null, scopeSpans: [{ scope: null, spans: [{}] }] }] }), 'json')[0];
    assert.deepStrictEqual(batch.resource, { attributes: newAttributes(), droppedAttributesCount: 0 });
    assert.equal(batch.schemaUrl, '');
    const span = batch.items[0];
    assert.deepStrictEqual(span.scope, { name: '', version: '', attributes: newAttributes() });
    assert.equal(span.name, '');
    assert.equal(span.traceId, '');
    assert.deepStrictEqual([span.kind, span.startTimeUnixNano, span.flags, span.statusCode], [0, 0, 0, 0]);
    assert.deepStrictEqual([span.events, span.links], [[], []]);
  });

  it('rejects bodies that are not JSON objects', () => {
    for (const body of ['', 'not json', '{"resourceSpans": [', '[]', 'null', '42', '"text"', 'true']) {
      assert.throws(() => decodeTraces(enc(body), 'json'), DecodeError, body);
      assert.throws(() => decodeMetrics(enc(body), 'json'), DecodeError, body);
      assert.throws(() => decodeLogs(enc(body), 'json'), DecodeError, body);
    }
    assert.throws(() => decodeTraces(Uint8Array.from([0xff, 0xfe, 0x00]), 'json'), DecodeError);
  });

  it('rejects wrong shapes with the field path in the message', () => {
    throwsAt(() => decodeTraces(enc({ resourceSpans: 5 }), 'json'), 'resourceSpans', /array/);
    throwsAt(() => decodeTraces(enc({ resourceSpans: [5] }), 'json'), 'resourceSpans[0]', /ResourceSpans/);
    throwsAt(() => decodeTraces(enc({ resourceSpans: [{ resource: [] }] }), 'json'), 'resourceSpans[0].resource');
    throwsAt(() => decodeTraces(enc({ resourceSpans: [{ resource: { attributes: {} } }] }), 'json'), 'resourceSpans[0].resource.attributes');
    throwsAt(() => decodeTraces(enc({ resourceSpans: [{ resource: { attributes: [{ key: 'k', value: { intValue: true } }] } }] }), 'json'), 'resourceSpans[0].resource.attributes[0].value.intValue');
    throwsAt(() => decodeTraces(enc({ resourceSpans: [{ scopeSpans: [{ scope: { name: 3 } }] }] }), 'json'), 'resourceSpans[0].scopeSpans[0].scope.name', /string/);
    throwsAt(() => oneSpan({ name: ['x'] }), 'resourceSpans[0].scopeSpans[0].spans[0].name');
    throwsAt(() => oneSpan({ events: [{ timeUnixNano: {} }] }), 'spans[0].events[0].timeUnixNano');
    throwsAt(() => oneSpan({ status: 'ok' }), 'spans[0].status');
    throwsAt(() => oneSpan({ status: { message: 1 } }), 'spans[0].status.message');
    const metric = (m: unknown) => decodeMetrics(enc({ resourceMetrics: [{ scopeMetrics: [{ metrics: [m] }] }] }), 'json');
    throwsAt(() => metric({ name: 'm', gauge: 1 }), 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge', /object/);
    throwsAt(() => metric({ name: 'm', sum: { isMonotonic: 'yes' } }), 'metrics[0].sum.isMonotonic', /boolean/);
    throwsAt(() => metric({ name: 'm', gauge: { dataPoints: [{ asDouble: 'x' }] } }), 'metrics[0].gauge.dataPoints[0].asDouble');
    throwsAt(() => metric({ name: 'm', histogram: { dataPoints: [{ bucketCounts: [1, -1] }] } }), 'metrics[0].histogram.dataPoints[0].bucketCounts[1]');
    throwsAt(() => metric({ name: 'm', histogram: { dataPoints: [{ explicitBounds: ['a'] }] } }), 'dataPoints[0].explicitBounds[0]');
    throwsAt(() => metric({ name: 'm', histogram: { dataPoints: [{ sum: {} }] } }), 'dataPoints[0].sum');
    throwsAt(() => metric({ name: 'm', exponentialHistogram: { dataPoints: [{ positive: { offset: 'x' } }] } }), 'exponentialHistogram.dataPoints[0].positive.offset');
    throwsAt(() => metric({ name: 'm', summary: { dataPoints: [{ quantileValues: [null] }] } }), 'summary.dataPoints[0].quantileValues[0]');
    throwsAt(() => metric({ name: 'm', gauge: {}, metadata: [{ key: 'k', value: 1 }] }), 'metrics[0].metadata[0].value');
    const log = (r: unknown) => decodeLogs(enc({ resourceLogs: [{ scopeLogs: [{ logRecords: [r] }] }] }), 'json');
    throwsAt(() => log({ body: { kvlistValue: { values: [{ key: 'a', value: { doubleValue: [] } }] } } }), 'resourceLogs[0].scopeLogs[0].logRecords[0].body.kvlistValue.values[0].value.doubleValue');
    throwsAt(() => log({ severityNumber: 'LOUD' }), 'logRecords[0].severityNumber');
    throwsAt(() => log({ traceId: 'xyz' }), 'logRecords[0].traceId');
  });

  it('bounds AnyValue nesting in both encodings (DecodeError, not a stack overflow)', () => {
    const nestJson = (depth: number): unknown => (depth === 0 ? { stringValue: 'leaf' } : { arrayValue: { values: [nestJson(depth - 1)] } });
    assert.doesNotThrow(() => attributeValue(nestJson(60)));
    throwsAt(() => attributeValue(nestJson(100)), 'attributes[0].value', /nested deeper/);
    const nestProto = (depth: number): Uint8Array =>
      depth === 0 ? new ProtoWriter().stringField(1, 'leaf').finish() : new ProtoWriter().messageField(5, new ProtoWriter().messageField(1, nestProto(depth - 1))).finish();
    const request = (value: Uint8Array) =>
      new ProtoWriter()
        .messageField(1, new ProtoWriter().messageField(2, new ProtoWriter().messageField(2, new ProtoWriter().messageField(9, new ProtoWriter().stringField(1, 'k').messageField(2, value)))))
        .finish();
    assert.doesNotThrow(() => decodeTraces(request(nestProto(60)), 'protobuf'));
    assert.throws(() => decodeTraces(request(nestProto(1000)), 'protobuf'), (e: unknown) => e instanceof DecodeError && /nested deeper/.test(e.message));
    const deepJson = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":' + '{"arrayValue":{"values":['.repeat(20000) + ']}}'.repeat(20000) + '}]}]}]}]}';
    assert.throws(() => decodeTraces(enc(deepJson), 'json'), DecodeError);
  });
});
