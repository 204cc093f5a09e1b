/**
 * The received OTLP metrics as a Prometheus scrape sees them, following the OpenTelemetry specification's
 * "Prometheus and OpenMetrics compatibility" rules as the Collector's prometheus exporter applies them:
 *
 * - one family per Prometheus name across all instances, a series per instance and attribute set;
 * - `job` = service.namespace/service.name, `instance` = service.instance.id (else host:pid, the inspector's
 *   own identity fallback, so that two instances without ids never write the same series);
 * - resource attributes once per instance in `target_info`; scope as `otel_scope_name`/`_version`/`_<attribute>`;
 * - monotonic sums as counters, other sums and gauges as gauges, delta temporality accumulated;
 * - histograms as `_bucket{le}`/`_sum`/`_count`, exponential ones converted to power-of-two buckets;
 * - summaries as `{quantile}` series with `_sum`/`_count`;
 * - series not updated within the expiry left out.
 */
import type { Instance } from '../store/instance';
import type { MetricStream } from '../store/metricStream';
import type { Series } from '../store/series';
import type { TelemetryStore } from '../store/store';
import type { ExponentialHistogramPoint, HistogramPoint, MetricPoint, NumberPoint, Scope, SummaryPoint } from '../model/records';
import { newAttributes } from '../model/attributes';
import { DeltaAccumulator } from './accumulator';
import { isLive } from './expiry';
import { exponentialToClassic } from './exponential';
import { labelsOf, type Label } from './labels';
import { familyName, type PromType } from './naming';
import { resolvePrometheusOptions, type PrometheusOptions } from './options';
import { metricsRoute, type MetricsRoute } from './route';
import { MetricsServer } from './server';
import { Exposition, type Family, type SeriesWriter } from './writer';

const NO_RECORDED_VALUE = 1;
const IDENTITY_KEYS = new Set(['service.name', 'service.namespace', 'service.instance.id']);
const SCOPE_LABELS = new Set(['otel_scope_name', 'otel_scope_version', 'otel_scope_schema_url']);

/** Labels the exposition sets itself; an attribute that would take one is written as `exported_<name>`. */
function reservedForPoints(name: string): boolean {
  return name === 'job' || name === 'instance' || name === 'le' || name === 'quantile' || name.startsWith('otel_scope_');
}
function reservedForTargetInfo(name: string): boolean {
  return name === 'job' || name === 'instance';
}
function reservedForScope(name: string): boolean {
  return SCOPE_LABELS.has(name);
}

/** The Prometheus type an OTLP metric stream becomes. */
function promTypeOf(stream: Pick<MetricStream, 'kind' | 'monotonic'>): PromType {
  switch (stream.kind) {
    case 'sum':
      return stream.monotonic ? 'counter' : 'gauge';
    case 'histogram':
    case 'exponentialHistogram':
      return 'histogram';
    case 'summary':
      return 'summary';
    default:
      return 'gauge';
  }
}

/** `job` and `instance` of an Instance. */
function targetLabels(instance: Pick<Instance, 'serviceName' | 'serviceNamespace' | 'instanceLabel'>): Label[] {
  const job = instance.serviceNamespace ? `${instance.serviceNamespace}/${instance.serviceName}` : instance.serviceName;
  const out: Label[] = [{ name: 'job', value: job }];
  if (instance.instanceLabel) out.push({ name: 'instance', value: instance.instanceLabel });
  return out;
}

function scopeLabels(scope: Scope): Label[] {
  const out: Label[] = [];
  if (scope.name) out.push({ name: 'otel_scope_name', value: scope.name });
  if (scope.version) out.push({ name: 'otel_scope_version', value: scope.version });
  out.push(...labelsOf(scope.attributes, reservedForScope, 'otel_scope_'));
  return out;
}

export class PrometheusExporter {
  private options: PrometheusOptions;
  private readonly accumulator: DeltaAccumulator;
  private readonly unsubscribe: () => void;
  private server: MetricsServer | undefined;
  private readonly now: () => number;
  /** The handler the OTLP/HTTP receiver and the own server answer `GET /metrics` with. */
  readonly route: MetricsRoute;

  constructor(
    private readonly store: TelemetryStore,
    options?: Partial<PrometheusOptions>,
    clock: { now?: () => number } = {},
  ) {
    this.options = resolvePrometheusOptions(options);
    this.now = clock.now ?? Date.now;
    this.accumulator = new DeltaAccumulator(() => this.options.expireAfterMs);
    this.route = metricsRoute(() => this.render());
    // Delta points are taken in as they arrive, not only when scraped: the store's ring per series may
    // turn over between two scrapes, and a running total must not miss what it dropped.
    this.unsubscribe = store.onChange((change) => {
      const now = this.now();
      for (const [key, signals] of change.updated) {
        if (!signals.has('metrics')) continue;
        const instance = store.instances.get(key);
        if (instance) this.takeDeltas(instance, now);
      }
    });
  }

  get config(): Readonly<PrometheusOptions> {
    return this.options;
  }

