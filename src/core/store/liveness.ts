/**
 * When an Instance counts as live. An exporter sends on its own rhythm (a batch of spans every few seconds, metrics
 * every 60 s by the SDKs' default), so one fixed window is either too long for a fast sender (a killed app stays
 * "live" for minutes) or too short for a slow one. Each Signal learns its own usual interval from its recent
 * arrivals, and the instance stays live until every signal has been quiet for longer than a few of its intervals.
 * The tree, the status bar and the CLI all ask this module, so they agree.
 */
import { SIGNALS, type Signal } from '../model/records';

export interface LivenessRule {
  /** A signal is quiet after this many times the median gap between its recent arrivals. */
  factor: number;
  /** Bounds of that quiet limit: jittery fast senders are not dropped at once, slow ones not kept for ever. */
  minQuietMs: number;
  maxQuietMs: number;
  /**
   * The quiet limit of a signal with fewer than `minGaps` gaps seen: after its first request nothing says how often
   * it sends, so twice the SDKs' default 60 s metric interval.
   */
  defaultQuietMs: number;
  minGaps: number;
}

export const DEFAULT_LIVENESS_RULE: Readonly<LivenessRule> = Object.freeze({
  factor: 3,
  minQuietMs: 15_000,
  maxQuietMs: 5 * 60_000,
  defaultQuietMs: 2 * 60_000,
  minGaps: 1,
});

/** Gaps kept per signal: enough for a median that one late export does not move. */
const KEPT_GAPS = 9;

/** The gaps between the recent arrivals (requests) of one signal of one instance. */
export class ArrivalGaps {
  private readonly gaps: number[] = [];
  private last: number | undefined;

  record(nowMs: number): void {
    if (this.last !== undefined) {
      this.gaps.push(Math.max(0, nowMs - this.last));
      if (this.gaps.length > KEPT_GAPS) this.gaps.shift();
    }
    this.last = nowMs;
  }

  get recent(): readonly number[] {
    return this.gaps;
  }
}

/** How long a signal may stay quiet and still count as live, from the gaps between its recent arrivals. */
export function quietLimitMs(gaps: readonly number[], rule: Readonly<LivenessRule> = DEFAULT_LIVENESS_RULE): number {
  if (gaps.length < rule.minGaps) return rule.defaultQuietMs;
  return Math.min(rule.maxQuietMs, Math.max(rule.minQuietMs, rule.factor * median(gaps)));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What liveness needs of an Instance (the store's Instance has it). */
export interface Arrivals {
  readonly lastSeenMs: number;
  readonly signals: Record<Signal, { readonly lastSeenMs: number | undefined }>;
  readonly arrivals: Record<Signal, ArrivalGaps>;
}

export interface Liveness {
  live: boolean;
  /** When it goes quiet (or went quiet): the last moment one of its signals is within its limit. */
  quietAtMs: number;
  /** The usual interval of its most frequent signal (the median gap), once learned: "sends about every 5s". */
  usualIntervalMs: number | undefined;
}

export function livenessOf(instance: Arrivals, nowMs: number, rule: Readonly<LivenessRule> = DEFAULT_LIVENESS_RULE): Liveness {
  let quietAtMs = -Infinity;
  let usualIntervalMs: number | undefined;
  for (const signal of SIGNALS) {
    const seen = instance.signals[signal].lastSeenMs;
    if (seen === undefined) continue;
    const gaps = instance.arrivals[signal].recent;
    quietAtMs = Math.max(quietAtMs, seen + quietLimitMs(gaps, rule));
    if (gaps.length >= rule.minGaps) usualIntervalMs = Math.min(usualIntervalMs ?? Infinity, median(gaps));
  }
  // An instance created without any signal data (never the case through ingest) falls back to its last sighting.
  if (quietAtMs === -Infinity) quietAtMs = instance.lastSeenMs + rule.defaultQuietMs;
  return { live: nowMs <= quietAtMs, quietAtMs, usualIntervalMs };
}

export function isLive(instance: Arrivals, nowMs: number, rule: Readonly<LivenessRule> = DEFAULT_LIVENESS_RULE): boolean {
  return livenessOf(instance, nowMs, rule).live;
}
