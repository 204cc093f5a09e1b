import type { Signal } from '../model/records';

/**
 * What became of every item (span, metric data point, log record) that reached the engine.
 * Once ingest is idle: received = stored + evicted + rejected, per signal.
 */
export interface SignalCounters {
  received: number;
  stored: number;
  /** Dropped later to stay within a cap (or replaced by a re-sent copy with the same id). */
  evicted: number;
  /** Refused on arrival: invalid ids, or a whole request that could not be decoded or was over a limit. */
  rejected: number;
}

export type CountersBySignal = Record<Signal, SignalCounters>;

export function newCounters(): CountersBySignal {
  return {
    traces: { received: 0, stored: 0, evicted: 0, rejected: 0 },
    metrics: { received: 0, stored: 0, evicted: 0, rejected: 0 },
    logs: { received: 0, stored: 0, evicted: 0, rejected: 0 },
  };
}

/** Evictions by what was dropped, for the status bar and the snapshot. */
export interface EvictionCounters {
  spans: number;
  points: number;
  series: number;
  logRecords: number;
  instances: number;
}

/**
 * Why items (spans, metric points, log records) were evicted; the causes add up to the signals' `evicted`.
 * memory: the byte budget (maxMemoryBytes); spanCap, logCap, pointCap, seriesCap, instanceCap: the count caps
 * (a series or instance dropped takes its items with it); replaced: a re-sent span took its earlier copy's place.
 */
export const EVICTION_CAUSES = ['memory', 'spanCap', 'logCap', 'pointCap', 'seriesCap', 'instanceCap', 'replaced'] as const;
export type EvictionCause = (typeof EVICTION_CAUSES)[number];
export type EvictionsByCause = Record<EvictionCause, number>;

export function newEvictionsByCause(): EvictionsByCause {
  return { memory: 0, spanCap: 0, logCap: 0, pointCap: 0, seriesCap: 0, instanceCap: 0, replaced: 0 };
}
