/**
 * When to try a failed send again: exponential back-off with jitter (so many inspectors do not retry in step),
 * or the delay the upstream asked for (HTTP Retry-After, gRPC RetryInfo), within bounds.
 */
export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** Each delay is spread uniformly over ±jitter of itself. */
  jitter: number;
  /** A Retry-After longer than this is cut to it: an upstream asking for an hour would stall the queue. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  initialMs: 500,
  maxMs: 30_000,
  multiplier: 2,
  jitter: 0.5,
  maxRetryAfterMs: 120_000,
});

/** The wait before retry number `attempt` (1 for the first retry). */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs)) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const base = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** Math.max(0, attempt - 1));
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.min(policy.maxMs, Math.round(base + spread)));
}

/** Retry-After: delta-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
