import type { ModelUsage } from './genai/genaiUsage';
import type { Attributes } from './model/attributes';
import type { MetricKind, MetricPoint, Signal, Temporality } from './model/records';
import { SPAN_KIND_NAMES, StatusCode } from './model/records';
import { severityName } from './format/format';
import type { ListenerState } from './otlp/receiverStatus';
import { pushgatewaySnapshot, type PushgatewaySnapshot } from './pushgateway/groupSnapshot';
import type { PushgatewayPoller } from './pushgateway/poller';
import { fileSdSnapshot, scrapeTargetSnapshot, type FileSdSnapshot, type ScrapeTargetSnapshot } from './scrape/familySnapshot';
import type { Scraper } from './scrape/scraper';
import type { TraceSearchSummary } from './search/snapshotFilter';
import type { CountersBySignal, EvictionCounters } from './store/counters';
import type { Instance } from './store/instance';
import type { TelemetryStore } from './store/store';
import type { Trace } from './store/trace';

/** The store as plain JSON: what `telemetry-inspector --json` prints and scripts consume. */
export interface Snapshot {
  generatedAt: string;
  receivers: Record<string, ListenerState>;
  counters: CountersBySignal;
  evictions: EvictionCounters;
  instances: InstanceSnapshot[];
  /** null when no Pushgateway URL is set. */
  pushgateway: PushgatewaySnapshot | null;
  scrapeTargets: ScrapeTargetSnapshot[];
  /** The file_sd files and whether their last read was good. */
  scrapeFiles: FileSdSnapshot[];
  /** Present when the snapshot's traces were filtered (`--json --error …`): the filter and what it matched. */
  traceSearch?: TraceSearchSummary;
}

export interface InstanceSnapshot {
  service: string;
  serviceNamespace: string;
  instance: string;
  resource: Attributes;
  firstSeen: string;
  lastSeen: string;
  signals: Record<Signal, { received: number; requests: number; lastSeen: string | null }>;
  /** LLM calls and tokens per model, from spans following the GenAI semantic conventions; [] when none. */
  genai: ModelUsage[];
  metrics: {
    name: string;
    description: string;
    unit: string;
    kind: MetricKind;
    temporality: Temporality;
    monotonic: boolean;
    series: { attributes: Attributes; points: number; latest: MetricPoint | null }[];
  }[];
  traces: {
    traceId: string;
    rootName: string;
    durationMs: number;
    spanCount: number;
    errorCount: number;
    spans: {
      spanId: string;
      parentSpanId: string;
      name: string;
      kind: string;
      startTimeUnixNano: number;
      durationMs: number;
      status: 'unset' | 'ok' | 'error';
      statusMessage: string;
      attributes: Attributes;
      events: { name: string; timeUnixNano: number; attributes: Attributes }[];
      links: { traceId: string; spanId: string; attributes: Attributes }[];
    }[];
  }[];
  logs: {
    timeUnixNano: number;
    severity: string;
    severityNumber: number;
    body: unknown;
    attributes: Attributes;
    traceId: string;
    spanId: string;
  }[];
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function snapshotOf(
  store: TelemetryStore,
  receivers: Record<string, ListenerState>,
  sources: { pushgateway?: PushgatewayPoller; scraper?: Scraper } = {},
): Snapshot {
  const pg = sources.pushgateway?.state;
  return {
    generatedAt: new Date().toISOString(),
    receivers,
    counters: structuredClone(store.counters),
    evictions: { ...store.evictions },
    instances: [...store.instances.values()].map((i) => instanceSnapshot(i, store)),
    pushgateway: pg && pg.health !== 'off' ? pushgatewaySnapshot(pg) : null,
    scrapeTargets: sources.scraper?.targets.map(scrapeTargetSnapshot) ?? [],
    scrapeFiles: sources.scraper?.files.map(fileSdSnapshot) ?? [],
  };
}

function instanceSnapshot(instance: Instance, store: TelemetryStore): InstanceSnapshot {
  const signals = {} as InstanceSnapshot['signals'];
  for (const [signal, health] of Object.entries(instance.signals) as [Signal, Instance['signals'][Signal]][]) {
    signals[signal] = { received: health.received, requests: health.requests, lastSeen: iso(health.lastSeenMs) };
  }
  return {
    service: instance.serviceName,
    serviceNamespace: instance.serviceNamespace,
    instance: instance.instanceLabel,
    resource: instance.resource,
    firstSeen: iso(instance.firstSeenMs) as string,
    lastSeen: iso(instance.lastSeenMs) as string,
    signals,
    genai: store.genai.of(instance),
    metrics: [...instance.metricStreams.values()].map((stream) => ({
      name: stream.name,
      description: stream.description,
      unit: stream.unit,
      kind: stream.kind,
      temporality: stream.temporality,
      monotonic: stream.monotonic,
      series: [...stream.series.values()].map((s) => ({ attributes: s.attributes, points: s.points.length, latest: s.latest() ?? null })),
    })),
    traces: [...instance.traces.values()].map(traceSnapshot),
    logs: [...instance.logs].map((r) => ({
      timeUnixNano: r.timeUnixNano || r.observedTimeUnixNano,
      severity: severityName(r.severityNumber, r.severityText),
      severityNumber: r.severityNumber,
      body: r.body,
      attributes: r.attributes,
      traceId: r.traceId,
      spanId: r.spanId,
    })),
  };
}

function traceSnapshot(trace: Trace): InstanceSnapshot['traces'][number] {
  return {
    traceId: trace.traceId,
    rootName: trace.root?.name ?? '',
    durationMs: trace.durationMs,
    spanCount: trace.spans.size,
    errorCount: trace.errorCount,
    spans: [...trace.spans.values()].map((s) => ({
      spanId: s.spanId,
      parentSpanId: s.parentSpanId,
      name: s.name,
      kind: SPAN_KIND_NAMES[s.kind] ?? String(s.kind),
      startTimeUnixNano: s.startTimeUnixNano,
      durationMs: (s.endTimeUnixNano - s.startTimeUnixNano) / 1e6,
      status: s.statusCode === StatusCode.Error ? 'error' : s.statusCode === StatusCode.Ok ? 'ok' : 'unset',
      statusMessage: s.statusMessage,
      attributes: s.attributes,
      events: s.events.map((e) => ({ name: e.name, timeUnixNano: e.timeUnixNano, attributes: e.attributes })),
      links: s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: l.attributes })),
    })),
  };
}
