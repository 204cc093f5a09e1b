import { answerQuery } from '../query/queryRouter';
import type { QuerySource } from '../query/querySource';
import type { QueryErrorBody } from '../query/queryTypes';
import { QueryApiError, queryPath, type QueryParam, type QueryTransport } from './queryTransport';

/** The query API in this process: the same router the HTTP listener uses, without the socket. */
export class DirectQueryTransport implements QueryTransport {
  constructor(
    private readonly source: QuerySource,
    readonly description = 'the inspector in this process',
  ) {}

  async get<T>(path: string, params: readonly QueryParam[] = []): Promise<T> {
    const answer = answerQuery(this.source, queryPath(path, params));
    // A copy through JSON, as over HTTP: callers never hold the store's own objects.
    const body = JSON.parse(JSON.stringify(answer.body)) as unknown;
    if (answer.status !== 200) throw new QueryApiError(answer.status, (body as QueryErrorBody).error.message);
    return body as T;
  }
}
