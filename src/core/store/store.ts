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
import { LazySpan } from '../otlp/protobuf/lazySpan';
import { ChangeCoalescer, type ChangeListener, type ChangeTopic } from './change';
import { newCounters, newEvictionsByCause, type CountersBySignal, type EvictionCause, type EvictionCounters, type EvictionsByCause } from './counters';
import { EvictionQueue } from './evictionQueue';
import { identify } from './identity';
import { Instance } from './instance';
import { formatByteSize, resolveStoreLimits, type StoreLimits } from './limits';
import { DEFAULT_LIVENESS_RULE, livenessOf, type Liveness, type LivenessRule } from './liveness';
import { instanceBytes, logBytes, pointBytes, seriesBytes, spanBytes, stringBytes, streamBytes, TRACE_OVERHEAD } from './memory';
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

/** The memory budget and what the store counts against it now. */
export interface MemoryUse {
  bytes: number;
  budgetBytes: number;
}

/** One item may take at most this share of the memory budget; a bigger one is refused (it would evict the rest). */
const MAX_ITEM_SHARE = 4;

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const ZERO32 = '0'.repeat(32);
const ZERO16 = '0'.repeat(16);

/**
 * Everything received, bounded. Sources write; views read and listen to coalesced change events.
 * A memory budget in bytes (maxMemoryBytes) evicts the oldest first across spans, log records, series and empty
 * instances, by the order they arrived or were last updated; the count caps evict too (spans and log records
 * globally, points per series, series per stream by least recent update, instances by least recent sighting).
 * Every eviction is counted, by what was dropped and by why.
 */
export class TelemetryStore {
  readonly instances = new Map<string, Instance>();
  readonly counters: CountersBySignal = newCounters();
  readonly evictions: EvictionCounters = { spans: 0, points: 0, series: 0, logRecords: 0, instances: 0 };
  /** Trace id → the held log records that carry it; kept in step with arrivals and evictions. */
  readonly traceLogs = new TraceLogIndex();
  /** GenAI (LLM) calls and tokens per instance and model, counted as spans arrive. */
  readonly genai = new GenAiUsage();
  /** Evicted spans, points and log records by cause; they add up to the signals' evicted counters. */
  readonly evictedByCause: EvictionsByCause = newEvictionsByCause();
  private limits: StoreLimits;
  private readonly changes: ChangeCoalescer;
  /** Spans in arrival order: (instance, trace, span), with their bytes and ingest sequence number. */
  private readonly spanQueue = new EvictionQueue<Instance, Trace, SpanRecord>(1024);
  /** Log records in arrival order, by their instance (whose own queue holds them in the same order). */
  private readonly logQueue = new EvictionQueue<Instance>(1024);
  /** Every Series, least recently updated first (a Set re-added on update keeps that order). */
  private readonly seriesOrder = new Set<Series>();
  /** Instances, least recently seen first (re-inserted on every request). */
  private readonly instanceOrder = new Map<string, Instance>();
  private liveSpans = 0;
  private liveLogs = 0;
  private liveness: LivenessRule = { ...DEFAULT_LIVENESS_RULE };
  /** Armed for the next moment an instance goes quiet, so views hear of it then rather than on their next tick. */
  private quietTimer: NodeJS.Timeout | undefined;
  private quietTimerAtMs = Infinity;
  /** Instances that went quiet before this were announced already. */
  private quietCheckedMs = -Infinity;
  /** What the store counts against the memory budget (memory.ts). */
  private bytes = 0;
  /** One per ingest call: orders evictions across kinds (a Series or Instance remembers its last). */
  private seq = 0;

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

