import type { QueryErrorBody } from './queryTypes';

/** A request the query API refuses: the status and one sentence that says what to change. */
export class QueryError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405 | 500,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }

  get body(): QueryErrorBody {
    return { error: { status: this.status, message: this.message } };
  }
}
