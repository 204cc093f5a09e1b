/**
 * The trace filter shared by every caller: the search panel, the CLI (`traces`, and `--json` of the main
 * command) and the query API (`/api/v1/traces?…`). One type, one parser from named text values (URL query
 * parameters or CLI flags), one writer back to those values, so the three cannot drift apart.
 */
import { formatDurationMs } from '../format/format';
import { DurationTextError, parseSpanDuration } from './durationText';

export interface AttributeMatch {
  key: string;
  /** Compared with the attribute's text form: `500` matches the int 500, `true` the bool. */
  value: string;
}

/** A time bound: a fixed moment, or a distance before the moment the search runs. */
export type TimeBound = { at: number } | { ago: number };

export interface TraceFilter {
  /** service.name, or namespace/name, of any instance holding spans of the trace (case-insensitive). */
  service?: string;
  /** The instance label (service.instance.id, else host:pid) of any instance holding spans (case-insensitive). */
  instance?: string;
  /** The root span's name: contained in it (case-insensitive), or equal to it with nameMatch 'exact'. */
  name?: string;
  nameMatch?: 'substring' | 'exact';
  /** Only traces with at least one span whose status is error. */
  errorsOnly?: boolean;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** The trace's start at or after this. */
  since?: TimeBound;
  /** The trace's start at or before this. */
  until?: TimeBound;
  /** Each must hold on some span of the trace (not necessarily the same span). */
  attributes?: AttributeMatch[];
}

export interface TraceQuery {
  filter: TraceFilter;
  /** Rows returned, newest first; counts and the histogram still cover every match. */
  limit?: number;
}

/** A bad value, naming the parameter as the caller spells it (`--min-duration` or `minDuration`). */
export class TraceFilterError extends Error {
  constructor(
    readonly param: string,
    readonly reason: string,
  ) {
    super(`${param}: ${reason}`);
    this.name = 'TraceFilterError';
  }
}

type ParamName = 'service' | 'instance' | 'name' | 'exact-name' | 'error' | 'min-duration' | 'max-duration' | 'since' | 'until' | 'attr' | 'limit';

/** Every parameter, in its CLI spelling; the parser also takes camelCase (`minDuration`) and a few aliases. */
export const TRACE_FILTER_PARAMS: readonly ParamName[] = ['service', 'instance', 'name', 'exact-name', 'error', 'min-duration', 'max-duration', 'since', 'until', 'attr', 'limit'];

const ALIASES: Record<string, ParamName> = { errors: 'error', attribute: 'attr', operation: 'name', exactname: 'exact-name', minduration: 'min-duration', maxduration: 'max-duration' };

/** `minDuration`, `min_duration`, `min-duration` → `min-duration`; undefined for a name that is not a filter's. */
export function filterParamName(raw: string): ParamName | undefined {
  const flat = raw.replace(/^--/, '').replace(/[-_]/g, '').toLowerCase();
  if (ALIASES[flat]) return ALIASES[flat];
  return TRACE_FILTER_PARAMS.find((p) => p.replace(/-/g, '') === flat);
}

/** Whether a CLI flag is a filter flag, and whether it takes a value (`--error` does not). */
export function filterFlag(flag: string): { param: ParamName; takesValue: boolean } | undefined {
  if (!flag.startsWith('--')) return undefined;
  const param = filterParamName(flag);
  return param ? { param, takesValue: param !== 'error' } : undefined;
}

export interface ParseOptions {
  /** How messages name a parameter: `--min-duration` for the CLI, `minDuration` or as given for a URL. */
  spell?: (param: ParamName, raw: string) => string;
}

/**
 * Named values → a query. Accepts URLSearchParams or `[name, value]` pairs; throws TraceFilterError for an
 * unknown name, a bad value, or a single-valued parameter given twice.
 */
