import { strict as assert } from 'node:assert';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelayMs } from '../../../../src/core/forward/retryPolicy';
import { grpcOutcome, httpOutcome } from '../../../../src/core/forward/sendOutcome';
import { status } from '@grpc/grpc-js';

describe('forward retries', () => {
  it('backs off exponentially up to the cap, spread by jitter', () => {
    const mid = () => 0.5;
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelayMs(a, undefined, DEFAULT_RETRY_POLICY, mid)), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    assert.equal(retryDelayMs(3, undefined, DEFAULT_RETRY_POLICY, () => 0), 1000, '-50 %');
    assert.equal(retryDelayMs(3, undefined, DEFAULT_RETRY_POLICY, () => 0.999999), 3000, '+50 %');
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(2, undefined)));
    assert.ok(spread.size > 10, 'real jitter spreads the delays');
  });

  it('honours Retry-After (seconds or an HTTP date), within its bound', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1)), 10_000);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(retryDelayMs(1, 3000), 3000);
    assert.equal(retryDelayMs(1, 3_600_000), DEFAULT_RETRY_POLICY.maxRetryAfterMs);
  });

  it('classifies answers as the OTLP specification says', () => {
    assert.deepEqual(httpOutcome(200, undefined, ''), { kind: 'ok' });
    assert.deepEqual(httpOutcome(429, '2', 'slow down'), { kind: 'retry', error: 'HTTP 429: slow down', retryAfterMs: 2000 });
    assert.equal(httpOutcome(503, '1', '').kind, 'retry');
    assert.equal(httpOutcome(502, '7', '').kind, 'retry');
    assert.equal((httpOutcome(502, '7', '') as { retryAfterMs?: number }).retryAfterMs, undefined, 'Retry-After counts on 429 and 503 only');
    assert.deepEqual(httpOutcome(400, undefined, 'bad'), { kind: 'rejected', error: 'HTTP 400: bad' });
    assert.equal(httpOutcome(500, undefined, '').kind, 'rejected');
    assert.equal(grpcOutcome(status.UNAVAILABLE, 'down').kind, 'retry');
    assert.deepEqual(grpcOutcome(status.RESOURCE_EXHAUSTED, 'full', 1500), { kind: 'retry', error: 'gRPC RESOURCE_EXHAUSTED: full', retryAfterMs: 1500 });
    assert.equal(grpcOutcome(status.INVALID_ARGUMENT, 'bad').kind, 'rejected');
    assert.equal(grpcOutcome(status.UNIMPLEMENTED, '').kind, 'rejected');
  });
});
