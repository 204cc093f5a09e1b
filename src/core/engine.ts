import { HttpReceiver } from './otlp/httpReceiver';
import { ListenError } from './otlp/listenError';
import type { HttpReceiverOptions } from './otlp/receiverOptions';
import type { ListenerState } from './otlp/receiverStatus';
import { snapshotOf, type Snapshot } from './snapshot';
import type { StoreLimits } from './store/limits';
import { TelemetryStore } from './store/store';

export interface EngineOptions {
  http?: Partial<HttpReceiverOptions> & { enabled?: boolean };
  limits?: Partial<StoreLimits>;
  /** Interval of coalesced change events (default 250 ms). */
  changeIntervalMs?: number;
}

/** What start() managed: listeners that could not start are named with a sentence to show. */
export interface StartReport {
  errors: ListenError[];
}

/**
 * The engine both front doors (the extension and the CLI) run: one store, fed by the receivers
 * (and, as they arrive, the Pushgateway poller and the scraper).
 */
export class Engine {
  readonly store: TelemetryStore;
  readonly http: HttpReceiver;
  private httpEnabled: boolean;

  constructor(options: EngineOptions = {}) {
    this.store = new TelemetryStore(options.limits, { changeIntervalMs: options.changeIntervalMs });
    const { enabled, ...http } = options.http ?? {};
    this.httpEnabled = enabled ?? true;
    this.http = new HttpReceiver(this.store, http);
  }

  async start(): Promise<StartReport> {
    const errors: ListenError[] = [];
    if (this.httpEnabled) {
      try {
        await this.http.start();
      } catch (err) {
        if (err instanceof ListenError) errors.push(err);
        else throw err;
      }
    }
    return { errors };
  }

  async stop(): Promise<void> {
    await this.http.stop();
    this.store.flushChanges();
  }

  /** Stops everything and releases timers; the engine cannot be started again. */
  async dispose(): Promise<void> {
    await this.stop();
    this.store.dispose();
  }

  receiverStates(): Record<string, ListenerState> {
    return { http: this.http.state };
  }

  snapshot(): Snapshot {
    return snapshotOf(this.store, this.receiverStates());
  }
}
