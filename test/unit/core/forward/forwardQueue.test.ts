import { strict as assert } from 'node:assert';
import { ForwardQueue, type QueuedRequest } from '../../../../src/core/forward/forwardQueue';
import type { Signal } from '../../../../src/core/model/records';

const req = (signal: Signal, size: number, tag: number, encoding: 'protobuf' | 'json' = 'protobuf'): QueuedRequest => ({ signal, encoding, body: new Uint8Array(size).fill(tag), enqueuedMs: 0 });

describe('forward queue', () => {
  it('holds at most its byte budget, in flight included, and refuses what does not fit', () => {
    const q = new ForwardQueue(1000);
    assert.ok(q.offer(req('traces', 600, 1)));
    assert.ok(q.offer(req('metrics', 400, 2)));
    assert.equal(q.offer(req('logs', 1, 3)), false, 'the budget is full');
    assert.equal(q.bytes, 1000);
    const taken = q.take('traces', 10_000);
    assert.equal(q.offer(req('logs', 1, 3)), false, 'taken requests still count until released');
    q.release(taken);
    assert.equal(q.bytes, 400);
    assert.ok(q.offer(req('logs', 600, 3)));
    assert.equal(q.requests, 2);
  });

  it('keeps arrival order per signal and merges only neighbours of one encoding within the batch size', () => {
    const q = new ForwardQueue(1_000_000);
    for (let i = 1; i <= 5; i++) q.offer(req('traces', 100, i, i === 4 ? 'json' : 'protobuf'));
    q.offer(req('logs', 100, 9));
    const first = q.take('traces', 250);
    assert.deepEqual(first.map((r) => r.body[0]), [1, 2], 'two fit in 250 bytes');
    const second = q.take('traces', 10_000);
    assert.deepEqual(second.map((r) => r.body[0]), [3], 'a JSON request does not join a protobuf batch');
    assert.deepEqual(q.take('traces', 10_000).map((r) => r.body[0]), [4]);
    assert.deepEqual(q.take('traces', 10_000, 1).map((r) => r.body[0]), [5]);
    assert.deepEqual(q.take('logs', 10).map((r) => r.body[0]), [9], 'one request larger than the batch size still goes alone');
    assert.deepEqual(q.take('traces', 10_000), []);
  });

  it('drains what waits and frees its bytes', () => {
    const q = new ForwardQueue(10_000);
    q.offer(req('traces', 100, 1));
    q.offer(req('logs', 200, 2));
    const inFlight = q.take('traces', 1000);
    assert.equal(q.drain().length, 1);
    assert.equal(q.bytes, 100, 'the taken request is still held');
    q.release(inFlight);
    assert.equal(q.bytes, 0);
  });
});
