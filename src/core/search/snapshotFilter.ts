/**
 * The JSON snapshot with a trace filter applied (`telemetry-inspector --json --error --min-duration 200ms`): each
 * instance keeps only the traces that match (every part of a trace that crosses instances), and the snapshot
 * says which filter it used and what it matched, so a script can tell "nothing matched" from "nothing arrived".
 */
import type { Snapshot } from '../snapshot';
import type { DurationHistogram } from './durationHistogram';
import { traceFilterJson, type TraceQuery } from './traceFilter';
import { searchTraces, type TraceHolder } from './traceSearch';

export interface TraceSearchSummary {
  /** The filter as query parameters (CLI spelling): `{"min-duration": "200ms", "attr": ["http.route=/checkout"]}`. */
  filter: Record<string, string | string[]>;
  matched: number;
  searched: number;
  withErrors: number;
  /** Matching trace ids newest first (at most `limit`): the traces kept in the snapshot. */
  traceIds: string[];
  histogram: DurationHistogram;
}

/**
 * Keeps the matching traces in `snapshot` (made from `holders`, the store's instances) and records the search;
 * without a query the snapshot is left whole.
 */
export function filterSnapshotTraces(snapshot: Snapshot, holders: Iterable<TraceHolder>, query: TraceQuery | undefined, nowMs: number = Date.now()): Snapshot {
  if (!query) return snapshot;
  const result = searchTraces(holders, query, nowMs);
  const keep = new Set(result.rows.map((r) => r.traceId));
  for (const instance of snapshot.instances) instance.traces = instance.traces.filter((t) => keep.has(t.traceId));
  snapshot.traceSearch = {
    filter: traceFilterJson(query),
    matched: result.matched,
    searched: result.searched,
    withErrors: result.withErrors,
    traceIds: result.rows.map((r) => r.traceId),
    histogram: result.histogram,
  };
  return snapshot;
}
