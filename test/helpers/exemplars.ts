/**
 * Metrics carrying exemplars, as an SDK would send them. The JS SDK (sdk-metrics 2.x) records measurements made
 * inside a sampled span but does not attach exemplars to the points it exports, and otlp-transformer's
 * serializers write none; so the request is the reference JSON encoder's output of real SDK data (a histogram
 * and a counter recorded inside a real sampled span), with the exemplars that span would give added to its data
 * points in the shape otlp-transformer types them (IExemplar).
 */
import { context, trace } from '@opentelemetry/api';
import { JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { IExemplar } from '@opentelemetry/otlp-transformer/build/src/metrics/internal-types';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export interface RecordedInSpan {
  resourceMetrics: ResourceMetrics;
  traceId: string;
  spanId: string;
  /** Epoch ns of each measurement, as text (the JSON encoder's form). */
  timesUnixNano: string[];
  /** What was recorded on the histogram, in order. */
  durations: number[];
  /** What was added to the counter. */
  added: number;
}

/** A histogram and a counter recorded inside one real sampled span of the SDK. */
export async function recordInSpan(serviceInstanceId = 'exemplar-test', durations = [0.012, 0.250, 1.75]): Promise<RecordedInSpan> {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const meterProvider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'exemplars', 'service.instance.id': serviceInstanceId }),
    readers: [reader],
  });
  const meter = meterProvider.getMeter('exemplars');
  const histogram = meter.createHistogram('http.server.request.duration', { unit: 's' });
  const counter = meter.createCounter('app.orders', { unit: '{order}' });
  const span = tracerProvider.getTracer('exemplars').startSpan('GET /checkout');
  const active = trace.setSpan(context.active(), span);
  const timesUnixNano: string[] = [];
  for (const d of durations) {
    histogram.record(d, { 'http.route': '/checkout' }, active);
    timesUnixNano.push(String(BigInt(Date.now()) * 1_000_000n));
  }
  counter.add(3, { kind: 'web' }, active);
  span.end();
  await reader.forceFlush();
  const collected = exporter.getMetrics();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  const { traceId, spanId } = span.spanContext();
  return { resourceMetrics: collected[collected.length - 1], traceId, spanId, timesUnixNano, durations, added: 3 };
}

type JsonPoint = { exemplars?: IExemplar[] };
type JsonMetric = { name: string; histogram?: { dataPoints: JsonPoint[] }; sum?: { dataPoints: JsonPoint[] } };
type JsonRequest = { resourceMetrics: { scopeMetrics: { metrics: JsonMetric[] }[] }[] };

/** The SDK data as OTLP/JSON (otlp-transformer), parsed. */
export function sdkJson(recorded: RecordedInSpan): JsonRequest {
  return JSON.parse(new TextDecoder().decode(JsonMetricsSerializer.serializeRequest(recorded.resourceMetrics)!)) as JsonRequest;
}

/** Adds to each data point the exemplars the span gives: one per histogram measurement, one for the counter. */
export function withExemplars(request: JsonRequest, recorded: RecordedInSpan): JsonRequest {
  const exemplar = (value: number, time: string, asInt = false): IExemplar => ({
    filteredAttributes: [{ key: 'user.tier', value: { stringValue: 'gold' } }],
    timeUnixNano: time,
    ...(asInt ? { asInt: value } : { asDouble: value }),
    traceId: recorded.traceId,
    spanId: recorded.spanId,
  });
  for (const rm of request.resourceMetrics) {
    for (const sm of rm.scopeMetrics) {
      for (const m of sm.metrics) {
        for (const p of m.histogram?.dataPoints ?? []) p.exemplars = recorded.durations.map((d, i) => exemplar(d, recorded.timesUnixNano[i]));
        for (const p of m.sum?.dataPoints ?? []) p.exemplars = [exemplar(recorded.added, recorded.timesUnixNano[recorded.timesUnixNano.length - 1], true)];
      }
    }
  }
  return request;
}

/** The whole request with exemplars, as OTLP/JSON bytes. */
export async function exemplarMetricsJson(serviceInstanceId?: string, durations?: number[]): Promise<{ body: Uint8Array; recorded: RecordedInSpan }> {
  const recorded = await recordInSpan(serviceInstanceId, durations);
  return { body: new TextEncoder().encode(JSON.stringify(withExemplars(sdkJson(recorded), recorded))), recorded };
}
