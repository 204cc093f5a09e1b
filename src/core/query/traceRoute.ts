/**
 * `GET /api/v1/traces/<trace id>`: one trace across every instance holding parts of it, its spans by start time with
 * attributes and events (clipped), and the log records that carry its id (from the store's logs-by-trace index).
 * A trace of thousands of spans is paged (`limit`, `cursor`); its logs are capped by `logLimit`.
 */
import { SPAN_KIND_NAMES, StatusCode, type SpanRecord } from '../model/records';
import { serviceDisplayName } from '../store/identity';
import type { Instance } from '../store/instance';
import { clipAttributes, clipString } from './boundedJson';
import { logJson } from './logJson';
import { Page } from './page';
import { QueryError } from './queryError';
import { MAX_EVENTS_PER_SPAN, QUERY_LIMITS } from './queryLimits';
import { encodeCursor, QueryParams } from './queryParams';
import type { QuerySource } from './querySource';
import type { LogJson, SpanJson, TraceResponse } from './queryTypes';

const CURSOR = 'trace';
const TRACE_ID = /^[0-9a-f]{32}$/;

export function traceRoute(source: QuerySource, rawId: string, search: URLSearchParams): TraceResponse {
  const traceId = rawId.toLowerCase();
  if (!TRACE_ID.test(traceId)) throw new QueryError(400, `"${clipString(rawId, 64)}" is not a trace id: 32 hex digits, as /api/v1/traces lists them`);
  const params = new QueryParams(search, ['limit', 'cursor', 'logLimit']);
  const limit = params.limit(QUERY_LIMITS.traceSpans);
  const logLimit = params.limit(QUERY_LIMITS.traceLogs, 'logLimit');
  const after = params.cursor(CURSOR, (o): o is { s: number; id: string } => typeof o.s === 'number' && typeof o.id === 'string');
  const parts = source.store.findTrace(traceId);
  if (parts.length === 0) throw new QueryError(404, `no trace ${traceId} is held: it never arrived, or was evicted (the store keeps the newest spans)`);

  const spans: { span: SpanRecord; instance: Instance }[] = [];
  let start = Infinity;
  let end = -Infinity;
  let errors = 0;
  for (const { instance, trace } of parts) {
    for (const span of trace.spans.values()) spans.push({ span, instance });
    start = Math.min(start, trace.startTimeUnixNano);
    end = Math.max(end, trace.endTimeUnixNano);
    errors += trace.errorCount;
  }
  spans.sort((a, b) => a.span.startTimeUnixNano - b.span.startTimeUnixNano || (a.span.spanId < b.span.spanId ? -1 : 1));
  const held = new Set(spans.map((s) => s.span.spanId));
  const root = spans.find((s) => s.span.parentSpanId === '') ?? spans.find((s) => !held.has(s.span.parentSpanId));
  const services: string[] = [];
  for (const s of root ? [root, ...spans] : spans) {
    const name = serviceDisplayName(s.instance);
    if (!services.includes(name)) services.push(name);
  }

  const page = new Page<SpanJson>(limit);
  // By start, ties by id: the cursor is the last span sent, so spans that arrive between pages do not shift it.
  let i = 0;
  if (after) {
    while (i < spans.length && !(spans[i].span.startTimeUnixNano > after.s || (spans[i].span.startTimeUnixNano === after.s && spans[i].span.spanId > after.id))) i++;
  }
  let lastSent: SpanRecord | undefined;
  for (; i < spans.length; i++) {
    if (!page.add(spanJson(spans[i].span, spans[i].instance, start))) break;
    lastSent = spans[i].span;
  }
  const entries = source.store.traceLogs.logsOfTrace(traceId);
  const logs: LogJson[] = entries.slice(0, logLimit).map((e) => logJson(e.instance, e.record));

  return {
    traceId,
    rootName: root?.span.name ?? '',
    services: services.slice(0, 20),
    start: new Date(start / 1e6).toISOString(),
    startTimeUnixNano: start,
    durationMs: Math.max(0, end - start) / 1e6,
    spanCount: spans.length,
    errorCount: errors,
    complete: root?.span.parentSpanId === '',
    spans: page.items,
    logs,
    logCount: entries.length,
    nextCursor: page.full && lastSent ? encodeCursor(CURSOR, { s: lastSent.startTimeUnixNano, id: lastSent.spanId }) : null,
  };
}

function spanJson(s: SpanRecord, instance: Instance, traceStart: number): SpanJson {
  const events = s.events.slice(0, MAX_EVENTS_PER_SPAN);
  return {
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: clipString(s.name, 256),
    kind: SPAN_KIND_NAMES[s.kind] ?? String(s.kind),
    service: serviceDisplayName(instance),
    instance: instance.instanceLabel,
    startOffsetMs: (s.startTimeUnixNano - traceStart) / 1e6,
    durationMs: Math.max(0, s.endTimeUnixNano - s.startTimeUnixNano) / 1e6,
    status: s.statusCode === StatusCode.Error ? 'error' : s.statusCode === StatusCode.Ok ? 'ok' : 'unset',
    statusMessage: clipString(s.statusMessage),
    attributes: clipAttributes(s.attributes),
    events: events.map((e) => ({ name: clipString(e.name, 256), offsetMs: (e.timeUnixNano - traceStart) / 1e6, attributes: clipAttributes(e.attributes) })),
    eventsOmitted: s.events.length - events.length + s.droppedEventsCount,
    links: s.links.slice(0, 16).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
    scope: clipString(s.scope.name, 256),
  };
}
