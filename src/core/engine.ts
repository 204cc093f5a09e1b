import { Forwarder } from './forward/forwarder';
import type { FlushReport } from './forward/health';
import type { UpstreamConfig } from './forward/upstream';
import { GrpcReceiver } from './otlp/grpcReceiver';
import type { GrpcReceiverOptions } from './otlp/grpcOptions';
import { HttpReceiver } from './otlp/httpReceiver';
import { ListenError } from './otlp/listenError';
import type { HttpReceiverOptions } from './otlp/receiverOptions';
import type { ListenerState } from './otlp/receiverStatus';
import { PushgatewayPoller, type PushgatewayOptions } from './pushgateway/poller';
import { Scraper, type ScrapeOptions } from './scrape/scraper';
import { snapshotOf, type Snapshot } from './snapshot';
import type { StoreLimits } from './store/limits';
import { TelemetryStore } from './store/store';

export interface EngineOptions {
  http?: Partial<HttpReceiverOptions> & { enabled?: boolean };
  /**
   * The OTLP/gRPC receiver (default port 4317). Its host and maxBodyBytes follow the HTTP receiver's unless given.
   * It runs when this is given and `enabled` is not false: the front doors pass it from their settings, and an
   * engine made without it (tests, benches) stays off the well-known port.
   */
  grpc?: Partial<GrpcReceiverOptions> & { enabled?: boolean };
  limits?: Partial<StoreLimits>;
  /** The Pushgateway poller: off while no URL is given (front doors resolve it with resolvePushgatewayUrl). */
  pushgateway?: Partial<PushgatewayOptions>;
  /** The /metrics scraper: configured URLs and file_sd files. */
  scrape?: Partial<ScrapeOptions>;
  /** Interval of coalesced change events (default 250 ms). */
  changeIntervalMs?: number;
  /** Upstream OTLP endpoints every accepted request is also sent to (see core/forward). */
  forward?: UpstreamConfig[];
  /** Time stop() gives the forward queues to empty (default 3 s). */
  forwardFlushMs?: number;
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
  readonly grpc: GrpcReceiver;
  /** Its `state` (health, groups) is what the Pushgateway views show; changes come as the 'pushgateway' topic. */
  readonly pushgateway: PushgatewayPoller;
  /** Its `targets` and `files` are what the scrape views show; changes come as the 'scrape' topic. */
  readonly scraper: Scraper;
  /** The tee to upstreams; its `health()` is what the forward views show; changes come as the 'forward' topic. */
  readonly forwarder: Forwarder;
  /** What the last stop() could not forward in time (empty when everything went out). */
  lastForwardFlush: FlushReport[] = [];
  private readonly forwardFlushMs: number | undefined;
  private httpEnabled: boolean;
  private grpcEnabled: boolean;

  constructor(options: EngineOptions = {}) {
    this.store = new TelemetryStore(options.limits, { changeIntervalMs: options.changeIntervalMs });
    this.forwarder = new Forwarder(options.forward ?? [], () => this.store.markChanged('forward'));
    this.forwardFlushMs = options.forwardFlushMs;
    const onAccepted = this.forwarder.accept.bind(this.forwarder);
    const { enabled, ...http } = options.http ?? {};
    this.httpEnabled = enabled ?? true;
    this.http = new HttpReceiver(this.store, { ...http, onAccepted });
    const { enabled: grpcEnabled, ...grpc } = options.grpc ?? {};
    this.grpcEnabled = options.grpc !== undefined && (grpcEnabled ?? true);
    this.grpc = new GrpcReceiver(this.store, {
      ...grpc,
      onAccepted,
      host: grpc.host ?? this.http.config.host,
      maxBodyBytes: grpc.maxBodyBytes ?? this.http.config.maxBodyBytes,
    });
    this.pushgateway = new PushgatewayPoller(options.pushgateway, () => this.store.markChanged('pushgateway'));
    this.scraper = new Scraper(options.scrape, () => this.store.markChanged('scrape'));
  }

  async start(): Promise<StartReport> {
    const errors: ListenError[] = [];
    // Each receiver starts on its own: a busy port for one leaves the other running.
    const started = await Promise.allSettled([this.httpEnabled && this.http.start(), this.grpcEnabled && this.grpc.start()]);
    for (const result of started) {
      if (result.status === 'fulfilled') continue;
      if (result.reason instanceof ListenError) errors.push(result.reason);
      else throw result.reason;
    }
    // Pollers never fail to start: an unreachable gateway or target is a state they show.
    this.pushgateway.start();
    await this.scraper.start();
    return { errors };
  }

  async stop(): Promise<void> {
    await Promise.all([this.http.stop(), this.grpc.stop(), this.pushgateway.stop(), this.scraper.stop()]);
    // Nothing arrives any more: what is queued for upstreams gets its deadline to go out.
    this.lastForwardFlush = (await this.forwarder.flush(this.forwardFlushMs)).filter((r) => !r.complete);
    this.store.flushChanges();
  }

  /** Stops everything and releases timers; the engine cannot be started again. */
  async dispose(): Promise<void> {
    await this.stop();
    await this.forwarder.close(0);
    this.store.dispose();
  }

  receiverStates(): Record<string, ListenerState> {
    // gRPC is listed when it was asked for, or when it was started by hand (a setting turned on later).
    const grpc = this.grpcEnabled || this.grpc.state.status !== 'stopped';
    return grpc ? { http: this.http.state, grpc: this.grpc.state } : { http: this.http.state };
  }

  /** A new URL, interval or threshold applies at once (polling starts or stops with the URL). */
  configurePushgateway(options: Partial<PushgatewayOptions>): void {
    this.pushgateway.configure(options);
  }

  /** New URLs, files or interval apply at once; resolves when new file_sd files were read. */
  async configureScrape(options: Partial<ScrapeOptions>): Promise<void> {
    await this.scraper.configure(options);
  }

  /** New upstreams apply at once; unchanged ones keep their queue. Throws UpstreamConfigError for an invalid one. */
  async configureForward(upstreams: UpstreamConfig[]): Promise<void> {
    await this.forwarder.configure(upstreams);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.store, this.receiverStates(), { pushgateway: this.pushgateway, scraper: this.scraper });
  }
}
