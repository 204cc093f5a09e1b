/**
 * Series that stop arriving leave the exposition after a while (default 5 minutes), as the Collector's
 * prometheus exporter does with its metric_expiration: a process that exited must not stay "up" forever in
 * Prometheus, and its running totals are forgotten so a comeback starts a fresh counter.
 */
export const DEFAULT_EXPIRE_AFTER_MS = 5 * 60_000;

/** Whether data last updated at `lastUpdatedMs` is still shown at `nowMs`. */
export function isLive(lastUpdatedMs: number, nowMs: number, expireAfterMs: number): boolean {
  return nowMs - lastUpdatedMs <= expireAfterMs;
}
