import { PrometheusExporter } from './export/prometheusExporter';
import type { PrometheusOptions } from './export/options';
import { Forwarder } from './forward/forwarder';
import type { FlushReport } from './forward/health';
import type { UpstreamConfig } from './forward/upstream';
import { GrpcReceiver } from './otlp/grpcReceiver';
import type { GrpcReceiverOptions } from './otlp/grpcOptions';
import { HttpReceiver } from './otlp/httpReceiver';
import { httpUrl } from './env/snippet';
import { ListenError } from './otlp/listenError';
import type { Listener } from './otlp/listener';
import { DEFAULT_HOST, type HttpReceiverOptions } from './otlp/receiverOptions';
import type { ListenerState } from './otlp/receiverStatus';
import { PushgatewayPoller, type PushgatewayOptions } from './pushgateway/poller';
import { resolveQueryApiOptions, type QueryApiOptions } from './query/queryApiOptions';
import { queryHttpRoute } from './query/queryHttpRoute';
import { engineQuerySource } from './query/querySource';
import { Scraper, type ScrapeOptions } from './scrape/scraper';
import { snapshotOf, type Snapshot } from './snapshot';
import type { StoreLimits } from './store/limits';
import { TelemetryStore } from './store/store';
// Captures (issue 14): persistence, export, opened capture files. Kept to the lines marked "captures".
import type { AcceptedHook } from './otlp/acceptedHook';
import { CaptureLibrary } from './capture/captureLibrary';
import { ReplayClock } from './capture/clock';
import { StampedStore } from './capture/stampedStore';
import type { ExportOptions, ExportSummary } from './capture/exportCapture';
import { exportCaptureFile } from './capture/exportSources';
import { exportRequests } from './capture/exportCapture';
import type { CaptureSummary } from './capture/openedCapture';
import { Persistence, type PersistenceOptions } from './capture/persistence';
import type { PersistenceStatus, RestoreReport } from './capture/persistStatus';

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
  /** The Prometheus exposition: always at GET /metrics on the OTLP/HTTP port; `port` gives it one of its own. */
  prometheus?: Partial<PrometheusOptions>;
  /** Interval of coalesced change events (default 250 ms). */
  changeIntervalMs?: number;
  /** Upstream OTLP endpoints every accepted request is also sent to (see core/forward). */
  forward?: UpstreamConfig[];
  /** Time stop() gives the forward queues to empty (default 3 s). */
  forwardFlushMs?: number;
  /** captures: keep accepted requests on disk in `dir` and restore them at start (off without a dir or with enabled: false). */
  persistence?: PersistenceOptions;
  /** captures: one more tee for accepted requests, after the forwarder and persistence (the CLI's --record). */
  onAccepted?: AcceptedHook;
  /** The read-only query API at GET /api/v1/… on the OTLP/HTTP port (on by default, loopback listeners only). */
  queryApi?: Partial<QueryApiOptions>;
}

/** What start() managed: listeners that could not start are named with a sentence to show. */
export interface StartReport {
  errors: ListenError[];
  /** The same errors, by receiver. */
  failed: Partial<Record<ReceiverKind, ListenError>>;
}

export type ReceiverKind = 'http' | 'grpc';
export const RECEIVER_KINDS: readonly ReceiverKind[] = ['http', 'grpc'];
export const RECEIVER_LABEL: Readonly<Record<ReceiverKind, string>> = { http: 'OTLP/HTTP', grpc: 'OTLP/gRPC' };

export interface ReceiverAddress {
  host: string;
  port: number;
}

/** Where a receiver should listen, and whether it should run at all. */
export interface ReceiverConfig extends ReceiverAddress {
  enabled: boolean;
}

/** What configure() may change; what is left out stays as it is. */
export interface EngineConfig {
  http?: Partial<ReceiverConfig>;
  grpc?: Partial<ReceiverConfig>;
  limits?: Partial<StoreLimits>;
  pushgateway?: Partial<PushgatewayOptions>;
  scrape?: Partial<ScrapeOptions>;
  /** The Prometheus exposition: its own port and how long a quiet series stays. */
  prometheus?: Partial<PrometheusOptions>;
}

/** What configure() did to one receiver whose configuration changed. */
export type ReceiverChange = { kind: ReceiverKind } & (
  | /** Not running (stopped by the user): the address is remembered for the next start. */ { result: 'remembered' }
  | /** Turned off: stopped if it ran. */ { result: 'off' }
  | /** Was not listening, listens now. */ { result: 'started'; at: ReceiverAddress }
  | /**
     * Was listening, listens at the new address now. `senders` are the instance keys that sent to the old
     * address recently: apps still aimed there, which the move cuts off.
     */ { result: 'moved'; from: ReceiverAddress; at: ReceiverAddress; senders: string[] }
  | /** The new address failed; it went back to the old one, where apps already send. */ { result: 'kept'; at: ReceiverAddress; error: ListenError }
  | /** The new address failed, and it is not listening. */ { result: 'failed'; error: ListenError }
);