  /** Delta points added, dropped as overlapping, missed; for diagnostics and tests. */
  get deltaCounts(): Readonly<DeltaAccumulator['counts']> {
    return this.accumulator.counts;
  }

  /** The own port in use while it listens. */
  get serverAddress(): { host: string; port: number } | undefined {
    return this.server?.port !== undefined ? { host: this.server.host, port: this.server.port } : undefined;
  }

  /** Starts the own port when one is configured; rejects with a ListenError when it cannot listen. */
  async start(): Promise<void> {
    if (this.options.port === undefined || this.server) return;
    const server = new MetricsServer(this.route, this.options.host, this.options.port);
    await server.start();
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }

  /** New options apply at once; the own port restarts only when its address changed. */
  async configure(options: Partial<PrometheusOptions>): Promise<void> {
    const next = resolvePrometheusOptions({ ...this.options, ...options });
    const moved = next.port !== this.options.port || next.host !== this.options.host;
    const wasRunning = this.server !== undefined;
    this.options = next;
    if (moved && wasRunning) await this.stop();
    if (moved || !wasRunning) await this.start();
  }

  dispose(): void {
    this.unsubscribe();
  }

  /** The exposition of everything live now. */
  render(): string {
    const now = this.now();
    const expireAfterMs = this.options.expireAfterMs;
    const out = new Exposition();
    const targetInfo = out.family('target_info', 'gauge', 'Target metadata', 'target_info');
    const instances = [...this.store.instances.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const instance of instances) {
      const target = targetLabels(instance);
      const who = target.map((l) => l.value).join(' ');
      let live = false;
      for (const stream of instance.metricStreams.values()) {
        if (!isLive(stream.lastUpdatedMs, now, expireAfterMs)) continue;
        const type = promTypeOf(stream);
        const name = familyName(stream.name, stream.unit, type);
        const what = `metric ${JSON.stringify(stream.name)} of ${who}`;
        const scope = scopeLabels(stream.scope);
        // Made with the first live series, so a stream whose series all expired writes no empty family.
        let family: Family | undefined | null = null;
        for (const series of stream.series.values()) {
          if (!isLive(series.lastUpdatedMs, now, expireAfterMs)) continue;
          const point = this.pointOf(stream, series, now);
          if (!point) continue;
          if (family === null) family = out.family(name, type, stream.description, what);
          if (!family) break;
          const labels = [...target, ...labelsOf(series.attributes, reservedForPoints), ...scope];
          const writer = out.series(family, labels, what);
          if (!writer) continue;
          writePoint(writer, type, stream.kind === 'exponentialHistogram' ? exponentialToClassic(point as ExponentialHistogramPoint) : point);
          live = true;
        }
      }
      if (live && targetInfo) {
        const resource = newAttributes();
        for (const [k, v] of Object.entries(instance.resource)) if (!IDENTITY_KEYS.has(k)) resource[k] = v;
        const labels = labelsOf(resource, reservedForTargetInfo);
        if (labels.length) out.series(targetInfo, [...target, ...labels], `target_info of ${who}`)?.sample('', 1);
      }
    }
    return out.render();
  }

  /** The point a series shows: its latest, or for delta temporality its running total. */
  private pointOf(stream: MetricStream, series: Series, now: number): MetricPoint | undefined {
    const point = stream.temporality === 'delta' ? this.accumulator.total(stream.kind, series, now) : series.latest();
    if (!point || point.flags & NO_RECORDED_VALUE) return undefined;
    return point;
  }

  private takeDeltas(instance: Instance, now: number): void {
    for (const stream of instance.metricStreams.values()) {
      if (stream.temporality !== 'delta') continue;
      for (const series of stream.series.values()) this.accumulator.total(stream.kind, series, now);
    }
  }
}

function writePoint(w: SeriesWriter, type: PromType, point: MetricPoint): void {
  if (type === 'counter' || type === 'gauge') {
    w.sample('', (point as NumberPoint).value);
    return;
  }
  if (type === 'summary') {
    const p = point as SummaryPoint;
    for (const q of [...p.quantileValues].sort((a, b) => a.quantile - b.quantile)) w.sample('', q.value, { name: 'quantile', value: formatBound(q.quantile) });
    w.sample('_sum', p.sum);
    w.sample('_count', p.count);
    return;
  }
  const p = point as HistogramPoint;
  let cumulative = 0;
  for (let i = 0; i < p.explicitBounds.length; i++) {
    cumulative += p.bucketCounts[i] ?? 0;
    if (!Number.isFinite(p.explicitBounds[i])) continue; // a bound of +Inf is the +Inf bucket, written below
    w.sample('_bucket', cumulative, { name: 'le', value: formatBound(p.explicitBounds[i]) });
  }
  w.sample('_bucket', p.count, { name: 'le', value: '+Inf' });
  if (p.sum !== undefined) w.sample('_sum', p.sum);
  w.sample('_count', p.count);
}

/** A bound as an `le` or `quantile` value. */
function formatBound(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}
