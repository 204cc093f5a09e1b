import type { Attributes } from '../model/attributes';
import type { MetricPoint } from '../model/records';
import type { Instance } from './instance';
import type { MetricStream } from './metricStream';
import { RingBuffer } from './ringBuffer';

/** One attribute set of a MetricStream, with its recent points. */
export class Series {
  points: RingBuffer<MetricPoint>;
  lastUpdatedMs = 0;
  /** The store's ingest sequence number at the last update: memory eviction takes the least recent first. */
  lastSeq = 0;
  /** What the store counts for this Series and its points (memory.ts). */
  bytes = 0;
  /** Set once the store dropped it. */
  evicted = false;

  constructor(
    readonly key: string,
    readonly attributes: Attributes,
    capacity: number,
    /** Where it is kept, so the memory budget can evict it from its least-recently-updated order. */
    readonly instance: Instance,
    readonly stream: MetricStream,
  ) {
    this.points = new RingBuffer<MetricPoint>(capacity);
  }

  /** Moves the points into a ring of a new size; returns the oldest ones that did not fit. */
  resize(capacity: number): MetricPoint[] {
    const points = this.points.toArray();
    this.points = new RingBuffer<MetricPoint>(capacity);
    const dropped: MetricPoint[] = [];
    for (const p of points) {
      const old = this.points.push(p);
      if (old) dropped.push(old);
    }
    return dropped;
  }

  latest(): MetricPoint | undefined {
    return this.points.latest();
  }
}
