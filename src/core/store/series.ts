import type { Attributes } from '../model/attributes';
import type { MetricPoint } from '../model/records';
import { RingBuffer } from './ringBuffer';

/** One attribute set of a MetricStream, with its recent points. */
export class Series {
  points: RingBuffer<MetricPoint>;
  lastUpdatedMs = 0;

  constructor(
    readonly key: string,
    readonly attributes: Attributes,
    capacity: number,
  ) {
    this.points = new RingBuffer<MetricPoint>(capacity);
  }

  /** Moves the points into a ring of a new size; returns how many of the oldest did not fit. */
  resize(capacity: number): number {
    const points = this.points.toArray();
    this.points = new RingBuffer<MetricPoint>(capacity);
    let dropped = 0;
    for (const p of points) if (this.points.push(p)) dropped++;
    return dropped;
  }

  latest(): MetricPoint | undefined {
    return this.points.latest();
  }
}
