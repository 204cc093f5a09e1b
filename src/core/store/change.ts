import type { Signal } from '../model/records';

/** Parts of the engine whose state a view may show; instance data is described in more detail. */
export type ChangeTopic = 'instances' | 'receiver' | 'pushgateway' | 'scrape' | 'forward';

/** One coalesced change event: everything that changed since the previous one. */
export interface StoreChange {
  /** The store was cleared: views should rebuild. */
  cleared: boolean;
  added: string[];
  removed: string[];
  /** Instance key → the signals whose data changed (none when only its liveness did). */
  updated: Map<string, Set<Signal>>;
  topics: Set<ChangeTopic>;
}

export type ChangeListener = (change: StoreChange) => void;

/**
 * Collects changes and hands them out at most once per interval: the first change of a quiet period
 * goes out after the interval, later ones ride along. Views never see more than a few events a second,
 * however fast data arrives.
 */
export class ChangeCoalescer {
  private pending: StoreChange | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<ChangeListener>();
  emitted = 0;

  constructor(private readonly intervalMs = 250) {}

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  instanceAdded(key: string): void {
    const p = this.begin();
    p.added.push(key);
    p.topics.add('instances');
  }

  instanceRemoved(key: string): void {
    const p = this.begin();
    p.removed.push(key);
    p.updated.delete(key);
    p.topics.add('instances');
  }

  instanceUpdated(key: string, signal: Signal): void {
    const p = this.begin();
    let set = p.updated.get(key);
    if (!set) p.updated.set(key, (set = new Set()));
    set.add(signal);
    p.topics.add('instances');
  }

  /** An instance went quiet with time alone (no data came): its rows and the live count say so now. */
  instanceQuiet(key: string): void {
    const p = this.begin();
    if (!p.updated.has(key)) p.updated.set(key, new Set());
    p.topics.add('instances');
  }

  cleared(): void {
    const p = this.begin();
    p.cleared = true;
    p.added.length = 0;
    p.removed.length = 0;
    p.updated.clear();
    p.topics.add('instances');
  }

  topic(topic: ChangeTopic): void {
    this.begin().topics.add(topic);
  }

  /** Emits what is pending now (used on stop, and by tests). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const change = this.pending;
    this.pending = undefined;
    if (!change) return;
    this.emitted++;
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A failing view must not stop the others or the ingest path.
      }
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.listeners.clear();
  }

  private begin(): StoreChange {
    if (!this.pending) {
      this.pending = { cleared: false, added: [], removed: [], updated: new Map(), topics: new Set() };
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref?.();
    }
    return this.pending;
  }
}
