/**
 * The query string of one request, checked: only the route's own parameters (`traceId`, `trace-id` and `trace_id`
 * are one name), each at most once, with limits inside their range and cursors that this API wrote. A typo is a
 * 400 that lists what the route takes, not a filter silently ignored.
 */
import { QueryError } from './queryError';
import type { LimitRange } from './queryLimits';

const flat = (name: string): string => name.replace(/[-_]/g, '').toLowerCase();

export class QueryParams {
  private readonly values = new Map<string, string[]>();

  /**
   * `allowed` in the spelling the error messages use; names `passThrough` accepts are kept as given for another
   * parser (`passThroughNames` lists them in the message for an unknown one).
   */
  constructor(
    search: URLSearchParams,
    allowed: readonly string[],
    private readonly passThrough: (name: string) => boolean = () => false,
    passThroughNames: readonly string[] = [],
  ) {
    const byFlat = new Map(allowed.map((a) => [flat(a), a]));
    for (const [raw, value] of search) {
      const name = byFlat.get(flat(raw));
      if (!name && this.passThrough(raw)) {
        this.rest.push([raw, value]);
        continue;
      }
      if (!name) throw new QueryError(400, `unknown parameter "${raw}"; this route takes ${[...passThroughNames, ...allowed].join(', ')}`);
      const list = this.values.get(name) ?? [];
      list.push(value);
      this.values.set(name, list);
    }
  }

  /** Parameters for another parser (the trace filter's), in their order. */
  readonly rest: [string, string][] = [];

  string(name: string): string | undefined {
    const list = this.values.get(name);
    if (!list) return undefined;
    if (list.length > 1) throw new QueryError(400, `${name}: given ${list.length} times; give it once`);
    const v = list[0].trim();
    if (!v) throw new QueryError(400, `${name}: needs a value`);
    return v;
  }

  boolean(name: string): boolean | undefined {
    const list = this.values.get(name);
    if (!list) return undefined;
    const v = (list[list.length - 1] ?? '').trim();
    if (v === '' || /^(true|1|yes|on)$/i.test(v)) return true;
    if (/^(false|0|no|off)$/i.test(v)) return false;
    throw new QueryError(400, `${name}: must be true or false, got "${v}"`);
  }

  /** A whole number from 1 to the range's maximum; the default when absent. */
  limit(range: LimitRange, name = 'limit'): number {
    const v = this.string(name);
    if (v === undefined) return range.default;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > range.max) throw new QueryError(400, `${name}: must be a whole number from 1 to ${range.max}, got "${v}"`);
    return n;
  }

  /** The position a cursor of this route's `kind` holds; undefined without one. */
  cursor<T extends object>(kind: string, check: (value: Record<string, unknown>) => value is T & Record<string, unknown>): T | undefined {
    const v = this.string('cursor');
    if (v === undefined) return undefined;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(v, 'base64url').toString('utf8'));
    } catch {
      decoded = undefined;
    }
    const wrapper = decoded as { r?: unknown; p?: Record<string, unknown> } | undefined;
    const o = wrapper?.p;
    if (!wrapper || typeof wrapper !== 'object' || wrapper.r !== kind || !o || typeof o !== 'object' || !check(o)) {
      throw new QueryError(400, `cursor: not a cursor of this route; pass the nextCursor of the previous answer as it was`);
    }
    return o;
  }
}

/** A cursor: the position after the last item sent, opaque to clients. */
export function encodeCursor(kind: string, position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ r: kind, p: position }), 'utf8').toString('base64url');
}