export function parseTraceQuery(params: Iterable<readonly [string, string]>, options: ParseOptions = {}): TraceQuery {
  const spell = options.spell ?? ((_p: ParamName, raw: string) => raw);
  const filter: TraceFilter = {};
  let limit: number | undefined;
  const seen = new Set<ParamName>();
  for (const [raw, rawValue] of params) {
    const param = filterParamName(raw);
    if (!param) throw new TraceFilterError(raw, `unknown parameter; the filter takes ${TRACE_FILTER_PARAMS.join(', ')}`);
    const named = spell(param, raw);
    const value = rawValue.trim();
    if (param !== 'attr') {
      const key = param === 'exact-name' ? 'name' : param;
      if (seen.has(key as ParamName)) throw new TraceFilterError(named, param === 'exact-name' || param === 'name' ? 'give one name, with name or exact-name' : 'given twice; give it once');
      seen.add(key as ParamName);
    }
    const needValue = (): string => {
      if (!value) throw new TraceFilterError(named, 'needs a value');
      return value;
    };
    switch (param) {
      case 'service':
        filter.service = needValue();
        break;
      case 'instance':
        filter.instance = needValue();
        break;
      case 'name':
      case 'exact-name':
        filter.name = needValue();
        filter.nameMatch = param === 'exact-name' ? 'exact' : 'substring';
        break;
      case 'error':
        filter.errorsOnly = parseBoolean(named, value);
        break;
      case 'min-duration':
      case 'max-duration': {
        const ms = duration(named, needValue());
        if (param === 'min-duration') filter.minDurationMs = ms;
        else filter.maxDurationMs = ms;
        break;
      }
      case 'since':
      case 'until':
        filter[param] = timeBound(named, needValue());
        break;
      case 'attr': {
        const v = needValue();
        const eq = v.indexOf('=');
        if (eq <= 0) throw new TraceFilterError(named, `"${v}" is not key=value, such as http.route=/checkout`);
        (filter.attributes ??= []).push({ key: v.slice(0, eq).trim(), value: v.slice(eq + 1).trim() });
        break;
      }
      case 'limit': {
        const n = Number(needValue());
        if (!Number.isInteger(n) || n < 1) throw new TraceFilterError(named, `must be a whole number of at least 1, got "${value}"`);
        limit = n;
        break;
      }
    }
  }
  if (filter.minDurationMs !== undefined && filter.maxDurationMs !== undefined && filter.minDurationMs > filter.maxDurationMs) {
    throw new TraceFilterError(spell('min-duration', 'min-duration'), `${formatDurationMs(filter.minDurationMs)} is above the maximum duration, ${formatDurationMs(filter.maxDurationMs)}`);
  }
  return limit === undefined ? { filter } : { filter, limit };
}

/** The query with one more named value, checked as a whole (a flag parser adds them one at a time). */
export function withFilterParam(query: TraceQuery | undefined, name: string, value: string, options: ParseOptions = {}): TraceQuery {
  return parseTraceQuery([...(query ? traceQueryParams(query) : []), [name, value]], options);
}

/** A query → named values, in the CLI's spelling: the URL of the query API, or a panel's state to restore. */
export function traceQueryParams(query: TraceQuery): [string, string][] {
  const f = query.filter;
  const out: [string, string][] = [];
  if (f.service) out.push(['service', f.service]);
  if (f.instance) out.push(['instance', f.instance]);
  if (f.name) out.push([f.nameMatch === 'exact' ? 'exact-name' : 'name', f.name]);
  if (f.errorsOnly) out.push(['error', 'true']);
  if (f.minDurationMs !== undefined) out.push(['min-duration', durationText(f.minDurationMs)]);
  if (f.maxDurationMs !== undefined) out.push(['max-duration', durationText(f.maxDurationMs)]);
  if (f.since) out.push(['since', boundText(f.since)]);
  if (f.until) out.push(['until', boundText(f.until)]);
  for (const a of f.attributes ?? []) out.push(['attr', `${a.key}=${a.value}`]);
  if (query.limit !== undefined) out.push(['limit', String(query.limit)]);
  return out;
}

