/**
 * The store's clock, which a replay sets to each request's own time: data restored from disk or loaded from a
 * capture keeps when it arrived (first/last seen, arrival rates) instead of looking as if it all came now.
 */
export class ReplayClock {
  private atMs: number | undefined;

  readonly now = (): number => this.atMs ?? Date.now();

  /** Runs `fn` with the clock at `atMs`; the real time again afterwards. */
  at<T>(atMs: number, fn: () => T): T {
    const previous = this.atMs;
    this.atMs = atMs;
    try {
      return fn();
    } finally {
      this.atMs = previous;
    }
  }
}
