/**
 * An app instrumented with the real OpenTelemetry JS SDK (metrics only), run as its own process by the
 * Prometheus and VictoriaMetrics tests. It counts jobs at a steady rate for a while, then holds its totals
 * and keeps exporting until SIGTERM, so a scraper sees the exact final values.
 *
 *   OTEL_EXPORTER_OTLP_ENDPOINT   the inspector (http/protobuf)
 *   APP_INSTANCE_ID               service.instance.id
 *   APP_TEMPORALITY               cumulative (default) | delta
 *   APP_RATE                      jobs per second while counting
 *   APP_START_AT                  when it starts counting (epoch ms; default now), so two apps count in step
 *   APP_RUN_MS                    how long it counts
 *   APP_LATENCIES                 seconds recorded into app.latency for every job, e.g. "0.002,0.007,0.007"
 *   APP_PAYLOADS                  bytes recorded into app.payload (an exponential histogram) for every job
 *
 * Prints {"started": epochMs} when counting starts and {"jobs": n, …} when it stops, one JSON line each.
 */
import { metrics } from '@opentelemetry/api';
import { AggregationTemporalityPreference } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationType, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

const numbers = (s: string | undefined): number[] => (s ?? '').split(',').filter(Boolean).map(Number);

async function main(): Promise<void> {
  const delta = process.env.APP_TEMPORALITY === 'delta';
  const rate = Number(process.env.APP_RATE ?? 10);
  const runMs = Number(process.env.APP_RUN_MS ?? 5000);
  const latencies = numbers(process.env.APP_LATENCIES);
  const payloads = numbers(process.env.APP_PAYLOADS);

  const exporter = new OTLPMetricExporter({
    temporalityPreference: delta ? AggregationTemporalityPreference.DELTA : AggregationTemporalityPreference.CUMULATIVE,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.namespace': 'shop',
      'service.instance.id': process.env.APP_INSTANCE_ID ?? `pid-${process.pid}`,
      'deployment.environment.name': 'test',
    }),
    views: [{ instrumentName: 'app.payload', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 200 })],
  });
  metrics.setGlobalMeterProvider(provider);
  const meter = metrics.getMeter('shop.jobs', '1.0.0');
  const jobs = meter.createCounter('app.jobs', { description: 'Jobs done', unit: '{job}' });
  const latency = meter.createHistogram('app.latency', {
    description: 'Time a job took',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5] },
  });
  const payload = meter.createHistogram('app.payload', { description: 'Bytes a job wrote', unit: 'By' });

  // Whole jobs at `rate` per second of real time: the total is exact, and linear in time whatever the timers do.
  const started = Number(process.env.APP_START_AT ?? Date.now());
  await new Promise((r) => setTimeout(r, Math.max(0, started - Date.now())));
  console.log(JSON.stringify({ started }));
  let done = 0;
  const tick = (): void => {
    const due = Math.floor(((Math.min(Date.now(), started + runMs) - started) / 1000) * rate);
    for (; done < due; done++) {
      jobs.add(1, { queue: 'main' });
      for (const v of latencies) latency.record(v, { queue: 'main' });
      for (const v of payloads) payload.record(v, { queue: 'main' });
    }
  };
  const timer = setInterval(tick, 20);
  await new Promise((r) => setTimeout(r, Math.max(0, started + runMs - Date.now())));
  clearInterval(timer);
  tick();
  await provider.forceFlush();
  console.log(JSON.stringify({ jobs: done, latencies: done * latencies.length, payloads: done * payloads.length }));
  // Keep exporting the final totals until told to stop.
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await provider.shutdown();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
