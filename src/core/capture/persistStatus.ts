/** What the persistence shows: where it writes, how much it holds and drops, and the error that stops it. */
import type { SegmentWarning } from './segmentReader';

export interface Tally {
  records: number;
  bytes: number;
}

export interface RestoreReport {
  segments: number;
  records: number;
  bytes: number;
  /** Items the store took in while replaying (before its own caps evicted any). */
  items: { spans: number; points: number; logRecords: number };
  /** Records whose body no longer decodes (should not happen: they were accepted once). */
  undecodable: number;
  elapsedMs: number;
  /** Torn or corrupt tails skipped, one per segment that had one. */
  warnings: SegmentWarning[];
}

export interface PersistenceStatus {
  /** 'error': writing stopped (disk full, read-only, gone); the engine goes on in memory and retries later. */
  state: 'ok' | 'error';
  dir: string;
  budgetBytes: number;
  /** On disk now, in whole records. */
  held: Tally & { segments: number };
  written: Tally;
  dropped: {
    /** The oldest segments deleted to stay within the budget. */
    budget: Tally;
    /** Not written because the disk was failing. */
    error: Tally;
    /** Not written because writes fell too far behind (the disk much slower than the receivers). */
    backlog: Tally;
  };
  /** Waiting for the disk. */
  pending: Tally;
  error?: { message: string; code?: string; sinceMs: number };
  restored?: RestoreReport;
}

export function tally(): Tally {
  return { records: 0, bytes: 0 };
}
