/**
 * The one table both receivers answer from (outcome → HTTP status, gRPC code), held to the OTLP specification and
 * the OpenTelemetry Collector's pairing, and the Export core that picks the outcome for a request body.
 */
import { strict as assert } from 'node:assert';
import * as grpc from '@grpc/grpc-js';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { exportRequest, refusal, type SenderLog } from '../../../../src/core/otlp/export';
import { OUTCOMES, RpcCode, type Outcome } from '../../../../src/core/otlp/outcome';
import { identify } from '../../../../src/core/store/identity';
import { TelemetryStore } from '../../../../src/core/store/store';
import { sdkSpans, tracesJson, tracesProtobuf } from '../../../helpers/payloads';

/** The Collector's gRPC → HTTP mapping for receiver errors (facts from its receiver, not its code). */
function collectorHttpFor(code: number): number {
  switch (code) {
    case grpc.status.CANCELLED:
    case grpc.status.DEADLINE_EXCEEDED:
    case grpc.status.ABORTED:
    case grpc.status.OUT_OF_RANGE:
    case grpc.status.UNAVAILABLE:
    case grpc.status.DATA_LOSS:
      return 503;
    case grpc.status.RESOURCE_EXHAUSTED:
      return 429;
    case grpc.status.INVALID_ARGUMENT:
      return 400;
    case grpc.status.UNAUTHENTICATED:
      return 401;
    case grpc.status.PERMISSION_DENIED:
      return 403;
    case grpc.status.UNIMPLEMENTED:
      return 404;
    default:
      return 500;
  }
}

/** The OTLP spec's retryable sets: HTTP 429, 502, 503, 504; gRPC (without RetryInfo) as listed under "Failures". */
const RETRYABLE_HTTP = new Set([429, 502, 503, 504]);
const RETRYABLE_GRPC = new Set<number>([grpc.status.CANCELLED, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED, grpc.status.OUT_OF_RANGE, grpc.status.UNAVAILABLE, grpc.status.DATA_LOSS]);

const ALL = Object.keys(OUTCOMES) as Outcome[];

describe('outcome table (HTTP status and gRPC code of each outcome)', () => {
  it('pairs the outcomes as the spec and the Collector do', () => {
    const pairs = Object.fromEntries(ALL.map((o) => [o, [OUTCOMES[o].http, grpc.status[OUTCOMES[o].grpc]]]));
    assert.deepEqual(pairs, {
      ok: [200, 'OK'],
      partial: [200, 'OK'],
      'bad-data': [400, 'INVALID_ARGUMENT'],
      forbidden: [403, 'PERMISSION_DENIED'],
      'not-found': [404, 'UNIMPLEMENTED'],
      'method-not-allowed': [405, 'UNIMPLEMENTED'],
      unsupported: [415, 'UNIMPLEMENTED'],
      'too-large': [413, 'RESOURCE_EXHAUSTED'],
      busy: [429, 'UNAVAILABLE'],
      stopping: [503, 'UNAVAILABLE'],
      internal: [500, 'INTERNAL'],
    });
  });

  it('its codes are grpc-js’s (google.rpc.Code) numbers', () => {
    for (const [name, code] of Object.entries(RpcCode)) assert.equal(grpc.status[name as keyof typeof grpc.status], code, name);
  });

  it('agrees with the Collector’s gRPC → HTTP mapping, except where HTTP has a more exact status', () => {
    // 405/415 have no gRPC counterpart; 413 is "too large", which the Collector's mapping folds into 429;
    // back-pressure is UNAVAILABLE over gRPC (the spec's MUST) and 429 over HTTP (the spec's SHOULD).
    const exact = new Set<Outcome>(['ok', 'partial', 'method-not-allowed', 'unsupported', 'too-large', 'busy']);
    for (const o of ALL) if (!exact.has(o)) assert.equal(OUTCOMES[o].http, collectorHttpFor(OUTCOMES[o].grpc), o);
  });

  it('is retryable over both transports exactly where it says so, and those (only) carry Retry-After', () => {
    for (const o of ALL) {
      const a = OUTCOMES[o];
      assert.equal(RETRYABLE_HTTP.has(a.http), a.retryable, `${o}: HTTP ${a.http}`);
      if (a.grpc !== RpcCode.OK) assert.equal(RETRYABLE_GRPC.has(a.grpc), a.retryable, `${o}: gRPC ${grpc.status[a.grpc]}`);
      assert.equal(a.retryAfterSeconds !== undefined, a.retryable, o);
    }
  });

  it('a refusal carries a google.rpc.Status with the outcome’s code; a success is not a refusal', () => {
    const body = refusal('too-large', 'over', 'json').body;
    assert.deepEqual(JSON.parse(new TextDecoder().decode(body)), { code: RpcCode.RESOURCE_EXHAUSTED, message: 'over' });
    assert.throws(() => refusal('ok', '', 'json'), RangeError);
  });
});

describe('Export core (decode → ingest → answer, for both transports)', () => {
  let store: TelemetryStore;
  beforeEach(() => (store = new TelemetryStore(undefined, { changeIntervalMs: 10_000 })));
  afterEach(() => store.dispose());

  it('ok: stores the items, answers the empty response, and notes the instance that sent', () => {
    const senders: SenderLog = new Map();
    const answer = exportRequest(store, 'traces', tracesProtobuf(3, 'sender-a'), 'protobuf', senders);
    assert.equal(answer.outcome, 'ok');
    assert.equal(answer.body.length, 0);
    assert.equal(store.spanCount, 3);
    const key = [...store.instances.keys()][0];
    assert.deepEqual([...senders.keys()], [key]);
    assert.equal(key, identify(store.instances.get(key)!.resource).key);
  });

  it('partial: some items rejected; the answer says how many and why', () => {
    const [good, bad] = sdkSpans(2, 'partial');
    const noTraceId = Object.create(bad) as ReadableSpan;
    Object.defineProperty(noTraceId, 'spanContext', { value: () => ({ ...bad.spanContext(), traceId: '' }) });
    const answer = exportRequest(store, 'traces', ProtobufTraceSerializer.serializeRequest([good, noTraceId])!, 'protobuf');
    assert.equal(answer.outcome, 'partial');
    assert.equal(Number(ProtobufTraceSerializer.deserializeResponse(answer.body).partialSuccess?.rejectedSpans), 1);
  });

  it('bad data: nothing stored, a Status with INVALID_ARGUMENT whose message names the encoding', () => {
    const proto = exportRequest(store, 'traces', Uint8Array.of(0x0a, 0xff), 'protobuf');
    assert.equal(proto.outcome, 'bad-data');
    assert.match(proto.message, /^traces request is not a valid OTLP protobuf message: /);
    const json = exportRequest(store, 'logs', new TextEncoder().encode('{"resourceLogs": 7}'), 'json');
    assert.equal(json.outcome, 'bad-data');
    assert.match(json.message, /^logs request is not a valid OTLP JSON message: .*resourceLogs/);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(json.body)).code, RpcCode.INVALID_ARGUMENT);
    assert.equal(store.instances.size, 0);
    // A JSON body decodes the same way through the same core.
    assert.equal(exportRequest(store, 'traces', tracesJson(2, 'json-sender'), 'json').outcome, 'ok');
    assert.equal(store.spanCount, 2);
  });
});
