import type { AcceptedHook } from './acceptedHook';
import { DEFAULT_HOST, DEFAULT_HTTP_RECEIVER_OPTIONS } from './receiverOptions';

/** Settings of the OTLP/gRPC receiver. */
export interface GrpcReceiverOptions {
  host: string;
  port: number;
  /** Largest message accepted, counted after decompression (grpc.max_receive_message_length); the same limit as HTTP's body. */
  maxBodyBytes: number;
  /** Open connections at once; more are refused until some close. */
  maxConnections: number;
  /** Calls in progress at once on one connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS). */
  maxConcurrentStreams: number;
  /** Time a new connection has to send its first bytes (the HTTP/2 preface) before it is closed. */
  firstBytesTimeoutMs: number;
  /** Time calls in progress get to finish when the receiver stops, before their connections are cut. */
  stopGraceMs: number;
  /** Forwarding's tee: told of each accepted request after its answer (not a setting). */
  onAccepted?: AcceptedHook;
}

export const DEFAULT_GRPC_PORT = 4317;

const DEFAULT_GRPC_RECEIVER_OPTIONS: Readonly<GrpcReceiverOptions> = Object.freeze({
  host: DEFAULT_HOST,
  port: DEFAULT_GRPC_PORT,
  maxBodyBytes: DEFAULT_HTTP_RECEIVER_OPTIONS.maxBodyBytes,
  maxConnections: DEFAULT_HTTP_RECEIVER_OPTIONS.maxConnections,
  maxConcurrentStreams: 100,
  firstBytesTimeoutMs: 10_000,
  stopGraceMs: 1000,
});

export function resolveGrpcReceiverOptions(partial: Partial<GrpcReceiverOptions> | undefined): GrpcReceiverOptions {
  const given = Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined)) as Partial<GrpcReceiverOptions>;
  const o: GrpcReceiverOptions = { ...DEFAULT_GRPC_RECEIVER_OPTIONS, ...given };
  if (typeof o.host !== 'string' || o.host.trim() === '') throw new RangeError(`host must be an address to listen on, got ${JSON.stringify(o.host)}`);
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new RangeError(`port must be a whole number from 0 to 65535, got ${JSON.stringify(o.port)}`);
  for (const k of ['maxBodyBytes', 'maxConnections', 'maxConcurrentStreams', 'firstBytesTimeoutMs', 'stopGraceMs'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`${k} must be a whole number of at least 1, got ${JSON.stringify(o[k])}`);
  }
  // grpc-js keeps message lengths in a signed 32-bit int.
  if (o.maxBodyBytes > 0x7fffffff) throw new RangeError(`maxBodyBytes must be at most ${0x7fffffff} for gRPC, got ${o.maxBodyBytes}`);
  return o;
}
