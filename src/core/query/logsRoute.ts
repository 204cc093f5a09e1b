/**
 * `GET /api/v1/logs?severity=warn&instance=…&service=…&traceId=…&text=timeout&since=10m`: log records, newest first.
 * `severity` is a floor (warn keeps WARN, ERROR and FATAL); `text` looks in the body and attribute values (any
 * case); `traceId` reads the store's logs-by-trace index instead of scanning. The cursor is the last record sent:
 * its time, its instance, and how many records of that same time and instance were sent already.
 */
import { formatAttributeValue } from '../model/attributes';
import type { LogRecord } from '../model/records';
import { parseSpanDuration, DurationTextError } from '../search/durationText';
import type { Instance } from '../store/instance';
import { logJson, logTimeNano } from './logJson';
import { Page } from './page';
import { QueryError } from './queryError';
import { QUERY_LIMITS } from './queryLimits';
import { encodeCursor, QueryParams } from './queryParams';
import type { QuerySource } from './querySource';
import type { LogJson, LogsResponse } from './queryTypes';

const CURSOR = 'logs';
const TRACE_ID = /^[0-9a-f]{32}$/;

/** The lowest SeverityNumber of each name (the OTel data model's ranges). */
const SEVERITY_FLOORS: Readonly<Record<string, number>> = { trace: 1, debug: 5, info: 9, warn: 13, warning: 13, error: 17, fatal: 21 };

type Position = { t: number; k: string; n: number };

interface Entry {
  instance: Instance;
  record: LogRecord;
  t: number;
}

export function logsRoute(source: QuerySource, search: URLSearchParams): LogsResponse {
  const params = new QueryParams(search, ['severity', 'service', 'instance', 'traceId', 'text', 'since', 'limit', 'cursor']);
  const floor = severityFloor(params.string('severity'));
  const service = params.string('service')?.toLowerCase();
  const instanceFilter = params.string('instance')?.toLowerCase();
  const traceId = params.string('traceId')?.toLowerCase();
  if (traceId !== undefined && !TRACE_ID.test(traceId)) throw new QueryError(400, `traceId: "${traceId.slice(0, 64)}" is not a trace id (32 hex digits)`);
  const text = params.string('text')?.toLowerCase();
  const sinceNano = sinceOf(params.string('since'), source.now());
  const limit = params.limit(QUERY_LIMITS.logs);
  const after = params.cursor(CURSOR, (o): o is Position => typeof o.t === 'number' && typeof o.k === 'string' && typeof o.n === 'number');

  const instanceOk = (i: Instance): boolean =>
    (service === undefined || i.serviceName.toLowerCase() === service || `${i.serviceNamespace}/${i.serviceName}`.toLowerCase() === service) &&
    (instanceFilter === undefined || i.instanceLabel.toLowerCase() === instanceFilter || i.key.toLowerCase() === instanceFilter);
  const recordOk = (r: LogRecord, t: number): boolean =>
    t >= sinceNano && (floor === 0 || severityOf(r) >= floor) && (text === undefined || contains(r, text)) && (traceId === undefined || r.traceId === traceId);

  const entries: Entry[] = [];
  if (traceId !== undefined) {
    for (const { instance, record } of source.store.traceLogs.logsOfTrace(traceId)) {
      const t = logTimeNano(record);
      if (instanceOk(instance) && recordOk(record, t)) entries.push({ instance, record, t });
    }
  } else {
    for (const instance of source.store.instances.values()) {
      if (!instanceOk(instance)) continue;
      for (const record of instance.logs) {
        const t = logTimeNano(record);
        if (recordOk(record, t)) entries.push({ instance, record, t });
      }
    }
  }
  // Newest first; a tie by instance key, then in arrival order (a stable sort keeps it).
  entries.sort((a, b) => b.t - a.t || (a.instance.key < b.instance.key ? -1 : a.instance.key > b.instance.key ? 1 : 0));

  let i = 0;
  if (after) {
    while (i < entries.length && (entries[i].t > after.t || (entries[i].t === after.t && entries[i].instance.key < after.k))) i++;
    // Within the cursor's own time and instance, skip the records already sent.
    let skip = after.n;
    while (skip > 0 && i < entries.length && entries[i].t === after.t && entries[i].instance.key === after.k) {
      i++;
      skip--;
    }
  }
  const page = new Page<LogJson>(limit);
  let position: Position | undefined = after;
  for (; i < entries.length; i++) {
    const e = entries[i];
    if (!page.add(logJson(e.instance, e.record))) break;
    position = position && position.t === e.t && position.k === e.instance.key ? { ...position, n: position.n + 1 } : { t: e.t, k: e.instance.key, n: 1 };
  }
  return { matched: entries.length, logs: page.items, nextCursor: page.full && position ? encodeCursor(CURSOR, position) : null };
}

function severityFloor(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const named = SEVERITY_FLOORS[raw.toLowerCase()];
  if (named !== undefined) return named;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1 && n <= 24) return n;
  throw new QueryError(400, `severity: "${raw}" is not a severity; use trace, debug, info, warn, error, fatal or a SeverityNumber from 1 to 24`);
}

/** The record's SeverityNumber; a record that only sent text (ERROR) is placed by it. */
function severityOf(r: LogRecord): number {
  if (r.severityNumber > 0) return r.severityNumber;
  return SEVERITY_FLOORS[r.severityText.trim().toLowerCase()] ?? 0;
}

function contains(r: LogRecord, text: string): boolean {
  if (formatAttributeValue(r.body).toLowerCase().includes(text)) return true;
  for (const v of Object.values(r.attributes)) if (formatAttributeValue(v).toLowerCase().includes(text)) return true;
  return false;
}

/** `10m` (that long ago), an ISO time, or epoch milliseconds → Unix nanoseconds. */
function sinceOf(raw: string | undefined, nowMs: number): number {
  if (raw === undefined) return -Infinity;
  if (/^\d{12,}$/.test(raw)) return Number(raw) * 1e6;
  if (/^\d{4}-\d\d-\d\d/.test(raw)) {
    const at = Date.parse(raw);
    if (!Number.isNaN(at)) return at * 1e6;
  } else {
    try {
      return (nowMs - parseSpanDuration(raw)) * 1e6;
    } catch (err) {
      if (!(err instanceof DurationTextError)) throw err;
    }
  }
  throw new QueryError(400, `since: "${raw}" is neither a duration (10m, 2h) nor a time (2025-05-01T10:00:00Z, or epoch milliseconds)`);
}
