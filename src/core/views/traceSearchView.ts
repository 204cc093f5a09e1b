/**
 * The trace search panel as data: its form (every filter as the text the user typed) turned into a TraceQuery with
 * each mistake pinned to its field, and a search result turned into what the panel draws: rows, counts, the
 * duration histogram as bars, the services matched. The webview only draws; the filter itself is the one the CLI
 * and the query API use (core/search/traceFilter).
 */
import { formatDurationMs, formatNumber, plural } from '../format/format';
import { boundLabel } from '../search/durationHistogram';
import { describeTraceFilter, parseTraceQuery, TraceFilterError, type TraceQuery } from '../search/traceFilter';
import type { TraceHolder, TraceSearchResult } from '../search/traceSearch';
import { serviceDisplayName } from '../store/identity';

/** The form's fields, as typed. */
export interface SearchForm {
  service: string;
  instance: string;
  /** Contained in the root span's name, or equal to it with exactName. */
  name: string;
  exactName: boolean;
  errorsOnly: boolean;
  /** `200ms`, `1.5s`… */
  minDuration: string;
  maxDuration: string;
  /** `15m` (that long ago) or an ISO time; '' for no bound. */
  since: string;
  until: string;
  /** `key=value` pairs separated by spaces; a pair with spaces in its value is quoted: `"user.name=Ada L"`. */
  attributes: string;
}

export type SearchField = keyof SearchForm;

export const EMPTY_FORM: SearchForm = {
  service: '',
  instance: '',
  name: '',
  exactName: false,
  errorsOnly: false,
  minDuration: '',
  maxDuration: '',
  since: '',
  until: '',
  attributes: '',
};

/** Rows the panel is sent (newest first); counts and the histogram cover every match. */
const SEARCH_ROW_LIMIT = 10_000;

export interface FieldError {
  field: SearchField;
  message: string;
}

/** A form as it comes from the webview (or its saved state): every field present, with the right type. */
export function normalizeForm(raw: unknown): SearchForm {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const text = (k: SearchField) => (typeof o[k] === 'string' ? (o[k] as string) : '');
  return {
    service: text('service'),
    instance: text('instance'),
    name: text('name'),
    exactName: o.exactName === true,
    errorsOnly: o.errorsOnly === true,
    minDuration: text('minDuration'),
    maxDuration: text('maxDuration'),
    since: text('since'),
    until: text('until'),
    attributes: text('attributes'),
  };
}

/** `a=1 "b=x y" c=2` → ['a=1', 'b=x y', 'c=2']. */
export function splitAttributes(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const piece = (m[1] ?? m[2] ?? m[3]).trim();
    if (piece) out.push(piece);
  }
  return out;
}

/** The form's fields as the filter's named values; `field` says where each came from. */
function formParams(form: SearchForm): { field: SearchField; name: string; value: string }[] {
  const out: { field: SearchField; name: string; value: string }[] = [];
  const add = (field: SearchField, name: string, value: string) => {
    if (value.trim()) out.push({ field, name, value: value.trim() });
  };
  add('service', 'service', form.service);
  add('instance', 'instance', form.instance);
  add('name', form.exactName ? 'exact-name' : 'name', form.name);
  if (form.errorsOnly) out.push({ field: 'errorsOnly', name: 'error', value: 'true' });
  add('minDuration', 'min-duration', form.minDuration);
  add('maxDuration', 'max-duration', form.maxDuration);
  add('since', 'since', form.since);
  add('until', 'until', form.until);
  for (const pair of splitAttributes(form.attributes)) out.push({ field: 'attributes', name: 'attr', value: pair });
  return out;
}

const PARAM_FIELD: Record<string, SearchField> = {
  service: 'service',
  instance: 'instance',
  name: 'name',
  'exact-name': 'name',
  error: 'errorsOnly',
  'min-duration': 'minDuration',
  'max-duration': 'maxDuration',
  since: 'since',
  until: 'until',
  attr: 'attributes',
};

/**
 * The form → a query of at most `limit` rows. Each field is checked on its own first, so every mistake is named
 * at its field at once; then the whole (a minimum above the maximum). With any error, no query.
 */
export function formQuery(form: SearchForm, limit = SEARCH_ROW_LIMIT): { query?: TraceQuery; errors: FieldError[] } {
  const params = formParams(form);
  const errors: FieldError[] = [];
  for (const p of params) {
    try {
      parseTraceQuery([[p.name, p.value]]);
    } catch (e) {
      if (!(e instanceof TraceFilterError)) throw e;
      if (!errors.some((x) => x.field === p.field)) errors.push({ field: p.field, message: e.reason });
    }
  }
  if (errors.length) return { errors };
  try {
    const query = parseTraceQuery([...params.map((p): [string, string] => [p.name, p.value]), ['limit', String(limit)]]);
    return { query, errors };
  } catch (e) {
    if (!(e instanceof TraceFilterError)) throw e;
    return { errors: [{ field: PARAM_FIELD[e.param] ?? 'minDuration', message: e.reason }] };
  }
}

