/**
 * `GET /api/v1/traces?error&min-duration=200ms&attr=http.route=/checkout&limit=20&cursor=…`: the trace search of the
 * panel and the CLI (one parser, one search), newest first, a page at a time. Counts and the duration histogram
 * cover every match; the cursor is the position after the last row sent (its start and id), so a page asked for
 * after new traces arrived goes on where the last one stopped.
 */
import { TRACE_FILTER_PARAMS, TraceFilterError, filterParamName, parseTraceQuery, traceFilterJson } from '../search/traceFilter';
import { searchTraces, type TraceSearchRow } from '../search/traceSearch';
import { Page } from './page';
import { QueryError } from './queryError';
import { QUERY_LIMITS } from './queryLimits';
import { encodeCursor, QueryParams } from './queryParams';
import type { QuerySource } from './querySource';
import type { TraceRowJson, TracesResponse } from './queryTypes';

const CURSOR = 'traces';

type Position = { s: number; t: string };

export function tracesRoute(source: QuerySource, search: URLSearchParams): TracesResponse {
  // The filter's own names go to its parser; `limit` (with this API's maximum) and `cursor` are read here.
  const filterNames = TRACE_FILTER_PARAMS.filter((p) => p !== 'limit');
  const params = new QueryParams(search, ['limit', 'cursor'], (name) => filterParamName(name) !== undefined && filterParamName(name) !== 'limit', filterNames);
  const limit = params.limit(QUERY_LIMITS.traces);
  const after = params.cursor(CURSOR, (o): o is Position => typeof o.s === 'number' && typeof o.t === 'string');
  let query;
  try {
    query = parseTraceQuery(params.rest);
  } catch (err) {
    if (err instanceof TraceFilterError) throw new QueryError(400, `${err.message} (the filter takes ${filterNames.join(', ')})`);
    throw err;
  }
  const result = searchTraces(source.store.instances.values(), query, source.now());
  const page = new Page<TraceRowJson>(limit);
  // Rows are newest first, ties by id: skip to the first row past the cursor's position.
  let i = 0;
  if (after) {
    while (i < result.rows.length && !isAfter(result.rows[i], after)) i++;
  }
  for (; i < result.rows.length; i++) if (!page.add(rowJson(result.rows[i]))) break;
  const last = page.items[page.items.length - 1];
  return {
    filter: traceFilterJson(query),
    matched: result.matched,
    searched: result.searched,
    withErrors: result.withErrors,
    services: result.services.slice(0, 50),
    histogram: result.histogram,
    traces: page.items,
    nextCursor: page.full && last ? encodeCursor(CURSOR, { s: last.startTimeUnixNano, t: last.traceId }) : null,
  };
}

function isAfter(row: TraceSearchRow, p: Position): boolean {
  return row.startTimeUnixNano < p.s || (row.startTimeUnixNano === p.s && row.traceId > p.t);
}

function rowJson(r: TraceSearchRow): TraceRowJson {
  return { ...r, services: r.services.slice(0, 20), start: new Date(r.startTimeUnixNano / 1e6).toISOString() };
}
