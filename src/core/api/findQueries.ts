/**
 * The engine-side answers of the find-and-compare panels and commands (search, diff, compare picks, a log's trace):
 * each reads the store where it lives and returns plain data, and EngineApi serves each as one call.
 */
import type { Engine } from '../engine';
import { formatDurationMs, plural } from '../format/format';
import type { LogRecord, SpanRecord } from '../model/records';
import { searchTraces, type TraceHolder } from '../search/traceSearch';
import { serviceDisplayName } from '../store/identity';
import type { Instance } from '../store/instance';
import { defaultBaseline, diffTraces } from '../views/traceDiff';
import { traceDiffView, type DiffTraceInfo, type TraceDiffView } from '../views/traceDiffView';
import { formQuery, searchOptions, searchView, type FieldError, type SearchForm, type SearchView } from '../views/traceSearchView';

/** A trace as a panel names it: of one instance, or (instanceKey undefined) of every instance holding it. */
export interface TraceRef {
  traceId: string;
  instanceKey?: string;
}

/** Where a span is: what "open its trace at its span" needs. */
export interface SpanRef extends TraceRef {
  spanId?: string;
}

function holders(engine: Engine): TraceHolder[] {
  return [...engine.store.instances.values()];
}

/** The instances holding (part of) a trace, narrowed to one when the ref names it. */
function partsOf(engine: Engine, ref: TraceRef): Instance[] {
  return engine.store
    .findTrace(ref.traceId)
    .filter((f) => ref.instanceKey === undefined || f.instance.key === ref.instanceKey)
    .map((f) => f.instance);
}

/** Runs the search panel's form over every instance's traces. */
export async function runSearch(engine: Engine, form: SearchForm): Promise<{ view: SearchView | null; errors: FieldError[] }> {
  const { query, errors } = formQuery(form);
  if (!query) return { view: null, errors };
  const all = holders(engine);
  return { view: searchView(searchTraces(all, query), query, searchOptions(all)), errors };
}

/** What identifies the data a search or diff shows: when it is unchanged, nothing needs drawing again. */
export async function traceSignature(engine: Engine, refs: TraceRef[]): Promise<string> {
  let out = '';
  for (const ref of refs) {
    for (const i of partsOf(engine, ref)) {
      const t = i.traces.get(ref.traceId)!;
      out += `${i.key}:${ref.traceId}:${t.spans.size}:${t.lastSeenMs};`;
    }
  }
  return out;
}

/** Spans of a trace with the service each came from (named as the waterfall names them). */
function spansOf(engine: Engine, ref: TraceRef): { spans: SpanRecord[]; serviceOf: (s: SpanRecord) => string; parts: Instance[] } {
  const parts = partsOf(engine, ref);
  const byId = new Map<string, { span: SpanRecord; service: string }>();
  for (const instance of parts) {
    const service = serviceDisplayName(instance);
    for (const span of instance.traces.get(ref.traceId)!.spans.values()) if (!byId.has(span.spanId)) byId.set(span.spanId, { span, service });
  }
  const service = new Map([...byId.values()].map((h) => [h.span, h.service]));
  return { spans: [...byId.values()].map((h) => h.span), serviceOf: (s) => service.get(s) ?? '', parts };
}

function infoOf(ref: TraceRef, d: ReturnType<typeof spansOf>): DiffTraceInfo {
  let start = Infinity;
  let end = -Infinity;
  let errors = 0;
  for (const s of d.spans) {
    start = Math.min(start, s.startTimeUnixNano);
    end = Math.max(end, s.endTimeUnixNano);
    if (s.statusCode === 2) errors++;
  }
  const root = d.spans.find((s) => s.parentSpanId === '') ?? [...d.spans].sort((a, b) => a.startTimeUnixNano - b.startTimeUnixNano)[0];
  const first = d.parts[0];
  const info: DiffTraceInfo = {
    traceId: ref.traceId,
    rootName: root?.name ?? '',
    source: d.parts.length > 1 ? `${d.parts.length} instances` : first ? `${serviceDisplayName(first)}${first.instanceLabel ? ` · ${first.instanceLabel}` : ''}` : '',
    startMs: start === Infinity ? 0 : start / 1e6,
    durationMs: start === Infinity ? 0 : Math.max(0, end - start) / 1e6,
    spanCount: d.spans.length,
    errorCount: errors,
  };
  if (d.parts.length === 1) info.instanceKey = first.key;
  return info;
}

