import type {
  LogsPayload,
  MetricPoint,
  MetricsPayload,
  ResourceBatch,
  Signal,
  SpanRecord,
  TracesPayload,
} from '../model/records';
import type { Resource } from '../model/records';
import { attributesKey } from '../model/attributes';
import { ChangeCoalescer, type ChangeListener, type ChangeTopic } from './change';
import { newCounters, type CountersBySignal, type EvictionCounters } from './counters';
import { Deque } from './deque';
import { identify } from './identity';
import { Instance } from './instance';
import { resolveStoreLimits, type StoreLimits } from './limits';
import { DEFAULT_LIVENESS_RULE, livenessOf, type Liveness, type LivenessRule } from './liveness';
import { MetricStream } from './metricStream';
import { Series } from './series';
import { Trace } from './trace';
import { TraceLogIndex } from './traceLogIndex';
import { GenAiUsage } from '../genai/genaiUsage';

/** What one ingest call did, so a receiver can answer with partial_success. */
export interface IngestResult {
  accepted: number;
  rejected: number;
  /** Why items were rejected, for partial_success.error_message; '' when none were. */
  message: string;
}

interface QueuedSpan {
  instance: Instance;
  trace: Trace;
  span: SpanRecord;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const ZERO32 = '0'.repeat(32);
const ZERO16 = '0'.repeat(16);

/**
 * Everything received, bounded. Sources write; views read and listen to coalesced change events.
 * Caps evict the oldest first (spans and log records globally, points per series, series per stream by
 * least recent update, instances by least recent sighting), and every eviction is counted.
 */
export class TelemetryStore {
  readonly instances = new Map<string, Instance>();
  readonly counters: CountersBySignal = newCounters();
  readonly evictions: EvictionCounters = { spans: 0, points: 0, series: 0, logRecords: 0, instances: 0 };
  /** Trace id → the held log records that carry it; kept in step with arrivals and evictions. */
  readonly traceLogs = new TraceLogIndex();
  /** GenAI (LLM) calls and tokens per instance and model, counted as spans arrive. */
  readonly genai = new GenAiUsage();
  private limits: StoreLimits;
  private readonly changes: ChangeCoalescer;
  private readonly spanQueue = new Deque<QueuedSpan>(1024);
  private readonly logQueue = new Deque<Instance>(1024);
  private liveSpans = 0;
  private liveLogs = 0;
  private liveness: LivenessRule = { ...DEFAULT_LIVENESS_RULE };
  /** Armed for the next moment an instance goes quiet, so views hear of it then rather than on their next tick. */
  private quietTimer: NodeJS.Timeout | undefined;
  private quietTimerAtMs = Infinity;
  /** Instances that went quiet before this were announced already. */
  private quietCheckedMs = -Infinity;

  constructor(
    limits?: Partial<StoreLimits>,
    options: { changeIntervalMs?: number; now?: () => number } = {},
  ) {
    this.limits = resolveStoreLimits(limits);
    this.changes = new ChangeCoalescer(options.changeIntervalMs ?? 250);
    this.now = options.now ?? Date.now;
  }

  private readonly now: () => number;

  get storeLimits(): Readonly<StoreLimits> {
    return this.limits;
  }

  get spanCount(): number {
    return this.liveSpans;
  }

  get logCount(): number {
    return this.liveLogs;
  }

  get changeEventsEmitted(): number {
    return this.changes.emitted;
  }

  onChange(listener: ChangeListener): () => void {
    return this.changes.onChange(listener);
  }

  /** For sources other than the receiver (Pushgateway, scraper, receiver state) to announce a change. */
  markChanged(topic: ChangeTopic): void {
    this.changes.topic(topic);
  }

  flushChanges(): void {
    this.changes.flush();
  }

