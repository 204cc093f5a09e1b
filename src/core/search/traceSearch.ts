/**
 * Trace search: every trace held, across instances (and any other holder of traces, such as an opened capture),
 * filtered by a TraceFilter, newest first, with counts and a duration histogram of the matches.
 *
 * A trace whose spans came from several instances (a request crossing services) is one row: its bounds, span
 * count and errors are those of all its parts, and it matches `service`/`instance` when any part does. Nothing is
 * indexed ahead: each Trace already keeps its bounds and error count (lazily), the cheap tests run first, and
 * only the traces left are scanned span by span for attributes (bench/traceSearch.bench.ts measures it).
 */
import { formatAttributeValue } from '../model/attributes';
import type { SpanRecord } from '../model/records';
import { serviceDisplayName } from '../store/identity';
import type { Trace } from '../store/trace';
import { DurationHistogramBuilder, type DurationHistogram } from './durationHistogram';
import { resolveBound, type TraceFilter, type TraceQuery } from './traceFilter';

/** What the search reads of an Instance: the store's instances are holders, and so can a capture's be. */
export interface TraceHolder {
  readonly key: string;
  readonly serviceName: string;
  readonly serviceNamespace: string;
  readonly instanceLabel: string;
  readonly traces: ReadonlyMap<string, Trace>;
}

export interface TraceSearchRow {
  traceId: string;
  /** The true root's name, else the earliest span whose parent is not held; '' for an empty trace. */
  rootName: string;
  /** The service (namespace/name) and instance label of the part holding the root. */
  service: string;
  instance: string;
  instanceKey: string;
  /** Every service holding spans of the trace, the root's first. */
  services: string[];
  /** How many instances hold spans of it. */
  instanceCount: number;
  startTimeUnixNano: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  /** Whether the trace's true root (a span with no parent) is held: false while a trace is partial. */
  complete: boolean;
}

export interface TraceSearchResult {
  /** Newest first (by start), at most `limit`. */
  rows: TraceSearchRow[];
  /** Traces that match (rows may hold fewer, see `limit`). */
  matched: number;
  /** Traces looked at. */
  searched: number;
  /** Matching traces with at least one error span. */
  withErrors: number;
  /** Matching traces per service of their root, most first. */
  services: { service: string; count: number }[];
  /** Durations of every match, not only the rows returned. */
  histogram: DurationHistogram;
}

interface Part {
  holder: TraceHolder;
  trace: Trace;
}

