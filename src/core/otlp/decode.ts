/**
 * The decoders' front door: one request body of one signal, in either OTLP encoding, into engine records.
 * Throws DecodeError (→ HTTP 400 / gRPC INVALID_ARGUMENT) for a body that is not a valid OTLP message.
 * The gRPC receiver calls the protobuf path with the raw message bytes.
 */
import type { LogsPayload, MetricsPayload, PayloadBySignal, Signal, TracesPayload } from '../model/records';
import { decodeLogsJson } from './json/logs';
import { decodeMetricsJson } from './json/metrics';
import { decodeTracesJson } from './json/traces';
import { decodeLogsProtobuf } from './protobuf/logs';
import { decodeMetricsProtobuf } from './protobuf/metrics';
import { decodeTracesProtobuf } from './protobuf/traces';

/** The body's encoding: `application/x-protobuf` (and gRPC) or `application/json`. */
export type Encoding = 'protobuf' | 'json';

export function decodeTraces(body: Uint8Array, encoding: Encoding): TracesPayload {
  return encoding === 'json' ? decodeTracesJson(body) : decodeTracesProtobuf(body);
}

export function decodeMetrics(body: Uint8Array, encoding: Encoding): MetricsPayload {
  return encoding === 'json' ? decodeMetricsJson(body) : decodeMetricsProtobuf(body);
}

export function decodeLogs(body: Uint8Array, encoding: Encoding): LogsPayload {
  return encoding === 'json' ? decodeLogsJson(body) : decodeLogsProtobuf(body);
}

export function decode<S extends Signal>(signal: S, body: Uint8Array, encoding: Encoding): PayloadBySignal[S];
export function decode(signal: Signal, body: Uint8Array, encoding: Encoding): PayloadBySignal[Signal] {
  switch (signal) {
    case 'traces':
      return decodeTraces(body, encoding);
    case 'metrics':
      return decodeMetrics(body, encoding);
    case 'logs':
      return decodeLogs(body, encoding);
  }
}