  /** New caps apply at once: anything over them is evicted now. */
  setLimits(limits: Partial<StoreLimits>): void {
    this.limits = resolveStoreLimits(limits);
    this.enforceSpanCap();
    this.enforceLogCap();
    for (const instance of this.instances.values()) {
      for (const stream of instance.metricStreams.values()) {
        for (const series of stream.series.values()) {
          if (series.points.capacity !== this.limits.maxPointsPerSeries) this.resizeSeries(series);
        }
        this.enforceSeriesCap(instance, stream);
      }
    }
    this.enforceInstanceCap(undefined);
    this.changes.topic('instances');
  }

  /** Counts items of a request that was refused whole (undecodable, over a limit). */
  countRejectedRequest(signal: Signal, items = 0): void {
    this.counters[signal].received += items;
    this.counters[signal].rejected += items;
  }

  ingestTraces(payload: TracesPayload): IngestResult {
    const now = this.now();
    const c = this.counters.traces;
    let accepted = 0;
    let rejected = 0;
    let reason = '';
    for (const batch of payload) {
      if (batch.items.length === 0) continue;
      const instance = this.instanceFor(batch, now);
      for (const span of batch.items) {
        c.received++;
        if (!HEX32.test(span.traceId) || span.traceId === ZERO32 || !HEX16.test(span.spanId) || span.spanId === ZERO16) {
          rejected++;
          c.rejected++;
          reason ||= `span "${span.name}" has an invalid trace or span id (trace id must be 16 bytes, span id 8 bytes, not all zero)`;
          continue;
        }
        let trace = instance.traces.get(span.traceId);
        if (!trace) instance.traces.set(span.traceId, (trace = new Trace(span.traceId, now)));
        // Spans of one trace share the Trace's id string: one copy per trace, not per span (memory at the cap).
        else span.traceId = trace.traceId;
        const previous = trace.put(span, now);
        this.genai.spanStored(instance, span, previous);
        if (previous) {
          // A re-sent span replaces its earlier copy; the copy counts as evicted so the books balance.
          c.evicted++;
          c.stored--;
          this.evictions.spans++;
        } else {
          instance.spanCount++;
          this.liveSpans++;
        }
        c.stored++;
        accepted++;
        this.spanQueue.push({ instance, trace, span });
      }
      this.touched(instance, 'traces', batch.items.length, now);
    }
    this.enforceSpanCap();
    return { accepted, rejected, message: reason };
  }

  ingestMetrics(payload: MetricsPayload): IngestResult {
    const now = this.now();
    const c = this.counters.metrics;
    let accepted = 0;
    for (const batch of payload) {
      let points = 0;
      for (const metric of batch.items) points += metric.points.length;
      if (points === 0 && batch.items.length === 0) continue;
      const instance = this.instanceFor(batch, now);
      for (const metric of batch.items) {
        const key = MetricStream.keyOf(metric);
        let stream = instance.metricStreams.get(key);
        if (!stream) {
          const monotonic = metric.kind === 'sum' ? metric.monotonic : false;
          stream = new MetricStream(key, metric.name, metric.unit, metric.kind, metric.temporality, monotonic, metric.description, metric.scope);
          instance.metricStreams.set(key, stream);
        } else if (metric.description) {
          stream.description = metric.description;
        }
        stream.lastUpdatedMs = now;
        for (const point of metric.points as MetricPoint[]) {
          c.received++;
          const seriesKey = attributesKey(point.attributes);
          let series = stream.series.get(seriesKey);
          if (!series) {
            series = new Series(seriesKey, point.attributes, this.limits.maxPointsPerSeries);
            stream.series.set(seriesKey, series);
            this.enforceSeriesCap(instance, stream, series);
          } else {
            // Same key, same attributes: the kept point shares its Series' copy instead of holding its own.
            point.attributes = series.attributes;
          }
          series.lastUpdatedMs = now;
          if (series.points.push(point)) {
            c.evicted++;
            c.stored--;
            this.evictions.points++;
          }
          c.stored++;
          accepted++;
        }
      }
      this.touched(instance, 'metrics', points, now);
    }
    return { accepted, rejected: 0, message: '' };
  }

