import type { Dispatcher } from 'undici';
import { bodySnippet, boundedRequest, FetchError } from '../scrape/boundedRequest';
import { gatewayUrl, groupingKeyPath, type GroupingKey } from './groupingKey';
import { parseMetricsApi, PayloadError, type PushGroup } from './pushGroup';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface PushgatewayClientOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  dispatcher?: Dispatcher;
}

/** Why the gateway could not be read, sorted the way the views show it. */
export type PushgatewayFailure = 'unreachable' | 'http-error' | 'bad-payload';

export class PushgatewayError extends Error {
  constructor(
    readonly failure: PushgatewayFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function fromFetchError(err: FetchError): PushgatewayError {
  if (err.kind === 'too-large') return new PushgatewayError('bad-payload', err.message);
  if (err.kind === 'http' || err.kind === 'redirects') return new PushgatewayError('http-error', err.message, err.status);
  // Refused, timed out, host not found, not a URL: the gateway cannot be reached as configured.
  return new PushgatewayError('unreachable', err.message);
}

/** `GET /api/v1/metrics` and `DELETE /metrics/job/…` against one Pushgateway. */
export class PushgatewayClient {
  readonly url: string;

  constructor(
    url: string,
    private readonly options: PushgatewayClientOptions,
  ) {
    this.url = url.trim().replace(/\/+$/, '');
  }

  /** Every group; throws a PushgatewayError that says what went wrong. */
  async fetchGroups(signal?: AbortSignal): Promise<PushGroup[]> {
    let res;
    try {
      res = await boundedRequest(gatewayUrl(this.url, '/api/v1/metrics'), {
        headers: { accept: 'application/json' },
        timeoutMs: this.options.timeoutMs,
        maxBodyBytes: this.options.maxBodyBytes,
        maxRedirects: 3,
        dispatcher: this.options.dispatcher,
        signal,
      });
    } catch (err) {
      if (err instanceof FetchError) throw fromFetchError(err);
      throw err;
    }
    if (res.status !== 200) {
      const snippet = bodySnippet(res.body);
      throw new PushgatewayError('http-error', `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`, res.status);
    }
    try {
      return parseMetricsApi(res.body.toString('utf8'));
    } catch (err) {
      if (err instanceof PayloadError) throw new PushgatewayError('bad-payload', `bad payload from /api/v1/metrics: ${err.message}`);
      throw err;
    }
  }

  /** Deletes one group by its whole grouping key. The gateway answers 202 (queued) on success. */
  async deleteGroup(key: GroupingKey, signal?: AbortSignal): Promise<void> {
    const url = gatewayUrl(this.url, groupingKeyPath(key));
    let res;
    try {
      res = await boundedRequest(url, {
        method: 'DELETE',
        timeoutMs: this.options.timeoutMs,
        maxBodyBytes: 64 * 1024,
        dispatcher: this.options.dispatcher,
        signal,
      });
    } catch (err) {
      if (err instanceof FetchError) throw fromFetchError(err);
      throw err;
    }
    if (res.status !== 202 && res.status !== 200) {
      const snippet = bodySnippet(res.body);
      throw new PushgatewayError('http-error', `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`, res.status);
    }
  }
}
