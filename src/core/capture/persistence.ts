/**
 * What the engine keeps on disk: every accepted request appended to the segment log, and the store rebuilt from
 * it at start with the requests' original receive times. One per engine, made when a directory is given.
 */
import type { Signal } from '../model/records';
import type { Encoding } from '../otlp/decode';
import type { TelemetryStore } from '../store/store';
import type { ReplayClock } from './clock';
import type { PersistenceStatus, RestoreReport } from './persistStatus';
import type { CapturedRequest } from './recordFormat';
import { itemCounts, replayRequest } from './replayRequest';
import { SegmentLog, type SegmentLogOptions } from './segmentLog';
import type { SegmentWarning } from './segmentReader';

export interface PersistenceOptions extends Omit<SegmentLogOptions, 'onChange' | 'now'> {
  /** False keeps everything in memory only (the setting that turns persistence off). */
  enabled?: boolean;
}

export class Persistence {
  readonly log: SegmentLog;
  private restored: RestoreReport | undefined;
  private opening: Promise<RestoreReport> | undefined;

  constructor(options: PersistenceOptions, private readonly onChange: () => void = () => {}) {
    this.log = new SegmentLog({ ...options, onChange });
  }

  /** Replays what is on disk into the store, once (later calls get the same report). */
  restore(store: TelemetryStore, clock: ReplayClock): Promise<RestoreReport> {
    this.opening ??= (async () => {
      const t0 = performance.now();
      const items = itemCounts();
      let undecodable = 0;
      const opened = await this.log.open((request) => {
        if (!replayRequest(store, clock, request, items)) undecodable++;
      });
      this.restored = { ...opened, items, undecodable, elapsedMs: performance.now() - t0 };
      this.onChange();
      return this.restored;
    })();
    return this.opening;
  }

  /** The receivers' hook: the request as accepted, stamped now. Returns at once. */
  accept(signal: Signal, encoding: Encoding, body: Uint8Array, receivedAtMs = Date.now()): void {
    this.log.append({ signal, encoding, receivedAtMs, body });
  }

  requests(warnings?: SegmentWarning[]): AsyncGenerator<CapturedRequest> {
    return this.log.requests(warnings);
  }

  status(): PersistenceStatus {
    return { ...this.log.status(), restored: this.restored };
  }

  flush(): Promise<void> {
    return this.log.flush();
  }

  clear(): Promise<void> {
    return this.log.clear();
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