  ingestLogs(payload: LogsPayload): IngestResult {
    const now = this.now();
    const c = this.counters.logs;
    let accepted = 0;
    for (const batch of payload) {
      if (batch.items.length === 0) continue;
      const instance = this.instanceFor(batch, now);
      for (const record of batch.items) {
        c.received++;
        c.stored++;
        accepted++;
        instance.logs.push(record);
        this.traceLogs.add(instance, record);
        this.logQueue.push(instance);
        this.liveLogs++;
      }
      this.touched(instance, 'logs', batch.items.length, now);
    }
    this.enforceLogCap();
    return { accepted, rejected: 0, message: '' };
  }

  /** Forgets every instance and its data; the counters start again from zero. */
  clear(): void {
    for (const instance of this.instances.values()) instance.evicted = true;
    this.instances.clear();
    this.spanQueue.clear();
    this.logQueue.clear();
    this.traceLogs.clear();
    this.liveSpans = 0;
    this.liveLogs = 0;
    Object.assign(this.counters, newCounters());
    for (const k of Object.keys(this.evictions) as (keyof EvictionCounters)[]) this.evictions[k] = 0;
    this.changes.cleared();
  }

  dispose(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    this.changes.dispose();
  }

  get livenessRule(): Readonly<LivenessRule> {
    return this.liveness;
  }

  /** A new rule for when instances count as live (tests shorten its bounds); every instance's rows are redrawn. */
  setLivenessRule(rule: Partial<LivenessRule>): void {
    this.liveness = { ...DEFAULT_LIVENESS_RULE, ...rule };
    for (const key of this.instances.keys()) this.changes.instanceQuiet(key);
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = undefined;
    this.quietTimerAtMs = Infinity;
    this.checkQuiet();
  }

  livenessOf(instance: Instance, nowMs: number = this.now()): Liveness {
    return livenessOf(instance, nowMs, this.liveness);
  }

  /** The live instances (status bar count), by the same rule as everywhere. */
  liveInstances(nowMs: number = this.now()): Instance[] {
    return [...this.instances.values()].filter((i) => livenessOf(i, nowMs, this.liveness).live);
  }

  findTrace(traceId: string): { instance: Instance; trace: Trace }[] {
    const found: { instance: Instance; trace: Trace }[] = [];
    for (const instance of this.instances.values()) {
      const trace = instance.traces.get(traceId);
      if (trace) found.push({ instance, trace });
    }
    return found;
  }

  private instanceFor(batch: ResourceBatch<unknown>, now: number): Instance {
    const resource: Resource = batch.resource;
    const identity = identify(resource.attributes);
    let instance = this.instances.get(identity.key);
    if (!instance) {
      instance = new Instance(identity, resource.attributes, now);
      this.instances.set(identity.key, instance);
      this.changes.instanceAdded(instance.key);
      this.enforceInstanceCap(instance);
    } else {
      instance.resource = resource.attributes;
    }
    if (batch.schemaUrl) instance.schemaUrl = batch.schemaUrl;
    return instance;
  }

  private touched(instance: Instance, signal: Signal, items: number, now: number): void {
    const health = instance.signals[signal];
    health.received += items;
    health.requests++;
    health.lastSeenMs = now;
    instance.lastSeenMs = now;
    instance.arrivals[signal].record(now);
    this.changes.instanceUpdated(instance.key, signal);
    this.expectQuiet(livenessOf(instance, now, this.liveness).quietAtMs);
  }

  /** Arms the timer for an instance that goes quiet at `atMs`, unless it is armed for sooner. */
  private expectQuiet(atMs: number): void {
    if (atMs >= this.quietTimerAtMs) return;
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimerAtMs = atMs;
    this.quietTimer = setTimeout(() => {
      this.quietTimer = undefined;
      this.quietTimerAtMs = Infinity;
      this.checkQuiet();
    }, Math.max(0, atMs - this.now()) + 1);
    this.quietTimer.unref?.();
  }

  /** Announces the instances that went quiet since the last check, and arms the timer for the next one. */
  private checkQuiet(): void {
    const now = this.now();
    let next = Infinity;
    for (const instance of this.instances.values()) {
      const { quietAtMs } = livenessOf(instance, now, this.liveness);
      if (quietAtMs >= now) next = Math.min(next, quietAtMs);
      else if (quietAtMs >= this.quietCheckedMs) this.changes.instanceQuiet(instance.key);
    }
    this.quietCheckedMs = now;
    if (next < Infinity) this.expectQuiet(next);
  }

