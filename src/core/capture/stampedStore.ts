/**
 * The engine's store, with each ingest held at one instant and that instant remembered: the receivers' hook runs
 * right after the ingest of the request it was given (same turn), so persistence records the very time the store
 * used, and a restart replays to the same first/last seen to the millisecond.
 */
import type { LogsPayload, MetricsPayload, TracesPayload } from '../model/records';
import type { StoreLimits } from '../store/limits';
import { TelemetryStore, type IngestResult } from '../store/store';
import type { ReplayClock } from './clock';

export class StampedStore extends TelemetryStore {
  /** When the latest ingest happened, by the store's clock (Unix ms). */
  lastIngestMs = 0;

  constructor(
    private readonly clock: ReplayClock,
    limits?: Partial<StoreLimits>,
    options: { changeIntervalMs?: number } = {},
  ) {
    super(limits, { ...options, now: clock.now });
  }

  override ingestTraces(payload: TracesPayload): IngestResult {
    return this.pinned(() => super.ingestTraces(payload));
  }

  override ingestMetrics(payload: MetricsPayload): IngestResult {
    return this.pinned(() => super.ingestMetrics(payload));
  }

  override ingestLogs(payload: LogsPayload): IngestResult {
    return this.pinned(() => super.ingestLogs(payload));
  }

  private pinned(fn: () => IngestResult): IngestResult {
    const t = this.clock.now();
    this.lastIngestMs = t;
    return this.clock.at(t, fn);
  }
}
