/**
 * The query API on the OTLP/HTTP receiver's port: the access checks (queryAccess), then the router, written as
 * JSON with no CORS headers and never larger than MAX_RESPONSE_BYTES.
 */
import type * as http from 'node:http';
import { checkQueryAccess } from './queryAccess';
import { resolveQueryApiOptions, type QueryApiOptions } from './queryApiOptions';
import { QueryError } from './queryError';
import { MAX_RESPONSE_BYTES } from './queryLimits';
import { answerQuery, type QueryAnswer } from './queryRouter';
import type { QuerySource } from './querySource';

export type QueryHttpRoute = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface QueryHttpRouteOptions {
  /** Read on every request, so a change of setting applies at once. */
  options: () => Partial<QueryApiOptions>;
  /** The address the receiver listens on now. */
  listenHost: () => string;
}

export function queryHttpRoute(source: QuerySource, route: QueryHttpRouteOptions): QueryHttpRoute {
  return (req, res) => {
    let answer: QueryAnswer;
    try {
      checkQueryAccess(
        { method: req.method, host: req.headers.host, origin: req.headers.origin, listenHost: route.listenHost() },
        resolveQueryApiOptions(route.options()),
      );
      answer = answerQuery(source, req.url ?? '/');
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      answer = { status: err.status, body: err.body };
    }
    let body = Buffer.from(JSON.stringify(answer.body), 'utf8');
    if (body.byteLength > MAX_RESPONSE_BYTES) {
      answer = { status: 500, body: new QueryError(500, `the answer came to ${body.byteLength} bytes, over the ${MAX_RESPONSE_BYTES}-byte cap: ask for a smaller limit`).body };
      body = Buffer.from(JSON.stringify(answer.body), 'utf8');
    }
    res.writeHead(answer.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': body.byteLength,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(answer.status === 405 ? { Allow: 'GET, HEAD' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    // A body sent with a query is not read: drop it rather than parse it as the next request.
    if (!req.complete) req.resume();
  };
}