  private enforceSpanCap(): void {
    while (this.liveSpans > this.limits.maxSpans) {
      const entry = this.spanQueue.shift();
      if (!entry) break;
      if (entry.instance.evicted || !entry.trace.remove(entry.span)) continue; // dead entry: already gone
      this.liveSpans--;
      entry.instance.spanCount--;
      this.counters.traces.stored--;
      this.counters.traces.evicted++;
      this.evictions.spans++;
      if (entry.trace.spans.size === 0 && entry.instance.traces.get(entry.trace.traceId) === entry.trace) {
        entry.instance.traces.delete(entry.trace.traceId);
      }
      this.changes.instanceUpdated(entry.instance.key, 'traces');
    }
    // Replaced and instance-evicted spans leave dead entries; drop them before they outgrow the live ones.
    if (this.spanQueue.length > 2 * this.liveSpans + 1024) {
      this.spanQueue.retain((e) => !e.instance.evicted && e.trace.spans.get(e.span.spanId) === e.span);
    }
  }

  private enforceLogCap(): void {
    while (this.liveLogs > this.limits.maxLogRecords) {
      const instance = this.logQueue.shift();
      if (!instance) break;
      if (instance.evicted) continue;
      this.traceLogs.remove(instance.logs.shift());
      this.liveLogs--;
      this.counters.logs.stored--;
      this.counters.logs.evicted++;
      this.evictions.logRecords++;
      this.changes.instanceUpdated(instance.key, 'logs');
    }
    if (this.logQueue.length > 2 * this.liveLogs + 1024) this.logQueue.retain((i) => !i.evicted);
  }

  private enforceSeriesCap(instance: Instance, stream: MetricStream, keep?: Series): void {
    while (stream.series.size > this.limits.maxSeriesPerStream) {
      let oldest: Series | undefined;
      for (const s of stream.series.values()) {
        if (s !== keep && (!oldest || s.lastUpdatedMs < oldest.lastUpdatedMs)) oldest = s;
      }
      if (!oldest) break;
      stream.series.delete(oldest.key);
      this.evictions.series++;
      this.evictions.points += oldest.points.length;
      this.counters.metrics.stored -= oldest.points.length;
      this.counters.metrics.evicted += oldest.points.length;
      this.changes.instanceUpdated(instance.key, 'metrics');
    }
  }

  private resizeSeries(series: Series): void {
    const dropped = series.resize(this.limits.maxPointsPerSeries);
    this.counters.metrics.stored -= dropped;
    this.counters.metrics.evicted += dropped;
    this.evictions.points += dropped;
  }

  private enforceInstanceCap(keep: Instance | undefined): void {
    while (this.instances.size > this.limits.maxInstances) {
      let oldest: Instance | undefined;
      for (const i of this.instances.values()) {
        if (i !== keep && (!oldest || i.lastSeenMs < oldest.lastSeenMs)) oldest = i;
      }
      if (!oldest) break;
      this.dropInstance(oldest);
    }
  }

  private dropInstance(instance: Instance): void {
    instance.evicted = true;
    this.instances.delete(instance.key);
    this.traceLogs.removeInstance(instance);
    this.evictions.instances++;
    const points = instance.pointCount;
    const spans = instance.spanCount;
    const logs = instance.logs.length;
    this.liveSpans -= spans;
    this.liveLogs -= logs;
    this.counters.traces.stored -= spans;
    this.counters.traces.evicted += spans;
    this.counters.metrics.stored -= points;
    this.counters.metrics.evicted += points;
    this.counters.logs.stored -= logs;
    this.counters.logs.evicted += logs;
    this.evictions.spans += spans;
    this.evictions.points += points;
    this.evictions.logRecords += logs;
    this.changes.instanceRemoved(instance.key);
  }
}
