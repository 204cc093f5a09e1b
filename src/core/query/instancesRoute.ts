/**
 * `GET /api/v1/instances`: every Instance with the health of each Signal (how much arrived, when last), whether it
 * still sends (liveness), the known causes of a missing signal, and the receivers' own state and hints. This is
 * "is my app sending metrics?" in one answer.
 */
import { SIGNALS, type Signal } from '../model/records';
import { missingSignalHints } from '../store/signalHints';
import type { Instance } from '../store/instance';
import { clipAttributes, isoTime } from './boundedJson';
import { Page } from './page';
import { QUERY_LIMITS } from './queryLimits';
import { encodeCursor, QueryParams } from './queryParams';
import type { QuerySource } from './querySource';
import type { InstanceJson, InstancesResponse, ReceiverJson, SignalHealthJson } from './queryTypes';

const CURSOR = 'instances';

export function instancesRoute(source: QuerySource, search: URLSearchParams): InstancesResponse {
  const params = new QueryParams(search, ['service', 'live', 'limit', 'cursor']);
  const service = params.string('service')?.toLowerCase();
  const liveOnly = params.boolean('live');
  const limit = params.limit(QUERY_LIMITS.instances);
  const after = params.cursor(CURSOR, (o): o is { key: string } => typeof o.key === 'string');
  const now = source.now();
  const store = source.store;

  const all = [...store.instances.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let live = 0;
  const matching: { instance: Instance; json: () => InstanceJson }[] = [];
  for (const instance of all) {
    const liveness = store.livenessOf(instance, now);
    if (liveness.live) live++;
    if (service !== undefined && instance.serviceName.toLowerCase() !== service && `${instance.serviceNamespace}/${instance.serviceName}`.toLowerCase() !== service) continue;
    if (liveOnly !== undefined && liveness.live !== liveOnly) continue;
    matching.push({ instance, json: () => instanceJson(source, instance, now) });
  }
  const page = new Page<InstanceJson>(limit);
  for (const m of matching) {
    if (after && m.instance.key <= after.key) continue;
    if (!page.add(m.json())) break;
  }
  const last = page.items[page.items.length - 1];
  return {
    generatedAt: new Date(now).toISOString(),
    receivers: receiversJson(source),
    receiverHints: source.receiverStats().flatMap((s) => [...s.hints.values()].map((h) => h.message)),
    total: all.length,
    live,
    instances: page.items,
    nextCursor: page.full && last ? encodeCursor(CURSOR, { key: last.key }) : null,
  };
}

function receiversJson(source: QuerySource): ReceiverJson[] {
  return Object.entries(source.receivers()).map(([kind, s]) => ({
    kind,
    status: s.status,
    host: s.status === 'stopped' ? null : s.host,
    port: s.status === 'stopped' ? null : s.port,
    message: s.status === 'error' ? s.message : '',
  }));
}

function instanceJson(source: QuerySource, instance: Instance, now: number): InstanceJson {
  const liveness = source.store.livenessOf(instance, now);
  const signals = {} as Record<Signal, SignalHealthJson>;
  for (const signal of SIGNALS) {
    const h = instance.signals[signal];
    signals[signal] = { received: h.received, requests: h.requests, lastSeen: isoTime(h.lastSeenMs), ageMs: h.lastSeenMs === undefined ? null : Math.max(0, now - h.lastSeenMs) };
  }
  return {
    key: instance.key,
    service: instance.serviceName,
    serviceNamespace: instance.serviceNamespace,
    instance: instance.instanceLabel,
    live: liveness.live,
    quietAt: isoTime(liveness.quietAtMs) ?? '',
    usualIntervalMs: liveness.usualIntervalMs ?? null,
    firstSeen: isoTime(instance.firstSeenMs) ?? '',
    lastSeen: isoTime(instance.lastSeenMs) ?? '',
    signals,
    hints: missingSignalHints(instance, now),
    counts: { traces: instance.traces.size, spans: instance.spanCount, metricStreams: instance.metricStreams.size, series: instance.seriesCount, logRecords: instance.logs.length },
    genai: source.store.genai.of(instance),
    resource: clipAttributes(instance.resource),
  };
}
