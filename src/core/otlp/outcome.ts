/**
 * What became of one export request, and how each transport says it: the one table both receivers answer from,
 * so an outcome is never paired with its HTTP status and gRPC code at a call site.
 *
 * The pairs follow the OTLP specification and the OpenTelemetry Collector's receiver: INVALID_ARGUMENT ↔ 400,
 * PERMISSION_DENIED ↔ 403, UNIMPLEMENTED ↔ 404, RESOURCE_EXHAUSTED ↔ 429-or-413, UNAVAILABLE ↔ 503,
 * INTERNAL ↔ 500. Two deliberate choices where the spec says more than the Collector's generic mapping:
 * back-pressure is UNAVAILABLE over gRPC (the spec: servers MUST signal it with UNAVAILABLE; RESOURCE_EXHAUSTED
 * without RetryInfo is not retried) while OTLP/HTTP uses 429 with Retry-After; and a message over the size limit
 * is RESOURCE_EXHAUSTED (what gRPC itself answers, not retried: resending cannot help) with HTTP 413.
 */

/** google.rpc.Code values: the gRPC status of a call, and `code` in an OTLP/HTTP error's Status body. */
export const RpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;
export type RpcCode = (typeof RpcCode)[keyof typeof RpcCode];

export type Outcome =
  /** Everything kept. */
  | 'ok'
  /** Accepted, some items rejected (or a warning): the response carries partial_success. */
  | 'partial'
  /** Not a valid OTLP message (undecodable, truncated, corrupt compression, a request cut off by the sender). */
  | 'bad-data'
  /** A browser page from an origin other than this machine's. */
  | 'forbidden'
  /** No OTLP endpoint at that path. */
  | 'not-found'
  /** A method other than POST. */
  | 'method-not-allowed'
  /** A content type or content encoding this receiver does not speak. */
  | 'unsupported'
  /** Over the body (message) limit, before or after decompression. */
  | 'too-large'
  /** Back-pressure: too many bytes in flight; the sender retries after a pause. */
  | 'busy'
  /** The receiver is stopping: the sender retries (elsewhere or later). */
  | 'stopping'
  /** A fault of ours. */
  | 'internal';

export interface OutcomeAnswer {
  http: number;
  grpc: RpcCode;
  /** Whether a sender should try the same data again (the spec's retryable set). */
  retryable: boolean;
  /** Seconds for Retry-After on HTTP, when the sender should wait before retrying. */
  retryAfterSeconds?: number;
}

export const OUTCOMES: Readonly<Record<Outcome, Readonly<OutcomeAnswer>>> = Object.freeze({
  ok: { http: 200, grpc: RpcCode.OK, retryable: false },
  partial: { http: 200, grpc: RpcCode.OK, retryable: false },
  'bad-data': { http: 400, grpc: RpcCode.INVALID_ARGUMENT, retryable: false },
  forbidden: { http: 403, grpc: RpcCode.PERMISSION_DENIED, retryable: false },
  'not-found': { http: 404, grpc: RpcCode.UNIMPLEMENTED, retryable: false },
  'method-not-allowed': { http: 405, grpc: RpcCode.UNIMPLEMENTED, retryable: false },
  unsupported: { http: 415, grpc: RpcCode.UNIMPLEMENTED, retryable: false },
  'too-large': { http: 413, grpc: RpcCode.RESOURCE_EXHAUSTED, retryable: false },
  busy: { http: 429, grpc: RpcCode.UNAVAILABLE, retryable: true, retryAfterSeconds: 1 },
  stopping: { http: 503, grpc: RpcCode.UNAVAILABLE, retryable: true, retryAfterSeconds: 1 },
  internal: { http: 500, grpc: RpcCode.INTERNAL, retryable: false },
});

/** True for outcomes whose response is an Export*ServiceResponse (the rest carry a google.rpc.Status). */
export function isSuccess(outcome: Outcome): boolean {
  return outcome === 'ok' || outcome === 'partial';
}
