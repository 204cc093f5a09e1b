/**
 * What one send's answer means for the request, in one table per transport as the OTLP specification says:
 * delivered; retryable (HTTP 429/502/503/504, gRPC UNAVAILABLE, RESOURCE_EXHAUSTED and the other transient codes,
 * connection errors, timeouts), with the delay the upstream asked for; or rejected for good (HTTP 400 and other
 * answers, gRPC INVALID_ARGUMENT and the other codes), which drops the request.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { parseRetryAfter } from './retryPolicy';

export type SendOutcome =
  | { kind: 'ok' }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'rejected'; error: string };

const RETRYABLE_HTTP = new Set([429, 502, 503, 504]);

export function httpOutcome(status: number, retryAfter: string | string[] | undefined, body: string): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const error = `HTTP ${status}${body ? `: ${body.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
  if (RETRYABLE_HTTP.has(status)) {
    // Retry-After counts for the answers that carry it by the spec (429, 503); elsewhere it is ignored.
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(retryAfter) : undefined;
    return { kind: 'retry', error, retryAfterMs };
  }
  return { kind: 'rejected', error };
}

const RETRYABLE_GRPC = new Set<number>([
  GrpcStatus.CANCELLED,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.ABORTED,
  GrpcStatus.OUT_OF_RANGE,
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DATA_LOSS,
]);

export function grpcOutcome(code: number, details: string, retryDelayMs?: number): SendOutcome {
  if (code === GrpcStatus.OK) return { kind: 'ok' };
  const error = `gRPC ${GrpcStatus[code] ?? code}${details ? `: ${details.slice(0, 200)}` : ''}`;
  if (RETRYABLE_GRPC.has(code)) return { kind: 'retry', error, retryAfterMs: retryDelayMs };
  return { kind: 'rejected', error };
}

/** A request that never got an answer (refused, reset, timed out): always worth another try. */
export function networkOutcome(err: unknown): SendOutcome {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  return { kind: 'retry', error: `${code ? `${code}: ` : ''}${e?.message ?? String(err)}` };
}
