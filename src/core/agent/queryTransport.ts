/**
 * How the agent tools reach the query API: over HTTP to a running inspector (the MCP server's --attach, any
 * process), or in-process against a QuerySource (an engine of one's own). One interface, so every tool is written
 * once for both.
 */

/** A named query parameter; repeated names (attr) are allowed. */
export type QueryParam = readonly [name: string, value: string];

export interface QueryTransport {
  /** A human description of where the data comes from ("the inspector at http://127.0.0.1:4318"). */
  readonly description: string;
  /** GET a path under /api/v1/ with parameters; resolves with the JSON body of a 200, throws QueryApiError otherwise. */
  get<T>(path: string, params?: readonly QueryParam[]): Promise<T>;
}

/** The API answered with an error: its status and message are what the model is told. */
export class QueryApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'QueryApiError';
  }
}

/** Nothing answered at the address (no inspector running there, or it stopped). */
export class InspectorUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InspectorUnreachableError';
  }
}

/** `/api/v1/traces` + params → `/api/v1/traces?error=true&attr=…`. */
export function queryPath(path: string, params: readonly QueryParam[] = []): string {
  const search = new URLSearchParams();
  for (const [k, v] of params) search.append(k, v);
  const q = search.toString();
  return q ? `${path}?${q}` : path;
}
