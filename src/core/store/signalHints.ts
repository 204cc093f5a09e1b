import type { Signal } from '../model/records';
import type { Instance } from './instance';

/**
 * Why an Instance may be missing a Signal, where the cause is known. "I see traces but no metrics" is the
 * question this answers; receiver-level causes (gRPC spoken to the HTTP port, …) are hints on the receiver.
 */
export function missingSignalHints(instance: Instance, nowMs: number): { signal: Signal; message: string }[] {
  const hints: { signal: Signal; message: string }[] = [];
  const s = instance.signals;
  const firstSeenAgoMs = nowMs - instance.firstSeenMs;
  if (s.metrics.lastSeenMs === undefined && (s.traces.lastSeenMs !== undefined || s.logs.lastSeenMs !== undefined)) {
    hints.push({
      signal: 'metrics',
      message:
        firstSeenAgoMs < 60_000
          ? 'no metrics yet: OpenTelemetry SDKs export metrics every 60 s by default (OTEL_METRIC_EXPORT_INTERVAL)'
          : 'no metrics: check that a metric reader/exporter is configured (OTEL_METRICS_EXPORTER=otlp) and aimed here',
    });
  }
  if (s.traces.lastSeenMs === undefined && (s.metrics.lastSeenMs !== undefined || s.logs.lastSeenMs !== undefined)) {
    hints.push({ signal: 'traces', message: 'no traces: check OTEL_TRACES_EXPORTER=otlp and that the sampler keeps spans (OTEL_TRACES_SAMPLER)' });
  }
  if (s.logs.lastSeenMs === undefined && (s.metrics.lastSeenMs !== undefined || s.traces.lastSeenMs !== undefined)) {
    hints.push({ signal: 'logs', message: 'no logs: many SDKs only export logs through a logging bridge (OTEL_LOGS_EXPORTER=otlp)' });
  }
  return hints;
}
