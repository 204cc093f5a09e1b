/** What each upstream's forwarding looks like now: the one shape the CLI tree, the views and the tooltip read. */
import type { Signal } from '../model/records';
import type { ForwardProtocol } from './upstream';

/**
 * idle: nothing sent yet; up: the last send was delivered; retrying: sends fail and are being retried;
 * failing: many retries in a row have failed, or the upstream refuses what it is sent; stopped: flushed at stop.
 */
export type UpstreamStatus = 'idle' | 'up' | 'retrying' | 'failing' | 'stopped';

/**
 * Why a request was not forwarded: the queue was at its byte budget; the upstream refused it for good (HTTP 400,
 * INVALID_ARGUMENT); it was retried past the time allowed; its JSON could not be re-encoded; it was still queued
 * when a stop's flush deadline passed; or the upstream was removed from the settings while it waited.
 */
export type DropCause = 'queue-full' | 'rejected' | 'retries-exhausted' | 'unconvertible' | 'flush-deadline' | 'removed';
export const DROP_CAUSES: readonly DropCause[] = ['queue-full', 'rejected', 'retries-exhausted', 'unconvertible', 'flush-deadline', 'removed'];

export interface UpstreamHealth {
  name: string;
  protocol: ForwardProtocol;
  signals: readonly Signal[];
  status: UpstreamStatus;
  lastError?: { message: string; atMs: number };
  lastSuccessMs?: number;
  /** Failed attempts in a row, and when the next one goes out (while retrying or failing). */
  consecutiveFailures: number;
  nextAttemptMs?: number;
  /** Requests delivered (a merged send counts each request in it) and their bytes as sent. */
  forwarded: { requests: number; bytes: number };
  queued: { requests: number; bytes: number; maxBytes: number };
  /** Requests dropped, by cause. */
  dropped: Record<DropCause, number>;
}

/** What a stop's flush left undelivered, per upstream. */
export interface FlushReport {
  name: string;
  /** Everything queued went out before the deadline. */
  complete: boolean;
  leftRequests: number;
  leftBytes: number;
}

export function totalDropped(h: UpstreamHealth): number {
  return DROP_CAUSES.reduce((sum, c) => sum + h.dropped[c], 0);
}
