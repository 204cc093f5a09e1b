/**
 * The store's arrival order of one kind of record, oldest first: what the caps and the memory budget evict from.
 * Columns instead of one object per entry (a span costs five array slots here, not a 32-byte object besides), on
 * a power-of-two ring so push and shift are O(1). Each entry carries what the store counted for it (`bytes`)
 * and its ingest sequence number (`seq`), which orders evictions across kinds: the oldest first.
 */
export class EvictionQueue<A, B = undefined, C = undefined> {
  private a: (A | undefined)[];
  private b: (B | undefined)[];
  private c: (C | undefined)[];
  private bytesCol: number[];
  private seqCol: number[];
  private head = 0;
  private size = 0;

  constructor(initialCapacity = 16) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.a = new Array<A | undefined>(cap);
    this.b = new Array<B | undefined>(cap);
    this.c = new Array<C | undefined>(cap);
    this.bytesCol = new Array<number>(cap).fill(0);
    this.seqCol = new Array<number>(cap).fill(0);
  }

  get length(): number {
    return this.size;
  }

  push(a: A, b: B, c: C, bytes: number, seq: number): void {
    if (this.size === this.a.length) this.grow(this.a.length * 2);
    const i = (this.head + this.size) & (this.a.length - 1);
    this.a[i] = a;
    this.b[i] = b;
    this.c[i] = c;
    this.bytesCol[i] = bytes;
    this.seqCol[i] = seq;
    this.size++;
  }

  /** The oldest entry's columns; only valid while length > 0. */
  get a0(): A {
    return this.a[this.head] as A;
  }
  get b0(): B {
    return this.b[this.head] as B;
  }
  get c0(): C {
    return this.c[this.head] as C;
  }
  get bytes0(): number {
    return this.bytesCol[this.head];
  }
  get seq0(): number {
    return this.seqCol[this.head];
  }

  /** Drops the oldest entry. */
  shift(): void {
    if (this.size === 0) return;
    const h = this.head;
    this.a[h] = undefined;
    this.b[h] = undefined;
    this.c[h] = undefined;
    this.head = (h + 1) & (this.a.length - 1);
    this.size--;
  }

  /** Keeps only the entries that pass, in order; used to drop dead entries in bulk. */
  retain(keep: (a: A, b: B, c: C) => boolean): void {
    const mask = this.a.length - 1;
    let w = 0;
    for (let r = 0; r < this.size; r++) {
      const i = (this.head + r) & mask;
      if (!keep(this.a[i] as A, this.b[i] as B, this.c[i] as C)) continue;
      const j = (this.head + w) & mask;
      this.a[j] = this.a[i];
      this.b[j] = this.b[i];
      this.c[j] = this.c[i];
      this.bytesCol[j] = this.bytesCol[i];
      this.seqCol[j] = this.seqCol[i];
      w++;
    }
    for (let r = w; r < this.size; r++) {
      const j = (this.head + r) & mask;
      this.a[j] = undefined;
      this.b[j] = undefined;
      this.c[j] = undefined;
    }
    this.size = w;
    // Shrink when mostly empty, so a queue that once held a million entries does not keep their slots.
    let cap = this.a.length;
    while (cap > 16 && this.size * 4 < cap) cap /= 2;
    if (cap !== this.a.length) this.grow(cap);
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.a = new Array<A | undefined>(16);
    this.b = new Array<B | undefined>(16);
    this.c = new Array<C | undefined>(16);
    this.bytesCol = new Array<number>(16).fill(0);
    this.seqCol = new Array<number>(16).fill(0);
  }

  /** Re-lays the ring out at `cap` slots (at least its size), oldest first. */
  private grow(cap: number): void {
    const mask = this.a.length - 1;
    const a = new Array<A | undefined>(cap);
    const b = new Array<B | undefined>(cap);
    const c = new Array<C | undefined>(cap);
    const bytes = new Array<number>(cap).fill(0);
    const seq = new Array<number>(cap).fill(0);
    for (let r = 0; r < this.size; r++) {
      const i = (this.head + r) & mask;
      a[r] = this.a[i];
      b[r] = this.b[i];
      c[r] = this.c[i];
      bytes[r] = this.bytesCol[i];
      seq[r] = this.seqCol[i];
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.bytesCol = bytes;
    this.seqCol = seq;
    this.head = 0;
  }
}
