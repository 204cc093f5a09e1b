import type { PayloadBySignal, Signal } from '../model/records';
import type { IngestResult, TelemetryStore } from '../store/store';

/** Hands a decoded payload to the store; shared by the HTTP and gRPC receivers. */
export function ingest<S extends Signal>(store: TelemetryStore, signal: S, payload: PayloadBySignal[S]): IngestResult {
  switch (signal) {
    case 'traces':
      return store.ingestTraces(payload as PayloadBySignal['traces']);
    case 'metrics':
      return store.ingestMetrics(payload as PayloadBySignal['metrics']);
    default:
      return store.ingestLogs(payload as PayloadBySignal['logs']);
  }
}
