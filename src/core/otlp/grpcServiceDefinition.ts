/**
 * The three OTLP collector services, written out by hand so that no protobuf library runs: grpc-js hands the
 * handler the raw request bytes (identity deserializer) and the shared decoder reads them, exactly as for HTTP.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import type { Signal } from '../model/records';

/** Full method paths, as opentelemetry-proto's collector/*.proto declare them. */
export const OTLP_GRPC_METHODS: Readonly<Record<Signal, string>> = Object.freeze({
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
});

const identity = (bytes: Buffer): Buffer => bytes;

/** Response bodies come from encodeExportResponse as Uint8Array; grpc-js wants a Buffer (no copy). */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** One unary Export method; request and response stay bytes in both directions. */
export function otlpServiceDefinition(signal: Signal): ServiceDefinition {
  return {
    Export: {
      path: OTLP_GRPC_METHODS[signal],
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: asBuffer,
      responseDeserialize: identity,
    },
  };
}
