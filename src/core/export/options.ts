import { DEFAULT_EXPIRE_AFTER_MS } from './expiry';

/** How the received metrics are exposed to Prometheus. */
export interface PrometheusOptions {
  /** A series that stops arriving leaves the exposition after this long (default 5 minutes). */
  expireAfterMs: number;
  /**
   * A port of its own for `GET /metrics` (0 takes a free one). Undefined: only on the OTLP/HTTP receiver's port.
   * The front doors map their "0 = off" setting to undefined.
   */
  port?: number;
  /** Where that port listens: loopback unless told otherwise. */
  host: string;
}

const DEFAULT_PROMETHEUS_OPTIONS: Readonly<PrometheusOptions> = Object.freeze({ expireAfterMs: DEFAULT_EXPIRE_AFTER_MS, host: '127.0.0.1' });

/** Checks options from a setting or flag; throws a message that names the bad one. */
export function resolvePrometheusOptions(partial: Partial<PrometheusOptions> | undefined): PrometheusOptions {
  const out: PrometheusOptions = { ...DEFAULT_PROMETHEUS_OPTIONS };
  // An unset setting or flag arrives as undefined: it means "the default".
  for (const [k, v] of Object.entries(partial ?? {})) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  if (!(typeof out.expireAfterMs === 'number' && out.expireAfterMs > 0 && Number.isFinite(out.expireAfterMs))) {
    throw new RangeError(`expireAfterMs must be a positive number of milliseconds, got ${JSON.stringify(out.expireAfterMs)}`);
  }
  if (out.port !== undefined && !(Number.isInteger(out.port) && out.port >= 0 && out.port <= 65535)) {
    throw new RangeError(`port must be a whole number from 0 to 65535, got ${JSON.stringify(out.port)}`);
  }
  return out;
}
