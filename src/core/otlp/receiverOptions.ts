import type { AcceptedHook } from './acceptedHook';

/** Settings of the OTLP/HTTP receiver. Each is a VS Code setting and a CLI flag. */
export interface HttpReceiverOptions {
  host: string;
  port: number;
  /** Largest body accepted, counted after decompression; inflating stops there. */
  maxBodyBytes: number;
  /** Time allowed for a client to send its request headers. */
  headersTimeoutMs: number;
  /** Time allowed for a whole request, body included (slow clients are cut off). */
  requestTimeoutMs: number;
  /** Open connections at once; more are refused until some close. */
  maxConnections: number;
  /** Request bodies being read or decoded at once, in bytes; past it requests get 429 with Retry-After. */
  maxInFlightBytes: number;
  /** Forwarding's tee: told of each accepted request after its answer (not a setting). */
  onAccepted?: AcceptedHook;
}

export const DEFAULT_HTTP_PORT = 4318;
export const DEFAULT_HOST = '127.0.0.1';

export const DEFAULT_HTTP_RECEIVER_OPTIONS: Readonly<HttpReceiverOptions> = Object.freeze({
  host: DEFAULT_HOST,
  port: DEFAULT_HTTP_PORT,
  maxBodyBytes: 16 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 256,
  maxInFlightBytes: 128 * 1024 * 1024,
});

/** True for addresses only this machine can reach; anything else deserves a warning. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function resolveHttpReceiverOptions(partial: Partial<HttpReceiverOptions> | undefined): HttpReceiverOptions {
  const o: HttpReceiverOptions = { ...DEFAULT_HTTP_RECEIVER_OPTIONS, ...stripUndefined(partial ?? {}) };
  if (typeof o.host !== 'string' || o.host.trim() === '') throw new RangeError(`host must be an address to listen on, got ${JSON.stringify(o.host)}`);
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new RangeError(`port must be a whole number from 0 to 65535, got ${JSON.stringify(o.port)}`);
  for (const k of ['maxBodyBytes', 'headersTimeoutMs', 'requestTimeoutMs', 'maxConnections', 'maxInFlightBytes'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`${k} must be a whole number of at least 1, got ${JSON.stringify(o[k])}`);
  }
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