/** Searches the holders' traces. `nowMs` resolves relative time bounds (`since: 10m`). */
export function searchTraces(holders: Iterable<TraceHolder>, query: TraceQuery, nowMs: number = Date.now()): TraceSearchResult {
  const f = query.filter;
  const fromNs = f.since ? resolveBound(f.since, nowMs) * 1e6 : -Infinity;
  const toNs = f.until ? resolveBound(f.until, nowMs) * 1e6 : Infinity;
  const minMs = f.minDurationMs ?? -Infinity;
  const maxMs = f.maxDurationMs ?? Infinity;
  const service = f.service?.toLowerCase();
  const instance = f.instance?.toLowerCase();
  const name = f.nameMatch === 'exact' ? f.name : f.name?.toLowerCase();

  // Parts of one trace id, grouped; most traces have one part, so the list is made only for the second.
  const groups = new Map<string, Part | Part[]>();
  for (const holder of holders) {
    for (const [traceId, trace] of holder.traces) {
      if (trace.spans.size === 0) continue;
      const part: Part = { holder, trace };
      const had = groups.get(traceId);
      if (!had) groups.set(traceId, part);
      else if (Array.isArray(had)) had.push(part);
      else groups.set(traceId, [had, part]);
    }
  }

  const histogram = new DurationHistogramBuilder();
  const matches: TraceSearchRow[] = [];
  const byService = new Map<string, number>();
  let withErrors = 0;
  for (const [traceId, group] of groups) {
    const parts = Array.isArray(group) ? group : [group];
    let start = Infinity;
    let end = -Infinity;
    let errors = 0;
    let spanCount = 0;
    for (const { trace } of parts) {
      if (trace.startTimeUnixNano < start) start = trace.startTimeUnixNano;
      if (trace.endTimeUnixNano > end) end = trace.endTimeUnixNano;
      errors += trace.errorCount;
      spanCount += trace.spans.size;
    }
    const durationMs = Math.max(0, end - start) / 1e6;
    if (f.errorsOnly && errors === 0) continue;
    if (durationMs < minMs || durationMs > maxMs) continue;
    if (start < fromNs || start > toNs) continue;
    if (service !== undefined && !parts.some((p) => serviceMatches(p.holder, service))) continue;
    if (instance !== undefined && !parts.some((p) => p.holder.instanceLabel.toLowerCase() === instance)) continue;
    const root = rootOf(parts);
    if (name !== undefined) {
      const rootName = root?.span.name ?? '';
      if (f.nameMatch === 'exact' ? rootName !== name : !rootName.toLowerCase().includes(name)) continue;
    }
    if (f.attributes?.length && !f.attributes.every((a) => parts.some((p) => hasAttribute(p.trace, a.key, a.value)))) continue;

    const rootPart = root?.part ?? parts[0];
    const services = [serviceDisplayName(rootPart.holder)];
    for (const p of parts) {
      const s = serviceDisplayName(p.holder);
      if (!services.includes(s)) services.push(s);
    }
    matches.push({
      traceId,
      rootName: root?.span.name ?? '',
      service: services[0],
      instance: rootPart.holder.instanceLabel,
      instanceKey: rootPart.holder.key,
      services,
      instanceCount: parts.length,
      startTimeUnixNano: start,
      durationMs,
      spanCount,
      errorCount: errors,
      complete: root?.span.parentSpanId === '',
    });
    histogram.add(durationMs);
    byService.set(services[0], (byService.get(services[0]) ?? 0) + 1);
    if (errors) withErrors++;
  }

  matches.sort((a, b) => b.startTimeUnixNano - a.startTimeUnixNano || (a.traceId < b.traceId ? -1 : 1));
  return {
    rows: query.limit !== undefined && matches.length > query.limit ? matches.slice(0, query.limit) : matches,
    matched: matches.length,
    searched: groups.size,
    withErrors,
    services: [...byService].map(([s, count]) => ({ service: s, count })).sort((a, b) => b.count - a.count || a.service.localeCompare(b.service)),
    histogram: histogram.result(),
  };
}

/** Whether a filter leaves every trace in: callers can then skip the search (the snapshot does). */
export function isEmptyFilter(f: TraceFilter): boolean {
  return (
    !f.service && !f.instance && !f.name && !f.errorsOnly && f.minDurationMs === undefined && f.maxDurationMs === undefined && !f.since && !f.until && !f.attributes?.length
  );
}

function serviceMatches(holder: TraceHolder, service: string): boolean {
  return holder.serviceName.toLowerCase() === service || serviceDisplayName(holder).toLowerCase() === service;
}

/** The root across parts: a span with no parent wins over one whose parent is elsewhere; then the earliest. */
function rootOf(parts: Part[]): { span: SpanRecord; part: Part } | undefined {
  let best: { span: SpanRecord; part: Part } | undefined;
  for (const part of parts) {
    const span = part.trace.root;
    if (!span) continue;
    if (!best) {
      best = { span, part };
      continue;
    }
    const trueRoot = span.parentSpanId === '';
    const bestTrue = best.span.parentSpanId === '';
    if ((trueRoot && !bestTrue) || (trueRoot === bestTrue && span.startTimeUnixNano < best.span.startTimeUnixNano)) best = { span, part };
  }
  return best;
}

/** A span kept as its own bytes (LazySpan) can say that a text is surely not among them. */
type MaybeLazy = { mayContain?(text: string): boolean };
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
/** Values that may be held as a number, a boolean or an array or map (written as JSON here), not as their text in the bytes. */
const NOT_ONLY_TEXT = /^(-?[\d.eE+-]+|true|false|null|NaN|-?Infinity|[[{][\s\S]*)$/;

function hasAttribute(trace: Trace, key: string, value: string): boolean {
  // A lazily decoded span whose bytes cannot hold the key (or a string value) is not decoded for it. Only printable
  // ASCII is looked for: the bytes are UTF-8, searched as single bytes.
  const keyText = PRINTABLE_ASCII.test(key);
  const valueText = PRINTABLE_ASCII.test(value) && !NOT_ONLY_TEXT.test(value);
  for (const span of trace.spans.values()) {
    const lazy = span as MaybeLazy;
    if (lazy.mayContain && ((keyText && !lazy.mayContain(key)) || (valueText && !lazy.mayContain(value)))) continue;
    const v = span.attributes[key];
    if (v !== undefined && formatAttributeValue(v) === value) return true;
  }
  return false;
}
