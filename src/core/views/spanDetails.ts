/**
 * One span as the trace panel's details pane shows it: every field in words, attribute values as text,
 * event times from the span's start, and the source location when the span names one.
 */
import type { Attributes } from '../model/attributes';
import { SPAN_KIND_NAMES, type LogRecord, type SpanRecord } from '../model/records';
import { spanGenAiDetails, type SpanGenAiDetails } from '../genai/genaiText';
import { keyValues, type KeyValue } from './keyValues';
import { spanLogLines, type SpanLogLine } from './spanLogs';
import { spanSource, type SpanSource } from './spanSource';

export { keyValues, type KeyValue };

export interface SpanDetails {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  status: 'unset' | 'ok' | 'error';
  statusMessage: string;
  service: string;
  /** ISO time of the start. */
  start: string;
  /** From the trace's start. */
  startMs: number;
  durationMs: number;
  scope: string;
  attributes: KeyValue[];
  events: { name: string; offsetMs: number; attributes: KeyValue[] }[];
  links: { traceId: string; spanId: string; attributes: KeyValue[] }[];
  resource: KeyValue[];
  /** Counts the producer dropped, shown when any is above 0. */
  dropped: { attributes: number; events: number; links: number };
  source?: SpanSource;
  /** The log records that name this span, oldest first ([] when none). */
  logs: SpanLogLine[];
  /** Model, tokens and captured messages, for a span following the GenAI conventions. */
  genai?: SpanGenAiDetails;
}

const STATUS = ['unset', 'ok', 'error'] as const;

/** `logs`: the log records of the trace that name this span (store.traceLogs.logsOfSpan), in any order. */
export function spanDetails(span: SpanRecord, traceStartUnixNano: number, service: string, resource: Attributes, logs: readonly LogRecord[] = []): SpanDetails {
  const details: SpanDetails = {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: SPAN_KIND_NAMES[span.kind] ?? `kind ${span.kind}`,
    status: STATUS[span.statusCode] ?? 'unset',
    statusMessage: span.statusMessage,
    service,
    start: new Date(span.startTimeUnixNano / 1e6).toISOString(),
    startMs: (span.startTimeUnixNano - traceStartUnixNano) / 1e6,
    durationMs: Math.max(0, span.endTimeUnixNano - span.startTimeUnixNano) / 1e6,
    scope: span.scope.name ? `${span.scope.name}${span.scope.version ? ` ${span.scope.version}` : ''}` : '',
    attributes: keyValues(span.attributes),
    events: span.events.map((e) => ({
      name: e.name,
      offsetMs: ((e.timeUnixNano || span.startTimeUnixNano) - span.startTimeUnixNano) / 1e6,
      attributes: keyValues(e.attributes),
    })),
    links: span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attributes) })),
    resource: keyValues(resource),
    dropped: { attributes: span.droppedAttributesCount, events: span.droppedEventsCount, links: span.droppedLinksCount },
    logs: spanLogLines(logs, span.startTimeUnixNano),
  };
  const source = spanSource(span.attributes);
  if (source) details.source = source;
  const genai = spanGenAiDetails(span, logs);
  if (genai) details.genai = genai;
  return details;
}
