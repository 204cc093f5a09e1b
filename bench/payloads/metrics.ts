/**
 * A metrics request as a real exporter sends it: one collection of the OpenTelemetry SDK serialized by
 * @opentelemetry/otlp-transformer, with 200 series of each kind the SDK produces (gauge, monotonic sum,
 * non-monotonic sum, explicit-bucket histogram, exponential histogram). Summaries are left out: SDKs do not
 * produce them (only Prometheus bridges do).
 */
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';

export const SERIES_PER_KIND = 200;

export interface MetricsRequest {
  bytes: Uint8Array;
  /** Data points in the request: what decode throughput counts. */
  points: number;
}

export async function metricsRequest(seed: number, seriesPerKind = SERIES_PER_KIND, serviceInstanceId = 'bench-1'): Promise<MetricsRequest> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'bench-shop',
      'service.namespace': 'bench',
      'service.instance.id': serviceInstanceId,
      'host.name': 'bench-host',
      'process.pid': 4242,
    }),
    readers: [reader],
    views: [{ instrumentName: 'app.payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
  });
  const meter = provider.getMeter('bench-shop.metrics', '1.4.2');
  const gauge = meter.createGauge('app.queue.depth', { unit: '{item}', description: 'Items waiting per queue' });
  const counter = meter.createCounter('app.requests', { unit: '{request}', description: 'Requests handled' });
  const upDown = meter.createUpDownCounter('app.connections.active', { unit: '{connection}' });
  const histogram = meter.createHistogram('app.request.duration', { unit: 'ms', description: 'Request duration' });
  const expHistogram = meter.createHistogram('app.payload.size', { unit: 'By' });
  for (let i = 0; i < seriesPerKind; i++) {
    const attrs = {
      'http.route': `/api/r${(i + seed) % 40}`,
      'http.request.method': ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'][i % 5],
      'http.response.status_code': 200 + (i % 5) * 100,
      'app.tenant': `tenant-${i}`,
    };
    gauge.record((i * 7 + seed) % 100, attrs);
    counter.add(1 + (i % 13), attrs);
    upDown.add((i % 9) - 4, attrs);
    for (let k = 0; k < 20; k++) {
      histogram.record(((i + k * 37 + seed) % 2000) / 3, attrs);
      expHistogram.record(64 + ((i * 131 + k * 977 + seed) % 100_000), attrs);
    }
  }
  await reader.forceFlush();
  const collected = exporter.getMetrics();
  await provider.shutdown();
  const resourceMetrics = collected[collected.length - 1];
  let points = 0;
  for (const sm of resourceMetrics.scopeMetrics) for (const m of sm.metrics) points += m.dataPoints.length;
  return { bytes: ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!, points };
}