/** Where apps should send: the address in use, or the configured one when the receiver is not running. */
export interface ReceiverEndpoint {
  url: string;
  host: string;
  port: number;
  listening: boolean;
  /** The host it listens on (a wildcard stays a wildcard), for telling where apps can reach it from. */
  listenHost: string;
  /** False for a receiver turned off. */
  enabled: boolean;
}

/** How long after its last request an instance counts as still aimed at a receiver's address. */
const SENDER_WINDOW_MS = 2 * 60_000;

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
  /** The received metrics in the Prometheus text format (its `route` answers GET /metrics; `start` opens its own port if asked). */
  readonly prometheus: PrometheusExporter;
  /** Where each receiver should listen, and whether it should run (start and configure follow it). */
  private readonly config: Record<ReceiverKind, ReceiverConfig>;
  /** Whether the receivers should be running: set by start, cleared by stop. */
  private wanted = false;
  /** Starts, stops and moves of the receivers run one at a time, in the order asked. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The tee to upstreams; its `health()` is what the forward views show; changes come as the 'forward' topic. */
  readonly forwarder: Forwarder;
  /** What the last stop() could not forward in time (empty when everything went out). */
  lastForwardFlush: FlushReport[] = [];
  private readonly forwardFlushMs: number | undefined;
  /** captures: the store's clock, set to each request's receive time while what is on disk is replayed. */
  private readonly clock = new ReplayClock();
  /** captures: what is kept on disk (undefined when persistence is off); its status() is for the status bar tooltip. */
  readonly persistence: Persistence | undefined;
  /** captures: capture files opened into stores of their own, apart from live data. */
  readonly captures = new CaptureLibrary(() => this.store.markChanged('instances'));

  constructor(options: EngineOptions = {}) {
    const store = new StampedStore(this.clock, options.limits, { changeIntervalMs: options.changeIntervalMs });
    this.store = store;
    this.forwarder = new Forwarder(options.forward ?? [], () => this.store.markChanged('forward'));
    this.forwardFlushMs = options.forwardFlushMs;
    const p = options.persistence;
    this.persistence = p?.dir && p.enabled !== false ? new Persistence(p, () => this.store.markChanged('receiver')) : undefined;
    const onAccepted = teeAccepted(
      this.forwarder.accept.bind(this.forwarder),
      this.persistence && ((signal, encoding, body) => this.persistence!.accept(signal, encoding, body, store.lastIngestMs)),
      options.onAccepted,
    );
    const { enabled, ...http } = options.http ?? {};
    this.http = new HttpReceiver(this.store, { ...http, onAccepted });
    const { enabled: grpcEnabled, ...grpc } = options.grpc ?? {};
    this.grpc = new GrpcReceiver(this.store, {
      ...grpc,
      onAccepted,
      host: grpc.host ?? this.http.config.host,
      maxBodyBytes: grpc.maxBodyBytes ?? this.http.config.maxBodyBytes,
    });
    this.config = {
      http: { host: this.http.config.host, port: this.http.config.port, enabled: enabled ?? true },
      grpc: { host: this.grpc.config.host, port: this.grpc.config.port, enabled: options.grpc !== undefined && (grpcEnabled ?? true) },
    };
    this.pushgateway = new PushgatewayPoller(options.pushgateway, () => this.store.markChanged('pushgateway'));
    this.scraper = new Scraper(options.scrape, () => this.store.markChanged('scrape'));
    this.prometheus = new PrometheusExporter(this.store, options.prometheus);
    this.http.metricsRoute = this.prometheus.route;
    this.queryApiOptions = resolveQueryApiOptions(options.queryApi);
    this.http.queryRoute = queryHttpRoute(engineQuerySource(this), { options: () => this.queryApiOptions, listenHost: () => this.http.config.host });
  }

  private queryApiOptions: QueryApiOptions;

  /** The query API's options (GET /api/v1/… on the OTLP/HTTP port). */
  get queryApi(): Readonly<QueryApiOptions> {
    return this.queryApiOptions;
  }

  /** A change applies from the next request on. */
  configureQueryApi(options: Partial<QueryApiOptions>): void {
    this.queryApiOptions = resolveQueryApiOptions({ ...this.queryApiOptions, ...options });
  }

  /** Starts the receivers that are enabled, then the sources. */
  async start(): Promise<StartReport> {
    await this.restorePersisted(); // captures: what is on disk is back before anything new arrives
    const report = await this.startReceivers();
    await this.startSources();
    const exposition = await this.startExposition();
    if (exposition) report.errors.push(exposition);
    return report;
  }

  /** Opens the Prometheus exposition's own port when one is configured; a busy port is returned, not thrown. */
  async startExposition(): Promise<ListenError | undefined> {
    try {
      await this.prometheus.start();
      return undefined;
    } catch (error) {
      if (error instanceof ListenError) return error;
      throw error;
    }
  }

  /**
   * Starts the enabled receivers at their configured addresses (a running one stays as it is). Each starts on its
   * own: a busy port for one leaves the other running, and is named in the report. `rebind` names ports to take
   * first where the configured port is 0 (any): an engine started again after a crash takes back the port apps
   * were sending to, and takes any port if it cannot.
   */
  startReceivers(rebind: Partial<Record<ReceiverKind, number>> = {}): Promise<StartReport> {
    return this.serialize(async () => {
      // captures: what is on disk is back before anything new arrives, however the receivers are started (once).
      await this.restorePersisted().catch(() => undefined); // an unreadable dir never blocks the receivers
      this.wanted = true;
      const failed: StartReport['failed'] = {};
      for (const kind of RECEIVER_KINDS) {
        if (!this.config[kind].enabled) continue;
        const again = this.config[kind].port === 0 ? rebind[kind] : undefined;
        let error = again === undefined ? undefined : await this.tryStart(kind, { host: this.config[kind].host, port: again });
        if (again === undefined || error) error = await this.tryStart(kind, this.config[kind]);
        if (error) failed[kind] = error;
      }
      return { errors: Object.values(failed), failed };
    });
  }

  stopReceivers(): Promise<void> {
    return this.serialize(async () => {
      this.wanted = false;
      await Promise.all([this.http.stop(), this.grpc.stop()]);
    });
  }

  /** Starts polling the Pushgateway and scraping; resolves once the file_sd files were read the first time. */
  async startSources(): Promise<void> {
    // Pollers never fail to start: an unreachable gateway or target is a state they show.
    this.pushgateway.start();
    await this.scraper.start();
  }

  /**
   * Applies a new configuration: store caps and sources at once; a receiver whose address changed moves there if
   * the receivers run (back to where it was when the new address fails), one turned off stops. Resolves with
   * what happened to each receiver whose configuration changed.
   */
  async configure(config: EngineConfig): Promise<ReceiverChange[]> {
    if (config.limits) this.store.setLimits({ ...this.store.storeLimits, ...config.limits });
    if (config.pushgateway) this.configurePushgateway(config.pushgateway);
    const scraped = config.scrape ? this.configureScrape(config.scrape) : undefined;
    const exposed = config.prometheus ? this.prometheus.configure(config.prometheus) : undefined;
    const changes: ReceiverChange[] = [];
    if (config.http || config.grpc) {
      await this.serialize(async () => {
        for (const kind of RECEIVER_KINDS) {
          const next = config[kind];
          if (!next) continue;
          const change = await this.reconfigureReceiver(kind, { ...this.config[kind], ...stripUndefined(next) });
          if (change) changes.push(change);
        }
      });
    }
    await Promise.all([scraped, exposed]);
    return changes;
  }

  /** Settles once every start, stop and move asked for so far is done. */
  whenIdle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  async stop(): Promise<void> {
    await Promise.all([this.stopReceivers(), this.pushgateway.stop(), this.scraper.stop(), this.prometheus.stop()]);
    // Nothing arrives any more: what is queued for upstreams gets its deadline to go out.
    this.lastForwardFlush = (await this.forwarder.flush(this.forwardFlushMs)).filter((r) => !r.complete);
    await this.persistence?.flush(); // captures
    this.store.flushChanges();
  }

  /** Stops everything and releases timers; the engine cannot be started again. */
  async dispose(): Promise<void> {
    await this.stop();
    this.prometheus.dispose();
    await this.forwarder.close(0);
    await this.persistence?.close(); // captures
    this.captures.dispose();
    this.store.dispose();
  }

  // ---- captures (src/core/capture): the methods the front doors call ----

  /** Replays what persistence kept on disk into the store, with the original receive times; once (start() calls it). */
  async restorePersisted(): Promise<RestoreReport | undefined> {
    return this.persistence?.restore(this.store, this.clock);
  }

  /** Persistence's state for the status bar tooltip (error state included); undefined when it is off. */
  persistenceStatus(): PersistenceStatus | undefined {
    return this.persistence?.status();
  }

  /** Clear Data: the store and what is kept on disk. Opened captures stay (they have their own close). */
  async clearData(): Promise<void> {
    this.store.clear();
    await this.persistence?.clear();
  }

  /**
   * Writes OTLP JSON Lines: from an opened capture (`capture`: its id) or from what persistence holds (ids,
   * attributes and timestamps exactly as received). Throws when neither is there to read.
   */
  async exportCapture(file: string, options: ExportOptions & { capture?: string } = {}): Promise<ExportSummary> {
    if (options.capture !== undefined) {
      const c = this.captures.get(options.capture);
      if (!c) throw new Error(`no open capture ${options.capture}`);
      return exportCaptureFile(c.summary.path, file, options);
    }
    if (!this.persistence) throw new Error('nothing to export: keeping data on disk is turned off, and export reads what it keeps');
    return exportRequests(this.persistence.requests(), file, options);
  }

  /** Loads a capture file (.jsonl, .json, .jsonl.gz) into a store of its own; see CaptureLibrary. */
  openCapture(path: string): Promise<CaptureSummary> {
    return this.captures.open(path, { limits: this.store.storeLimits });
  }

  closeCapture(id: string): boolean {
    return this.captures.close(id);
  }

  /** An opened capture as the same JSON snapshot as live data. */
  captureSnapshot(id: string): Snapshot | undefined {
    const c = this.captures.get(id);
    return c && snapshotOf(c.store, {});
  }

  receiver(kind: ReceiverKind): Listener<object> {
    return kind === 'http' ? this.http : this.grpc;
  }

  /** The receiver's configuration (the address it listens on when it runs, and whether it should). */
  receiverConfig(kind: ReceiverKind): Readonly<ReceiverConfig> {
    return this.config[kind];
  }

  /** Whether start() starts the receivers now (set by start, cleared by stop). */
  get receiversWanted(): boolean {
    return this.wanted;
  }

  /** Where apps should send to reach a receiver: the address it listens on, else the configured one. */
  endpoint(kind: ReceiverKind): ReceiverEndpoint {
    const state = this.receiver(kind).state;
    const listening = state.status === 'listening';
    const host = listening ? state.host : this.config[kind].host;
    const port = listening ? state.port : this.config[kind].port;
    // An app cannot send to a wildcard address; on this machine loopback reaches it.
    const reachable = host === '0.0.0.0' || host === '::' ? DEFAULT_HOST : host;
    return { url: httpUrl(reachable, port), host: reachable, port, listening, listenHost: host, enabled: this.config[kind].enabled };
  }

  receiverStates(): Record<string, ListenerState> {
    // gRPC is listed when it was asked for, or when it was started by hand (a setting turned on later).
    const grpc = this.config.grpc.enabled || this.grpc.state.status !== 'stopped';
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

  private async reconfigureReceiver(kind: ReceiverKind, next: ReceiverConfig): Promise<ReceiverChange | undefined> {
    const listener = this.receiver(kind);
    const previous = this.config[kind];
    this.config[kind] = next;
    const address = { host: next.host, port: next.port };
    if (!next.enabled) {
      const ran = listener.state.status !== 'stopped';
      if (ran) await listener.stop();
      await listener.reconfigure(address);
      return ran || previous.enabled ? { kind, result: 'off' } : undefined;
    }
    if (previous.enabled && next.host === previous.host && next.port === previous.port) return undefined;
    if (!this.wanted) {
      await listener.reconfigure(address);
      return { kind, result: 'remembered' };
    }
    const before = listener.state;
    const from = before.status === 'listening' ? { host: before.host, port: before.port } : undefined;
    const senders = from ? listener.recentSenders(SENDER_WINDOW_MS) : [];
    const error = await this.tryStart(kind, address); // restarts a running listener there
    if (!error) {
      const at = this.listeningAt(kind)!;
      if (!from) return { kind, result: 'started', at };
      // Configured back to where it already listens (after a failed move): nothing moved.
      return from.host === at.host && from.port === at.port ? undefined : { kind, result: 'moved', from, at, senders };
    }
    // Keep serving where apps already send; the configuration says where to go next.
    if (from && !(await this.tryStart(kind, from))) return { kind, result: 'kept', at: this.listeningAt(kind)!, error };
    return { kind, result: 'failed', error };
  }

  /** One attempt at an address; the error when it failed (the receiver's state shows it too). */
  private async tryStart(kind: ReceiverKind, address: ReceiverAddress): Promise<ListenError | undefined> {
    const listener = this.receiver(kind);
    try {
      await listener.reconfigure({ host: address.host, port: address.port });
      await listener.start();
      return undefined;
    } catch (e) {
      if (e instanceof ListenError) return e;
      throw e;
    }
  }

  private listeningAt(kind: ReceiverKind): ReceiverAddress | undefined {
    const s = this.receiver(kind).state;
    return s.status === 'listening' ? { host: s.host, port: s.port } : undefined;
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** captures: the receivers' one hook, handing each accepted request to every tee; none of them may fail it. */
function teeAccepted(...tees: (AcceptedHook | undefined)[]): AcceptedHook {
  const list = tees.filter((t): t is AcceptedHook => t !== undefined);
  return (signal, encoding, body) => {
    for (const t of list) {
      try {
        t(signal, encoding, body);
      } catch {
        // A tee must never fail the receiver.
      }
    }
  };
}
