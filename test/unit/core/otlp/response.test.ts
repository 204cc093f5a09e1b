/** Response bodies: Export*ServiceResponse and google.rpc.Status, decoded back with protobufjs and JSON.parse. */
import { strict as assert } from 'node:assert';
import { ProtobufTraceSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { Signal } from '../../../../src/core/model/records';
import { encodeExportResponse, encodeStatus } from '../../../../src/core/otlp/response';
import { otlpTestRoot } from './sdk-agreement.test';

const RESPONSE_TYPES: Record<Signal, [string, string]> = {
  traces: ['otlptest.ExportTraceServiceResponse', 'rejectedSpans'],
  metrics: ['otlptest.ExportMetricsServiceResponse', 'rejectedDataPoints'],
  logs: ['otlptest.ExportLogsServiceResponse', 'rejectedLogRecords'],
};

function decodeResponse(signal: Signal, body: Uint8Array): Record<string, unknown> {
  const type = otlpTestRoot.lookupType(RESPONSE_TYPES[signal][0]);
  return type.toObject(type.decode(body), { longs: String, defaults: false }) as Record<string, unknown>;
}

const json = (body: Uint8Array) => JSON.parse(new TextDecoder().decode(body));

describe('OTLP response encoders', () => {
  it('full success is the empty message: zero bytes, or {}', () => {
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      assert.equal(encodeExportResponse(signal, 0, '', 'protobuf').length, 0);
      assert.equal(new TextDecoder().decode(encodeExportResponse(signal, 0, '', 'json')), '{}');
    }
  });

  it('partial success round-trips through protobufjs with the signal’s rejected field', () => {
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      const name = RESPONSE_TYPES[signal][1];
      assert.deepStrictEqual(decodeResponse(signal, encodeExportResponse(signal, 3, 'bad spans', 'protobuf')), {
        partialSuccess: { [name]: '3', errorMessage: 'bad spans' },
      });
      assert.deepStrictEqual(decodeResponse(signal, encodeExportResponse(signal, 2 ** 40 + 1, '', 'protobuf')), {
        partialSuccess: { [name]: String(2 ** 40 + 1) },
      });
      // A warning: nothing rejected, a message.
      assert.deepStrictEqual(decodeResponse(signal, encodeExportResponse(signal, 0, 'ünïcode warning', 'protobuf')), {
        partialSuccess: { errorMessage: 'ünïcode warning' },
      });
    }
  });

  it('clamps a count that int64 cannot carry instead of failing', () => {
    assert.equal(encodeExportResponse('traces', NaN, '', 'protobuf').length, 0);
    assert.deepStrictEqual(decodeResponse('traces', encodeExportResponse('traces', 2.7, '', 'protobuf')), { partialSuccess: { rejectedSpans: '2' } });
    assert.deepStrictEqual(json(encodeExportResponse('logs', -4, 'x', 'json')), { partialSuccess: { errorMessage: 'x' } });
    assert.deepStrictEqual(json(encodeExportResponse('metrics', Infinity, '', 'json')), {});
  });

  it('JSON partial success follows proto3 JSON: int64 as a string, defaults left out', () => {
    assert.equal(new TextDecoder().decode(encodeExportResponse('traces', 3, '', 'json')), '{"partialSuccess":{"rejectedSpans":"3"}}');
    assert.deepStrictEqual(json(encodeExportResponse('metrics', 7, 'too old', 'json')), {
      partialSuccess: { rejectedDataPoints: '7', errorMessage: 'too old' },
    });
    assert.deepStrictEqual(json(encodeExportResponse('logs', 0, 'note "quoted"', 'json')), { partialSuccess: { errorMessage: 'note "quoted"' } });
    assert.deepStrictEqual(json(encodeExportResponse('logs', 12, '', 'json')), { partialSuccess: { rejectedLogRecords: '12' } });
  });

  it('the SDK exporters’ own response parsers read our responses', () => {
    assert.deepStrictEqual(ProtobufTraceSerializer.deserializeResponse(encodeExportResponse('traces', 4, 'dropped', 'protobuf')), {
      partialSuccess: { rejectedSpans: 4, errorMessage: 'dropped' },
    });
    assert.deepStrictEqual(ProtobufTraceSerializer.deserializeResponse(encodeExportResponse('traces', 0, '', 'protobuf')), {});
    const metrics = ProtobufMetricsSerializer.deserializeResponse(encodeExportResponse('metrics', 5, '', 'protobuf'));
    assert.equal(Number(metrics.partialSuccess?.rejectedDataPoints), 5);
    const logs = ProtobufLogsSerializer.deserializeResponse(encodeExportResponse('logs', 6, 'x', 'protobuf'));
    assert.equal(Number(logs.partialSuccess?.rejectedLogRecords), 6);
    assert.deepStrictEqual(JsonTraceSerializer.deserializeResponse(encodeExportResponse('traces', 2, 'y', 'json')), {
      partialSuccess: { rejectedSpans: '2', errorMessage: 'y' },
    });
  });

  it('google.rpc.Status round-trips in both encodings', () => {
    const Status = otlpTestRoot.lookupType('otlptest.Status');
    const decodeStatus = (body: Uint8Array) => Status.toObject(Status.decode(body), { defaults: false });
    assert.deepStrictEqual(decodeStatus(encodeStatus(3, 'invalid protobuf: truncated varint', 'protobuf')), {
      code: 3,
      message: 'invalid protobuf: truncated varint',
    });
    assert.deepStrictEqual(decodeStatus(encodeStatus(8, '', 'protobuf')), { code: 8 });
    assert.deepStrictEqual(decodeStatus(encodeStatus(-1, 'negative', 'protobuf')), { code: -1, message: 'negative' });
    assert.equal(encodeStatus(0, '', 'protobuf').length, 0);
    assert.equal(new TextDecoder().decode(encodeStatus(3, 'bad "json"', 'json')), '{"code":3,"message":"bad \\"json\\""}');
    assert.deepStrictEqual(json(encodeStatus(14, 'unavailable', 'json')), { code: 14, message: 'unavailable' });
    assert.deepStrictEqual(json(encodeStatus(0, '', 'json')), {});
  });
});