  /** The estimated bytes held and the budget they are held to. */
  get memory(): MemoryUse {
    return { bytes: this.bytes, budgetBytes: this.limits.maxMemoryBytes };
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
          if (series.points.capacity !== this.limits.maxPointsPerSeries) this.resizeSeries(instance, series);
        }
        this.enforceSeriesCap(instance, stream);
      }
    }
    this.enforceInstanceCap(undefined);
    this.enforceMemory();
    this.changes.topic('instances');
  }

  /** Counts items of a request that was refused whole (undecodable, over a limit). */
  countRejectedRequest(signal: Signal, items = 0): void {
    this.counters[signal].received += items;
    this.counters[signal].rejected += items;
  }

  ingestTraces(payload: TracesPayload): IngestResult {
    const now = this.now();
    const seq = ++this.seq;
    const c = this.counters.traces;
    const itemLimit = this.itemLimit;
    let accepted = 0;
    let rejected = 0;
    let reason = '';
    for (const batch of payload) {
      if (batch.items.length === 0) continue;
      const instance = this.instanceFor(batch, now, seq);
      if (!instance) {
        rejected += this.rejectBatch('traces', batch.items.length);
        reason ||= this.resourceTooLarge(batch);
        continue;
      }
      for (const span of batch.items) {
        c.received++;
        if (!HEX32.test(span.traceId) || span.traceId === ZERO32 || !HEX16.test(span.spanId) || span.spanId === ZERO16) {
          rejected++;
          c.rejected++;
          reason ||= `span "${span.name}" has an invalid trace or span id (trace id must be 16 bytes, span id 8 bytes, not all zero)`;
          continue;
        }
        const bytes = spanBytes(span);
        if (bytes > itemLimit) {
          rejected++;
          c.rejected++;
          reason ||= `span "${span.name}" holds ${formatByteSize(bytes)}, more than a quarter of the memory budget (${formatByteSize(this.limits.maxMemoryBytes)})`;
          continue;
        }
        // Keep a copy of the span's own undecoded bytes, so the request body is not held for it.
        if (span instanceof LazySpan) span.retainBytes();
        let trace = instance.traces.get(span.traceId);
        if (!trace) {
          instance.traces.set(span.traceId, (trace = new Trace(span.traceId, now)));
          this.charge(instance, TRACE_OVERHEAD);
        }
        // Spans of one trace share the Trace's id string: one copy per trace, not per span (memory at the cap).
        else span.traceId = trace.traceId;
        const previous = trace.put(span, now);
        this.genai.spanStored(instance, span, previous);
        if (previous) {
          // A re-sent span replaces its earlier copy; the copy counts as evicted so the books balance.
          c.evicted++;
          c.stored--;
          this.evictions.spans++;
          this.evictedByCause.replaced++;
          this.charge(instance, -spanBytes(previous));
        } else {
          instance.spanCount++;
          this.liveSpans++;
        }
        this.charge(instance, bytes);
        c.stored++;
        accepted++;
        this.spanQueue.push(instance, trace, span, bytes, seq);
      }
      this.touched(instance, 'traces', batch.items.length, now);
    }
    this.enforceSpanCap();
    this.enforceMemory();
    return { accepted, rejected, message: reason };
  }

  ingestMetrics(payload: MetricsPayload): IngestResult {
    const now = this.now();
    const seq = ++this.seq;
    const c = this.counters.metrics;
    const itemLimit = this.itemLimit;
    let accepted = 0;
    let rejected = 0;
    let reason = '';
    for (const batch of payload) {
      let points = 0;
      for (const metric of batch.items) points += metric.points.length;
      if (points === 0 && batch.items.length === 0) continue;
      const instance = this.instanceFor(batch, now, seq);
      if (!instance) {
        rejected += this.rejectBatch('metrics', points);
        reason ||= this.resourceTooLarge(batch);
        continue;
      }
      for (const metric of batch.items) {
        const key = MetricStream.keyOf(metric);
        let stream = instance.metricStreams.get(key);
        if (!stream) {
          const monotonic = metric.kind === 'sum' ? metric.monotonic : false;
          stream = new MetricStream(key, metric.name, metric.unit, metric.kind, metric.temporality, monotonic, metric.description, metric.scope);
          instance.metricStreams.set(key, stream);
          this.charge(instance, streamBytes(key, metric.description));
        } else if (metric.description) {
          this.charge(instance, stringBytes(metric.description) - stringBytes(stream.description));
          stream.description = metric.description;
        }
        stream.lastUpdatedMs = now;
        for (const point of metric.points as MetricPoint[]) {
          c.received++;
          const seriesKey = attributesKey(point.attributes);
          let series = stream.series.get(seriesKey);
          const bytes = pointBytes(point);
          if (!series) {
            const newBytes = seriesBytes(seriesKey, point.attributes);
            if (newBytes + bytes > itemLimit) {
              rejected++;
              c.rejected++;
              reason ||= `a point of "${metric.name}" has attributes of ${formatByteSize(newBytes)}, more than a quarter of the memory budget (${formatByteSize(this.limits.maxMemoryBytes)})`;
              continue;
            }
            series = new Series(seriesKey, point.attributes, this.limits.maxPointsPerSeries, instance, stream);
            series.bytes = newBytes;
            this.charge(instance, newBytes);
            stream.series.set(seriesKey, series);
            this.enforceSeriesCap(instance, stream, series);
          } else {
            // Same key, same attributes: the kept point shares its Series' copy instead of holding its own.
            point.attributes = series.attributes;
          }
          series.lastUpdatedMs = now;
          if (series.lastSeq !== seq) {
            series.lastSeq = seq;
            this.seriesOrder.delete(series);
            this.seriesOrder.add(series);
          }
          series.bytes += bytes;
          this.charge(instance, bytes);
          const old = series.points.push(point);
          if (old) {
            const oldBytes = pointBytes(old);
            series.bytes -= oldBytes;
            this.charge(instance, -oldBytes);
            c.evicted++;
            c.stored--;
            this.evictions.points++;
            this.evictedByCause.pointCap++;
          }
          c.stored++;
          accepted++;
        }
      }
      this.touched(instance, 'metrics', points, now);
    }
    this.enforceMemory();
    return { accepted, rejected, message: reason };
  }

  ingestLogs(payload: LogsPayload): IngestResult {
    const now = this.now();
    const seq = ++this.seq;
    const c = this.counters.logs;
    const itemLimit = this.itemLimit;
    let accepted = 0;
    let rejected = 0;
    let reason = '';
    for (const batch of payload) {
      if (batch.items.length === 0) continue;
      const instance = this.instanceFor(batch, now, seq);
      if (!instance) {
        rejected += this.rejectBatch('logs', batch.items.length);
        reason ||= this.resourceTooLarge(batch);
        continue;
      }
      for (const record of batch.items) {
        c.received++;
        const bytes = logBytes(record);
        if (bytes > itemLimit) {
          rejected++;
          c.rejected++;
          reason ||= `a log record of ${formatByteSize(bytes)} is more than a quarter of the memory budget (${formatByteSize(this.limits.maxMemoryBytes)})`;
          continue;
        }
        c.stored++;
        accepted++;
        instance.logs.push(record);
        this.traceLogs.add(instance, record);
        this.logQueue.push(instance, undefined, undefined, bytes, seq);
        this.charge(instance, bytes);
        this.liveLogs++;
      }
      this.touched(instance, 'logs', batch.items.length, now);
    }
    this.enforceLogCap();
    this.enforceMemory();
    return { accepted, rejected, message: reason };
  }

  /** Forgets every instance and its data; the counters start again from zero. */
  clear(): void {
    for (const instance of this.instances.values()) instance.evicted = true;
    this.instances.clear();
    this.instanceOrder.clear();
    this.seriesOrder.clear();
    this.spanQueue.clear();
    this.logQueue.clear();
    this.traceLogs.clear();
    this.liveSpans = 0;
    this.liveLogs = 0;
    this.bytes = 0;
    Object.assign(this.counters, newCounters());
    for (const k of Object.keys(this.evictions) as (keyof EvictionCounters)[]) this.evictions[k] = 0;
    Object.assign(this.evictedByCause, newEvictionsByCause());
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

  /** The batch's instance, made if new; undefined when its resource alone is over an item's share of the budget. */
  private instanceFor(batch: ResourceBatch<unknown>, now: number, seq: number): Instance | undefined {
    const resource: Resource = batch.resource;
    const identity = identify(resource.attributes);
    const own = instanceBytes(identity.key, resource.attributes);
    if (own > this.itemLimit) return undefined;
    let instance = this.instances.get(identity.key);
    if (!instance) {
      instance = new Instance(identity, resource.attributes, now);
      this.instances.set(identity.key, instance);
      this.changes.instanceAdded(instance.key);
      instance.lastSeq = seq;
      this.instanceOrder.set(instance.key, instance);
      this.enforceInstanceCap(instance);
    } else {
      instance.resource = resource.attributes;
    }
    this.charge(instance, own - instance.ownBytes);
    instance.ownBytes = own;
    if (batch.schemaUrl) instance.schemaUrl = batch.schemaUrl;
    return instance;
  }

  private get itemLimit(): number {
    return Math.floor(this.limits.maxMemoryBytes / MAX_ITEM_SHARE);
  }

  private rejectBatch(signal: Signal, items: number): number {
    this.counters[signal].received += items;
    this.counters[signal].rejected += items;
    return items;
  }

  private resourceTooLarge(batch: ResourceBatch<unknown>): string {
    const bytes = instanceBytes('', batch.resource.attributes);
    return `a resource of ${formatByteSize(bytes)} is more than a quarter of the memory budget (${formatByteSize(this.limits.maxMemoryBytes)})`;
  }

  /** Counts `bytes` (negative to release) for an instance and for the store. */
  private charge(instance: Instance, bytes: number): void {
    instance.bytes += bytes;
    this.bytes += bytes;
  }

  private touched(instance: Instance, signal: Signal, items: number, now: number): void {
    const health = instance.signals[signal];
    health.received += items;
    health.requests++;
    health.lastSeenMs = now;
    instance.lastSeenMs = now;
    instance.arrivals[signal].record(now);
    instance.lastSeq = this.seq;
    this.instanceOrder.delete(instance.key);
    this.instanceOrder.set(instance.key, instance);
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

  /**
   * Over the memory budget, evicts the oldest first until under it: the oldest span, log record or least recently
   * updated series, whichever arrived or was updated earliest; an instance goes when it was seen before any of
   * them, i.e. when nothing it holds is left to evict.
   */
  private enforceMemory(): void {
    const budget = this.limits.maxMemoryBytes;
    while (this.bytes > budget) {
      const span = this.liveSpanFront();
      const log = this.liveLogFront();
      const series = this.seriesOrder.values().next().value as Series | undefined;
      const instance = this.instanceOrder.values().next().value as Instance | undefined;
      const seriesSeq = series ? series.lastSeq : Infinity;
      const oldest = Math.min(span, log, seriesSeq);
      if (instance && instance.lastSeq < oldest) this.dropInstance(instance, 'memory');
      else if (oldest === Infinity) break; // nothing left to evict (only reachable if the accounting drifted)
      else if (span === oldest) this.evictFrontSpan('memory');
      else if (log === oldest) this.evictFrontLog('memory');
      else this.evictSeries(series!.instance, series!.stream, series!, 'memory');
    }
  }

  /** The sequence number of the oldest span still held (dead queue entries dropped on the way), or Infinity. */
  private liveSpanFront(): number {
    const q = this.spanQueue;
    while (q.length > 0) {
      const span = q.c0;
      if (!q.a0.evicted && q.b0.spans.get(span.spanId) === span) return q.seq0;
      q.shift();
    }
    return Infinity;
  }

  private liveLogFront(): number {
    const q = this.logQueue;
    while (q.length > 0) {
      if (!q.a0.evicted) return q.seq0;
      q.shift();
    }
    return Infinity;
  }

  /** Evicts the oldest span, which liveSpanFront found held. */
  private evictFrontSpan(cause: EvictionCause): void {
    const q = this.spanQueue;
    const instance = q.a0;
    const trace = q.b0;
    const span = q.c0;
    const bytes = q.bytes0;
    q.shift();
    trace.remove(span);
    this.liveSpans--;
    instance.spanCount--;
    this.counters.traces.stored--;
    this.counters.traces.evicted++;
    this.evictions.spans++;
    this.evictedByCause[cause]++;
    this.charge(instance, -bytes);
    if (trace.spans.size === 0 && instance.traces.get(trace.traceId) === trace) {
      instance.traces.delete(trace.traceId);
      this.charge(instance, -TRACE_OVERHEAD);
    }
    this.changes.instanceUpdated(instance.key, 'traces');
  }

  /** Evicts the oldest log record, whose instance liveLogFront found held. */
  private evictFrontLog(cause: EvictionCause): void {
    const q = this.logQueue;
    const instance = q.a0;
    const bytes = q.bytes0;
    q.shift();
    this.traceLogs.remove(instance.logs.shift());
    this.liveLogs--;
    this.counters.logs.stored--;
    this.counters.logs.evicted++;
    this.evictions.logRecords++;
    this.evictedByCause[cause]++;
    this.charge(instance, -bytes);
    this.changes.instanceUpdated(instance.key, 'logs');
  }

  private enforceSpanCap(): void {
    while (this.liveSpans > this.limits.maxSpans && this.liveSpanFront() !== Infinity) this.evictFrontSpan('spanCap');
    // Replaced and instance-evicted spans leave dead entries; drop them before they outgrow the live ones.
    if (this.spanQueue.length > 2 * this.liveSpans + 1024) {
      this.spanQueue.retain((instance, trace, span) => !instance.evicted && trace.spans.get(span.spanId) === span);
    }
  }

  private enforceLogCap(): void {
    while (this.liveLogs > this.limits.maxLogRecords && this.liveLogFront() !== Infinity) this.evictFrontLog('logCap');
    if (this.logQueue.length > 2 * this.liveLogs + 1024) this.logQueue.retain((i) => !i.evicted);
  }

  private enforceSeriesCap(instance: Instance, stream: MetricStream, keep?: Series): void {
    while (stream.series.size > this.limits.maxSeriesPerStream) {
      let oldest: Series | undefined;
      for (const s of stream.series.values()) {
        if (s !== keep && (!oldest || s.lastUpdatedMs < oldest.lastUpdatedMs)) oldest = s;
      }
      if (!oldest) break;
      this.evictSeries(instance, stream, oldest, 'seriesCap');
    }
  }

  /** Drops a Series and its points. */
  private evictSeries(instance: Instance, stream: MetricStream, series: Series, cause: EvictionCause): void {
    stream.series.delete(series.key);
    this.seriesOrder.delete(series);
    series.evicted = true;
    const points = series.points.length;
    this.evictions.series++;
    this.evictions.points += points;
    this.evictedByCause[cause] += points;
    this.counters.metrics.stored -= points;
    this.counters.metrics.evicted += points;
    this.charge(instance, -series.bytes);
    this.changes.instanceUpdated(instance.key, 'metrics');
  }

  private resizeSeries(instance: Instance, series: Series): void {
    const dropped = series.resize(this.limits.maxPointsPerSeries);
    let bytes = 0;
    for (const p of dropped) bytes += pointBytes(p);
    series.bytes -= bytes;
    this.charge(instance, -bytes);
    this.counters.metrics.stored -= dropped.length;
    this.counters.metrics.evicted += dropped.length;
    this.evictions.points += dropped.length;
    this.evictedByCause.pointCap += dropped.length;
  }

  private enforceInstanceCap(keep: Instance | undefined): void {
    while (this.instances.size > this.limits.maxInstances) {
      // Least recently seen first: instanceOrder's first entry that is not the one being added.
      let oldest: Instance | undefined;
      for (const i of this.instanceOrder.values()) {
        if (i !== keep) {
          oldest = i;
          break;
        }
      }
      if (!oldest) break;
      this.dropInstance(oldest, 'instanceCap');
    }
  }

  private dropInstance(instance: Instance, cause: EvictionCause): void {
    instance.evicted = true;
    this.instances.delete(instance.key);
    this.traceLogs.removeInstance(instance);
    this.instanceOrder.delete(instance.key);
    this.evictions.instances++;
    let series = 0;
    for (const stream of instance.metricStreams.values()) {
      for (const s of stream.series.values()) {
        this.seriesOrder.delete(s);
        s.evicted = true;
        series++;
      }
    }
    const points = instance.pointCount;
    const spans = instance.spanCount;
    const logs = instance.logs.length;
    this.liveSpans -= spans;
    this.liveLogs -= logs;
    this.bytes -= instance.bytes;
    instance.bytes = 0;
    this.counters.traces.stored -= spans;
    this.counters.traces.evicted += spans;
    this.counters.metrics.stored -= points;
    this.counters.metrics.evicted += points;
    this.counters.logs.stored -= logs;
    this.counters.logs.evicted += logs;
    this.evictions.spans += spans;
    this.evictions.points += points;
    this.evictions.series += series;
    this.evictions.logRecords += logs;
    this.evictedByCause[cause] += spans + points + logs;
    this.changes.instanceRemoved(instance.key);
  }
}
