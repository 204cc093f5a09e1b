/**
 * The query API over HTTP (undici, through the same bounded request as the scraper): the inspector at a base URL
 * such as http://127.0.0.1:4318. Undici names the URL's host in the Host header, which the API requires to be
 * loopback.
 */
import type { Dispatcher } from 'undici';
import { boundedRequest, FetchError } from '../scrape/boundedRequest';
import { MAX_RESPONSE_BYTES } from '../query/queryLimits';
import type { QueryErrorBody } from '../query/queryTypes';
import { InspectorUnreachableError, QueryApiError, queryPath, type QueryParam, type QueryTransport } from './queryTransport';

export interface HttpQueryTransportOptions {
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

export class HttpQueryTransport implements QueryTransport {
  readonly baseUrl: string;
  readonly description: string;

  constructor(
    baseUrl: string,
    private readonly options: HttpQueryTransportOptions = {},
  ) {
    this.baseUrl = baseUrl.trim().replace(/\/+$/, '');
    this.description = `the inspector at ${this.baseUrl}`;
  }

  async get<T>(path: string, params: readonly QueryParam[] = []): Promise<T> {
    let res;
    try {
      res = await boundedRequest(this.baseUrl + queryPath(path, params), {
        headers: { accept: 'application/json' },
        timeoutMs: this.options.timeoutMs ?? 10_000,
        maxBodyBytes: MAX_RESPONSE_BYTES + 64 * 1024,
        dispatcher: this.options.dispatcher,
      });
    } catch (err) {
      if (err instanceof FetchError && (err.kind === 'refused' || err.kind === 'network' || err.kind === 'timeout' || err.kind === 'bad-url')) {
        throw new InspectorUnreachableError(`no Telemetry Inspector answers at ${this.baseUrl} (${err.message}): start it (the VS Code extension, or telemetry-inspector in a terminal), or pass its address with --attach`);
      }
      throw err;
    }
    const text = res.body.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new QueryApiError(res.status, `${this.baseUrl} answered HTTP ${res.status} without JSON: it is not a Telemetry Inspector query API (${text.slice(0, 120)})`);
    }
    if (res.status !== 200) {
      const message = (body as QueryErrorBody)?.error?.message;
      throw new QueryApiError(res.status, typeof message === 'string' ? message : `HTTP ${res.status}`);
    }
    return body as T;
  }
}
