/**
 * The requests waiting for one upstream, bounded in bytes (everything held counts, in flight included) and kept
 * in arrival order per signal: a slow traces upstream does not hold back its metrics, and nothing overtakes
 * within a signal. When the budget is full the new request is refused (the caller counts the drop), as the
 * Collector's sending queue does: what is queued already keeps its place.
 */
import { Deque } from '../store/deque';
import { SIGNALS, type Signal } from '../model/records';
import type { Encoding } from '../otlp/decode';

export interface QueuedRequest {
  signal: Signal;
  /** The encoding the body arrived in (converted, if need be, when it is sent). */
  encoding: Encoding;
  body: Uint8Array;
  enqueuedMs: number;
}

export class ForwardQueue {
  private readonly bySignal: Record<Signal, Deque<QueuedRequest>> = { traces: new Deque(), metrics: new Deque(), logs: new Deque() };
  private heldBytes = 0;
  private heldRequests = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held: waiting, and taken but not yet released. */
  get bytes(): number {
    return this.heldBytes;
  }

  get requests(): number {
    return this.heldRequests;
  }

  waiting(signal: Signal): number {
    return this.bySignal[signal].length;
  }

  /** False when the request does not fit the budget: it is not queued. */
  offer(request: QueuedRequest): boolean {
    if (this.heldBytes + request.body.byteLength > this.maxBytes) return false;
    this.bySignal[request.signal].push(request);
    this.heldBytes += request.body.byteLength;
    this.heldRequests++;
    return true;
  }

  /**
   * The oldest requests of a signal, in order, that go out together: the first one, then those after it of the
   * same encoding while they fit in `maxBytes` (one request alone may be larger). They stay counted until released.
   */
  take(signal: Signal, maxBytes: number, maxRequests = Infinity): QueuedRequest[] {
    const q = this.bySignal[signal];
    const first = q.shift();
    if (!first) return [];
    const batch = [first];
    let size = first.body.byteLength;
    for (let next = q.peek(); next && batch.length < maxRequests && next.encoding === first.encoding && size + next.body.byteLength <= maxBytes; next = q.peek()) {
      batch.push(q.shift()!);
      size += next.body.byteLength;
    }
    return batch;
  }

  /** Taken requests are done with (sent or dropped): their bytes leave the budget. */
  release(batch: readonly QueuedRequest[]): void {
    for (const r of batch) {
      this.heldBytes -= r.body.byteLength;
      this.heldRequests--;
    }
  }

  /** Empties the waiting requests (not those taken) and returns them, for a final count. */
  drain(): QueuedRequest[] {
    const out: QueuedRequest[] = [];
    for (const s of SIGNALS) {
      const q = this.bySignal[s];
      for (let r = q.shift(); r; r = q.shift()) out.push(r);
    }
    this.release(out);
    return out;
  }
}
