/**
 * Which route answers a path under /api/v1/. Pure: a path and query string in, a status and a JSON body out, so the
 * HTTP listener, an in-process caller (the agent tools beside the engine) and tests all go through the same code.
 */
import { instancesRoute } from './instancesRoute';
import { logsRoute } from './logsRoute';
import { metricsRoute } from './metricsRoute';
import { pushgatewayRoute } from './pushgatewayRoute';
import { QueryError } from './queryError';
import type { QuerySource } from './querySource';
import { QUERY_API_PREFIX, type QueryErrorBody } from './queryTypes';
import { scrapeRoute } from './scrapeRoute';
import { traceRoute } from './traceRoute';
import { tracesRoute } from './tracesRoute';

export interface QueryAnswer {
  status: number;
  body: object | QueryErrorBody;
}

const QUERY_ROUTES = [
  '/api/v1/instances',
  '/api/v1/traces',
  '/api/v1/traces/<trace id>',
  '/api/v1/metrics',
  '/api/v1/logs',
  '/api/v1/pushgateway/groups',
  '/api/v1/scrape/targets',
] as const;

/** Answers `pathAndQuery` (`/api/v1/traces?error`); errors become their JSON body, never a throw. */
export function answerQuery(source: QuerySource, pathAndQuery: string): QueryAnswer {
  try {
    let url: URL;
    try {
      url = new URL(pathAndQuery, 'http://query.invalid');
    } catch {
      throw new QueryError(400, 'the request path is not a valid URL path');
    }
    const path = url.pathname.replace(/\/+$/, '');
    const search = url.searchParams;
    const rest = path.startsWith(QUERY_API_PREFIX) ? path.slice(QUERY_API_PREFIX.length) : undefined;
    switch (rest) {
      case 'instances':
        return ok(instancesRoute(source, search));
      case 'traces':
        return ok(tracesRoute(source, search));
      case 'metrics':
        return ok(metricsRoute(source, search));
      case 'logs':
        return ok(logsRoute(source, search));
      case 'pushgateway/groups':
        return ok(pushgatewayRoute(source, search));
      case 'scrape/targets':
        return ok(scrapeRoute(source, search));
    }
    const trace = rest?.match(/^traces\/([^/]+)$/);
    if (trace) return ok(traceRoute(source, decodeURIComponent(trace[1]), search));
    throw new QueryError(404, `no query route at ${path || '/'}; the routes are ${QUERY_ROUTES.join(', ')}`);
  } catch (err) {
    if (err instanceof QueryError) return { status: err.status, body: err.body };
    const message = `the query failed: ${(err as Error)?.message ?? String(err)}`;
    return { status: 500, body: new QueryError(500, message).body };
  }
}

function ok(body: object): QueryAnswer {
  return { status: 200, body };
}
