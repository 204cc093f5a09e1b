import type { Attributes } from '../model/attributes';
import type { LogRecord, Signal } from '../model/records';
import { Deque } from './deque';
import type { InstanceIdentity } from './identity';
import { ArrivalGaps } from './liveness';
import type { MetricStream } from './metricStream';
import type { Trace } from './trace';

/** What one Signal of an Instance looks like from here: how much arrived and when it was last seen. */
export interface SignalHealth {
  /** Items received: spans, metric data points, log records. */
  received: number;
  requests: number;
  lastSeenMs: number | undefined;
}

/** One resource identity: a process (or a pod, a job run) that sends telemetry. */
export class Instance {
  readonly key: string;
  readonly serviceName: string;
  readonly serviceNamespace: string;
  readonly instanceLabel: string;
  /** The resource attributes as last received (a restart may change some of them). */
  resource: Attributes;
  schemaUrl = '';
  readonly firstSeenMs: number;
  lastSeenMs: number;
  readonly signals: Record<Signal, SignalHealth> = {
    traces: { received: 0, requests: 0, lastSeenMs: undefined },
    metrics: { received: 0, requests: 0, lastSeenMs: undefined },
    logs: { received: 0, requests: 0, lastSeenMs: undefined },
  };
  /** The gaps between recent requests per signal, from which liveness learns how often this instance sends. */
  readonly arrivals: Record<Signal, ArrivalGaps> = { traces: new ArrivalGaps(), metrics: new ArrivalGaps(), logs: new ArrivalGaps() };
  readonly metricStreams = new Map<string, MetricStream>();
  readonly traces = new Map<string, Trace>();
  readonly logs = new Deque<LogRecord>();
  spanCount = 0;
  /** Set once the store dropped this instance; queued references to it are then dead. */
  evicted = false;
  /** What the store counts for this instance and everything it holds (memory.ts). */
  bytes = 0;
  /** The part of `bytes` for the instance itself and its resource. */
  ownBytes = 0;
  /** The store's ingest sequence number at the last sighting: memory eviction orders by it. */
  lastSeq = 0;

  constructor(identity: InstanceIdentity, resource: Attributes, nowMs: number) {
    this.key = identity.key;
    this.serviceName = identity.serviceName;
    this.serviceNamespace = identity.serviceNamespace;
    this.instanceLabel = identity.instanceLabel;
    this.resource = resource;
    this.firstSeenMs = nowMs;
    this.lastSeenMs = nowMs;
  }

  get pointCount(): number {
    let n = 0;
    for (const stream of this.metricStreams.values()) for (const series of stream.series.values()) n += series.points.length;
    return n;
  }

  get seriesCount(): number {
    let n = 0;
    for (const stream of this.metricStreams.values()) n += stream.series.size;
    return n;
  }
}
