/**
 * What the query API reads: a plain interface rather than the Engine, so the same routes answer from the engine in
 * this process, from one behind a worker, or from a test's store. Everything here is read, never written.
 */
import type { ListenerState, ReceiverStats } from '../otlp/receiverStatus';
import type { PushgatewayState } from '../pushgateway/poller';
import type { FileSdState } from '../scrape/fileSd';
import type { ScrapeTarget } from '../scrape/scraper';
import type { TelemetryStore } from '../store/store';

export interface QuerySource {
  readonly store: TelemetryStore;
  /** The receivers by kind ('http', 'grpc') and their state. */
  receivers(): Record<string, ListenerState>;
  /** What the receivers answered: their hints say what a sender got wrong. */
  receiverStats(): ReceiverStats[];
  pushgateway(): PushgatewayState;
  scrapeTargets(): readonly ScrapeTarget[];
  scrapeFiles(): readonly FileSdState[];
  now(): number;
}

/** The parts of an Engine a query source is made of (structural, so this file does not import the engine). */
export interface EngineParts {
  readonly store: TelemetryStore;
  receiverStates(): Record<string, ListenerState>;
  readonly http: { readonly stats: ReceiverStats };
  readonly grpc: { readonly stats: ReceiverStats };
  readonly pushgateway: { readonly state: PushgatewayState };
  readonly scraper: { readonly targets: ScrapeTarget[]; readonly files: FileSdState[] };
}

export function engineQuerySource(engine: EngineParts, now: () => number = Date.now): QuerySource {
  return {
    store: engine.store,
    receivers: () => engine.receiverStates(),
    receiverStats: () => [engine.http.stats, engine.grpc.stats],
    pushgateway: () => engine.pushgateway.state,
    scrapeTargets: () => engine.scraper.targets,
    scrapeFiles: () => engine.scraper.files,
    now,
  };
}
