import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** Real SDK data, serialized by the reference encoder, for tests that post bodies by hand. */
export function sdkSpans(count: number, serviceInstanceId = 'payload-test', attributeCount = 3): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'payloads', 'service.instance.id': serviceInstanceId }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('payloads');
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan(`op-${i}`);
    for (let a = 0; a < attributeCount; a++) span.setAttribute(`attr.${a}`, `value-${i}-${a}`);
    span.end();
  }
  return exporter.getFinishedSpans();
}

export function tracesProtobuf(count: number, serviceInstanceId?: string): Uint8Array {
  return ProtobufTraceSerializer.serializeRequest(sdkSpans(count, serviceInstanceId))!;
}

export function tracesJson(count: number, serviceInstanceId?: string): Uint8Array {
  return JsonTraceSerializer.serializeRequest(sdkSpans(count, serviceInstanceId))!;
}

export async function sdkMetrics(serviceInstanceId = 'payload-test'): Promise<ResourceMetrics> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': 'payloads', 'service.instance.id': serviceInstanceId }), readers: [reader] });
  const meter = provider.getMeter('payloads');
  meter.createCounter('payload.count').add(5, { k: 'v' });
  meter.createHistogram('payload.size', { unit: 'By' }).record(100);
  await reader.forceFlush();
  const collected = exporter.getMetrics();
  await provider.shutdown();
  return collected[collected.length - 1];
}

export async function metricsProtobuf(serviceInstanceId?: string): Promise<Uint8Array> {
  return ProtobufMetricsSerializer.serializeRequest(await sdkMetrics(serviceInstanceId))!;
}

export function sdkLogs(count: number, serviceInstanceId = 'payload-test'): ReadableLogRecord[] {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'payloads', 'service.instance.id': serviceInstanceId }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('payloads');
  for (let i = 0; i < count; i++) logger.emit({ body: `log ${i}`, severityNumber: 9 });
  return exporter.getFinishedLogRecords();
}

export function logsProtobuf(count: number, serviceInstanceId?: string): Uint8Array {
  return ProtobufLogsSerializer.serializeRequest(sdkLogs(count, serviceInstanceId))!;
}