/** A query's filter as JSON answers echo it: one field per filter, `attr` a list. */
export function traceFilterJson(query: TraceQuery): Record<string, string | string[]> {
  const filter: Record<string, string | string[]> = {};
  for (const [k, v] of traceQueryParams(query)) {
    if (k === 'attr') ((filter.attr ??= []) as string[]).push(v);
    else filter[k] = v;
  }
  return filter;
}

/** One line for people: `errors only · ≥ 200ms · http.route=/checkout`; '' for no filter. */
export function describeTraceFilter(f: TraceFilter): string {
  const parts: string[] = [];
  if (f.service) parts.push(`service ${f.service}`);
  if (f.instance) parts.push(`instance ${f.instance}`);
  if (f.name) parts.push(f.nameMatch === 'exact' ? `name = "${f.name}"` : `name contains "${f.name}"`);
  if (f.errorsOnly) parts.push('errors only');
  if (f.minDurationMs !== undefined && f.maxDurationMs !== undefined) parts.push(`${formatDurationMs(f.minDurationMs)}–${formatDurationMs(f.maxDurationMs)}`);
  else if (f.minDurationMs !== undefined) parts.push(`≥ ${formatDurationMs(f.minDurationMs)}`);
  else if (f.maxDurationMs !== undefined) parts.push(`≤ ${formatDurationMs(f.maxDurationMs)}`);
  if (f.since) parts.push(`since ${'ago' in f.since ? `${durationText(f.since.ago)} ago` : new Date(f.since.at).toISOString()}`);
  if (f.until) parts.push(`until ${'ago' in f.until ? `${durationText(f.until.ago)} ago` : new Date(f.until.at).toISOString()}`);
  for (const a of f.attributes ?? []) parts.push(`${a.key}=${a.value}`);
  return parts.join(' · ');
}

/** A bound as epoch milliseconds, given the moment the search runs. */
export function resolveBound(bound: TimeBound, nowMs: number): number {
  return 'at' in bound ? bound.at : nowMs - bound.ago;
}

function parseBoolean(param: string, value: string): boolean {
  // A bare `--error` (or `?error`) means yes.
  if (value === '' || /^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new TraceFilterError(param, `must be true or false, got "${value}"`);
}

function duration(param: string, text: string): number {
  try {
    return parseSpanDuration(text);
  } catch (err) {
    if (err instanceof DurationTextError) throw new TraceFilterError(param, err.message);
    throw err;
  }
}

/** `10m` (that long before the search), an ISO time, or Unix epoch milliseconds. */
function timeBound(param: string, text: string): TimeBound {
  if (/^\d{12,}$/.test(text)) return { at: Number(text) };
  if (/^\d{4}-\d\d-\d\d/.test(text)) {
    const at = Date.parse(text);
    if (Number.isNaN(at)) throw new TraceFilterError(param, `"${text}" is not a time; use an ISO time such as 2025-05-01T10:00:00Z`);
    return { at };
  }
  try {
    return { ago: parseSpanDuration(text) };
  } catch (err) {
    if (!(err instanceof DurationTextError)) throw err;
    throw new TraceFilterError(param, `"${text}" is neither a duration (10m, 2h) nor a time (2025-05-01T10:00:00Z, or epoch milliseconds)`);
  }
}

function boundText(b: TimeBound): string {
  return 'ago' in b ? durationText(b.ago) : new Date(b.at).toISOString();
}

/** The shortest text parseSpanDuration reads back to the same number. */
function durationText(ms: number): string {
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1], ['us', 1e-3]] as const) {
    const n = ms / size;
    if (n >= 1 && Number.isInteger(Math.round(n * 1e6) / 1e6)) return `${Math.round(n * 1e6) / 1e6}${unit}`;
  }
  return `${Math.round(ms * 1e6)}ns`;
}
