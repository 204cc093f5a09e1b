/**
 * A fixed-capacity ring: pushing past capacity overwrites the oldest item and hands it back. Its array grows
 * with its items up to the capacity, so a Series with one point does not pay for 500 (100,000 such Series are
 * a workload the memory budget has to survive).
 */
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private next = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`ring capacity must be at least 1, got ${capacity}`);
  }

  get length(): number {
    return this.items.length;
  }

  /** Returns the item that was overwritten (an eviction), else undefined. */
  push(item: T): T | undefined {
    const items = this.items;
    if (items.length < this.capacity) {
      items.push(item);
      return undefined;
    }
    const old = items[this.next];
    items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    return old;
  }

  latest(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    return items.length < this.capacity ? items[items.length - 1] : items[(this.next - 1 + this.capacity) % this.capacity];
  }

  /** Oldest first. */
  toArray(): T[] {
    const items = this.items;
    if (items.length < this.capacity || this.next === 0) return items.slice();
    return [...items.slice(this.next), ...items.slice(0, this.next)];
  }
}