/** One trace in the list. */
export interface SearchRow {
  traceId: string;
  /** Set when one instance holds the whole trace: the waterfall opens on it without asking. */
  instanceKey?: string;
  /** Epoch ms of the trace's start (the webview writes it in local time). */
  startMs: number;
  name: string;
  /** The root's service, with `+2` for other services the trace crossed. */
  service: string;
  instance: string;
  durationMs: number;
  duration: string;
  spans: number;
  errors: number;
  /** The trace's root span is not held (yet). */
  partial: boolean;
}

export interface HistogramBar {
  /** `5ms–10ms`, `≥ 5s`. */
  label: string;
  fromMs: number;
  toMs: number | null;
  count: number;
  /** count ÷ the largest count, 0..1. */
  height: number;
}

export interface SearchView {
  rows: SearchRow[];
  matched: number;
  searched: number;
  withErrors: number;
  /** `312 of 4,210 traces · 12 with errors`. */
  summary: string;
  /** Said when the list holds fewer rows than matched. */
  truncated: string;
  /** The filter in words (`errors only · ≥ 200ms`), '' for none. */
  filterText: string;
  histogram: HistogramBar[];
  services: { service: string; count: number }[];
  /** Suggestions for the form's fields. */
  options: SearchOptions;
}

export interface SearchOptions {
  services: string[];
  instances: string[];
  /** Root span names, most common first. */
  names: string[];
}

const MAX_NAME_OPTIONS = 200;

/** What the form can suggest: every service, instance and root name held. */
export function searchOptions(holders: Iterable<TraceHolder>): SearchOptions {
  const services = new Set<string>();
  const instances = new Set<string>();
  const names = new Map<string, number>();
  for (const h of holders) {
    if (h.traces.size === 0) continue;
    services.add(serviceDisplayName(h));
    if (h.instanceLabel) instances.add(h.instanceLabel);
    for (const t of h.traces.values()) {
      const root = t.root;
      if (root && root.parentSpanId === '') names.set(root.name, (names.get(root.name) ?? 0) + 1);
    }
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return {
    services: sorted(services),
    instances: sorted(instances),
    names: [...names]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_NAME_OPTIONS)
      .map(([n]) => n),
  };
}

export function searchView(result: TraceSearchResult, query: TraceQuery, options: SearchOptions): SearchView {
  const rows: SearchRow[] = result.rows.map((r) => {
    const row: SearchRow = {
      traceId: r.traceId,
      startMs: r.startTimeUnixNano / 1e6,
      name: r.rootName || '(no root span)',
      service: r.services.length > 1 ? `${r.service} +${r.services.length - 1}` : r.service,
      instance: r.instanceCount > 1 ? `${r.instance} +${r.instanceCount - 1}` : r.instance,
      durationMs: r.durationMs,
      duration: formatDurationMs(r.durationMs),
      spans: r.spanCount,
      errors: r.errorCount,
      partial: !r.complete,
    };
    if (r.instanceCount === 1) row.instanceKey = r.instanceKey;
    return row;
  });
  const h = result.histogram;
  const histogram = h.buckets.map((b) => ({
    label: b.toMs === null ? `≥ ${boundLabel(b.fromMs)}` : `${boundLabel(b.fromMs)}–${boundLabel(b.toMs)}`,
    fromMs: b.fromMs,
    toMs: b.toMs,
    count: b.count,
    height: h.maxCount > 0 ? b.count / h.maxCount : 0,
  }));
  const filterText = describeTraceFilter(query.filter);
  const summary =
    (filterText ? `${formatNumber(result.matched)} of ${plural(result.searched, 'trace')}` : plural(result.searched, 'trace')) +
    (result.withErrors ? ` · ${formatNumber(result.withErrors)} with errors` : '');
  const truncated = rows.length < result.matched ? `Showing the newest ${formatNumber(rows.length)}; narrow the filter to see older ones.` : '';
  return { rows, matched: result.matched, searched: result.searched, withErrors: result.withErrors, summary, truncated, filterText, histogram, services: result.services, options };
}

/** A histogram bar as the form's duration range: the bar's bounds, ready to be typed back. */
export function barRange(bar: Pick<HistogramBar, 'fromMs' | 'toMs'>): { minDuration: string; maxDuration: string } {
  return { minDuration: bar.fromMs > 0 ? boundLabel(bar.fromMs) : '', maxDuration: bar.toMs === null ? '' : boundLabel(bar.toMs) };
}