/** The diff of two traces as the panel draws it; undefined when either is no longer held. */
export async function diffView(engine: Engine, baseline: TraceRef, current: TraceRef): Promise<TraceDiffView | undefined> {
  const a = spansOf(engine, baseline);
  const b = spansOf(engine, current);
  if (a.spans.length === 0 || b.spans.length === 0) return undefined;
  return traceDiffView(diffTraces(a, b), infoOf(baseline, a), infoOf(current, b));
}

/** A trace's root name and where it is held, for the compare picker's title; undefined when not held. */
export async function traceInfo(engine: Engine, ref: TraceRef): Promise<DiffTraceInfo | undefined> {
  const d = spansOf(engine, ref);
  return d.spans.length ? infoOf(ref, d) : undefined;
}

/** The trace to compare with by default: the latest other trace whose root has the same name, from any instance. */
export async function baselineFor(engine: Engine, current: TraceRef): Promise<TraceRef | undefined> {
  const info = await traceInfo(engine, current);
  if (!info) return undefined;
  const found = defaultBaseline(holders(engine), { traceId: current.traceId, rootName: info.rootName });
  return found && { traceId: found.traceId, instanceKey: found.instanceKey };
}

/** One trace offered by the compare picker. */
export interface ComparePick extends TraceRef {
  label: string;
  description: string;
  sameName: boolean;
}

const MAX_PICKS = 200;

/** Traces to compare with, newest first: those with the same root name first, then the others. */
export async function comparePicks(engine: Engine, current: TraceRef): Promise<ComparePick[]> {
  const info = await traceInfo(engine, current);
  const found = searchTraces(holders(engine), { filter: {}, limit: MAX_PICKS + 1 });
  return found.rows
    .filter((r) => r.traceId !== current.traceId)
    .slice(0, MAX_PICKS)
    .map((r) => ({
      traceId: r.traceId,
      instanceKey: r.instanceCount === 1 ? r.instanceKey : undefined,
      label: r.rootName || '(no root span)',
      description: `${new Date(r.startTimeUnixNano / 1e6).toLocaleTimeString()} · ${formatDurationMs(r.durationMs)} · ${r.service} · ${r.instance}${r.errorCount ? ` · ${plural(r.errorCount, 'error')}` : ''}`,
      sameName: !!info && r.rootName === info.rootName,
    }))
    .sort((x, y) => Number(y.sameName) - Number(x.sameName));
}

/**
 * Where a log record's trace is: from a log node of the tree ({ record, instanceKey }), a record, or ids. The
 * instance that sent the log holds the trace most of the time; otherwise any instance holding it will do.
 */
export async function logTraceRef(engine: Engine, arg: unknown): Promise<SpanRef | undefined> {
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as { record?: LogRecord; traceId?: unknown; spanId?: unknown; instanceKey?: unknown };
  const traceId = o.record?.traceId ?? (typeof o.traceId === 'string' ? o.traceId : '');
  const spanId = o.record?.spanId ?? (typeof o.spanId === 'string' ? o.spanId : '');
  if (!traceId) return undefined;
  const found = engine.store.findTrace(traceId);
  const own = typeof o.instanceKey === 'string' ? found.find((f) => f.instance.key === o.instanceKey) : undefined;
  const ref: SpanRef = { traceId };
  const holder = own ?? (found.length === 1 ? found[0] : undefined);
  if (holder) ref.instanceKey = holder.instance.key;
  if (spanId) ref.spanId = spanId;
  return ref;
}

/** Whether the store holds any part of a trace (an exemplar's dot opens only those). */
export async function isTraceHeld(engine: Engine, traceId: string): Promise<boolean> {
  return engine.store.findTrace(traceId).length > 0;
}
