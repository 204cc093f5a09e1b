/**
 * A Series' exemplars, newest first and each once: a cumulative point carries the exemplars its reservoir still
 * holds, so the same measurement comes again with every export until a newer one replaces it. What the CLI's
 * JSON snapshot lists and the metric chart draws as dots.
 */
import type { Exemplar, MetricPoint } from '../model/records';

/** How many the snapshot lists per Series. */
export const SNAPSHOT_EXEMPLARS = 10;

/** The exemplars of `points` (oldest first, as a Series keeps them), newest first, at most `max`. */
export function latestExemplars(points: readonly MetricPoint[], max = Infinity): Exemplar[] {
  const seen = new Set<string>();
  const out: Exemplar[] = [];
  for (let i = points.length - 1; i >= 0; i--) {
    const list = (points[i] as { exemplars?: Exemplar[] }).exemplars;
    if (!list) continue;
    for (const e of list) {
      const key = `${e.timeUnixNano}|${e.value}|${e.traceId}|${e.spanId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
    }
  }
  // Points arrive in time order, but exemplars within one are in reservoir order: sort by their own time.
  out.sort((a, b) => b.timeUnixNano - a.timeUnixNano);
  return out.length > max ? out.slice(0, max) : out;
}

/** One exemplar as the JSON snapshot writes it. */
export interface ExemplarSnapshot {
  time: string;
  timeUnixNano: number;
  value: number;
  traceId: string;
  spanId: string;
  filteredAttributes: Exemplar['filteredAttributes'];
}

export function exemplarSnapshot(e: Exemplar): ExemplarSnapshot {
  return {
    time: new Date(e.timeUnixNano / 1e6).toISOString(),
    timeUnixNano: e.timeUnixNano,
    value: e.value,
    traceId: e.traceId,
    spanId: e.spanId,
    filteredAttributes: e.filteredAttributes,
  };
}
