/**
 * Which part of a capture to keep: one instance, one trace, a time range, some signals. Applied to a request's
 * canonical OTLP/JSON document (canonicalJson.ts), so what is kept is left byte for byte as it was.
 */
import type { Signal } from '../model/records';
import { decodeResource, isObject, type JsonObject } from '../otlp/json/common';
import { identify } from '../store/identity';
import { JSON_LAYOUT, METRIC_DATA_FIELDS } from './otlpJsonLayout';

export interface CaptureFilter {
  /** An instance's key (as the store names it), its instance label (service.instance.id, or host:pid) or its service name. */
  instance?: string;
  /** Spans and log records of this trace (32 hex digits); metrics are left out. */
  traceId?: string;
  /** Items at or after this time (Unix ns): spans that end then or later, points and log records stamped then or later. */
  sinceNs?: bigint;
  /** Items at or before this time (Unix ns): spans that start then or earlier. */
  untilNs?: bigint;
  signals?: readonly Signal[];
}

export function isEmptyFilter(f: CaptureFilter | undefined): boolean {
  return !f || (f.instance === undefined && f.traceId === undefined && f.sinceNs === undefined && f.untilNs === undefined && f.signals === undefined);
}

/** Whether an instance matches `instance`: its key, instance label or service name. */
function instanceMatches(resource: JsonObject | undefined, wanted: string): boolean {
  const id = identify(decodeResource(resource).attributes);
  return id.key === wanted || id.instanceLabel === wanted || id.serviceName === wanted;
}

/** The document with only what the filter keeps (edited in place), or undefined when nothing is left. */
export function filterDocument(signal: Signal, doc: JsonObject, filter: CaptureFilter): JsonObject | undefined {
  if (filter.signals && !filter.signals.includes(signal)) return undefined;
  if (filter.traceId !== undefined && signal === 'metrics') return undefined;
  const layout = JSON_LAYOUT[signal];
  const keep = itemTest(signal, filter);
  const resources = (doc[layout.resources] as unknown[] | undefined) ?? [];
  const kept: unknown[] = [];
  for (const r of resources) {
    if (!isObject(r)) continue;
    if (filter.instance !== undefined && !instanceMatches(r.resource as JsonObject | undefined, filter.instance)) continue;
    const scopes: unknown[] = [];
    for (const s of (r[layout.scopes] as unknown[] | undefined) ?? []) {
      if (!isObject(s)) continue;
      const items = ((s[layout.items] as unknown[] | undefined) ?? []).filter((item) => isObject(item) && keep(item));
      if (items.length) scopes.push({ ...s, [layout.items]: items });
    }
    if (scopes.length) kept.push({ ...r, [layout.scopes]: scopes });
  }
  return kept.length ? { [layout.resources]: kept } : undefined;
}

function itemTest(signal: Signal, f: CaptureFilter): (item: JsonObject) => boolean {
  const since = f.sinceNs;
  const until = f.untilNs;
  const inRange = (t: bigint): boolean => (since === undefined || t >= since) && (until === undefined || t <= until);
  switch (signal) {
    case 'traces':
      return (span) =>
        (f.traceId === undefined || span.traceId === f.traceId) &&
        (since === undefined || nanos(span.endTimeUnixNano) >= since) &&
        (until === undefined || nanos(span.startTimeUnixNano) <= until);
    case 'logs':
      return (record) => (f.traceId === undefined || record.traceId === f.traceId) && inRange(nanos(record.timeUnixNano) || nanos(record.observedTimeUnixNano));
    case 'metrics':
      return (metric) => {
        if (since === undefined && until === undefined) return true;
        let left = 0;
        for (const field of METRIC_DATA_FIELDS) {
          const data = metric[field];
          if (!isObject(data) || !Array.isArray(data.dataPoints)) continue;
          data.dataPoints = data.dataPoints.filter((p) => isObject(p) && inRange(nanos(p.timeUnixNano)));
          left += (data.dataPoints as unknown[]).length;
        }
        return left > 0;
      };
  }
}

/** A 64-bit time as OTLP/JSON writes it (decimal string or number); 0 when absent or not a number. */
export function nanos(v: unknown): bigint {
  try {
    if (typeof v === 'string' && v !== '') return BigInt(v);
    if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  } catch {
    // not an integer: counts as absent
  }
  return 0n;
}
