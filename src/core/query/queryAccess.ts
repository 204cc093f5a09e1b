/**
 * Who may read the query API. It holds whatever the apps sent (URLs, tokens in attributes, prompts), so:
 * - the `Host` header must name a loopback address (127.0.0.1, localhost, [::1], any port): a page on an
 *   attacker's domain that rebinds its DNS to 127.0.0.1 still sends its own name as Host, and is refused;
 * - a request with an `Origin` header comes from a browser page, and is refused: no page reads this API, and no
 *   CORS header is ever sent;
 * - a receiver listening beyond loopback serves the API only when the user turned that on.
 */
import { isLoopbackHost } from '../otlp/receiverOptions';
import type { QueryApiOptions } from './queryApiOptions';
import { QueryError } from './queryError';

/** `127.0.0.1:4318`, `localhost`, `[::1]:4318` → true; anything else (another name, a LAN address) → false. */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(h);
  if (!m) return false;
  const name = m[1] ?? m[2];
  return name === 'localhost' || name === '127.0.0.1' || name === '::1';
}

export interface QueryRequest {
  method: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  /** The address the receiver listens on. */
  listenHost: string;
}

/** Throws the QueryError to answer with, or returns when the request may be answered. */
export function checkQueryAccess(req: QueryRequest, options: QueryApiOptions): void {
  if (!options.enabled) throw new QueryError(404, 'the query API is turned off (telemetryInspector.queryApi.enabled)');
  if (!isLoopbackHost(req.listenHost) && !options.allowNonLoopback) {
    throw new QueryError(
      404,
      `the query API is off because the receiver listens on ${req.listenHost}, beyond this machine; turn on telemetryInspector.queryApi.allowNonLoopback (CLI: --query-api-non-loopback) to serve it there`,
    );
  }
  if (req.origin !== undefined) throw new QueryError(403, 'requests from web pages (with an Origin header) may not read the query API');
  if (!isLoopbackHostHeader(req.host)) {
    throw new QueryError(403, `the Host header ${JSON.stringify(req.host ?? '')} is not a loopback address: ask for http://127.0.0.1:<port>/api/v1/… or http://localhost:<port>/api/v1/…`);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new QueryError(405, `method ${req.method ?? ''} not allowed: the query API is read-only, use GET`);
}
