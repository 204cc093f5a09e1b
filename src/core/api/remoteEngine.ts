/**
 * EngineApi with the engine in a worker thread (or a child process): the receivers decode and the store ingests
 * there, never on the caller's thread. Calls are messages with ids, answered in order; the engine's status and
 * store changes arrive as events.
 *
 * When the engine dies (a crash, its heap limit), the calls on their way fail with EngineDownError, `down` is
 * announced, and it is started again with the options it runs with now (every configure applied since), its
 * receivers and sources started again if they ran, and `restarted` is announced with the count. Calls made while it
 * is down wait for it.
 */
import type { EngineConfig, EngineOptions, ReceiverKind } from '../engine';
import type { PrometheusOptions } from '../export/options';
import type { UpstreamConfig } from '../forward/upstream';
import type { QueryApiOptions } from '../query/queryApiOptions';
import type { LivenessRule } from '../store/liveness';
import type { EngineStatus } from './engineApi';
import { EngineClient } from './engineClient';
import type { CallName, EngineCalls } from './engineService';
import type { FromEngine } from './protocol';
import { openTransport, type EngineTransport, type EngineWhere } from './transport';
import { EngineDownError, errorFrom } from './wire';

export interface RemoteEngineOptions {
  where?: EngineWhere;
  /** The engine host's entry file (dist/engineWorker.js). */
  entry: string;
  /** Heap limit of the engine, MB (default 1024): past it the engine dies and is restarted. */
  maxHeapMb?: number;
  /** Honour crash() (the extension passes true only under its test runner). */
  allowCrash?: boolean;
  /** Wait before a restart, doubled for each death within a minute of the last (default 500 ms, at most 30 s). */
  restartDelayMs?: number;
  /**
   * A nice value for the engine (default 0: none): on a machine whose cores are all busy, the caller's thread is
   * then scheduled before the engine, at the cost of the engine's throughput (bench figure 9 measures 10). Applied
   * to a child process everywhere, to a worker thread on Linux only.
   */
  niceness?: number;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

const DEFAULT_MAX_HEAP_MB = 1024;
const DEFAULT_NICENESS = 0;

export class RemoteEngine extends EngineClient {
  readonly where: EngineWhere;
  private transport!: EngineTransport;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Settles when the engine (first or restarted) is ready for calls. */
  private ready!: Promise<void>;
  private alive = false;
  private disposed = false;
  private restartCount = 0;
  private lastDeathMs = 0;
  private delayMs: number;
  /** What a restart brings back. */
  private wanted = { receivers: false, sources: false, exposition: false };
  private liveness: Partial<LivenessRule> | undefined;

  private constructor(
    private options: EngineOptions,
    private readonly remote: RemoteEngineOptions,
    status: EngineStatus,
    transport: EngineTransport,
  ) {
    super(status);
    this.where = remote.where ?? 'worker';
    this.delayMs = remote.restartDelayMs ?? 500;
    this.attach(transport);
    this.alive = true;
    this.ready = Promise.resolve();
  }

  /** Starts the engine host and resolves once it is ready. */
  static async start(options: EngineOptions, remote: RemoteEngineOptions): Promise<RemoteEngine> {
    const { transport, status } = await RemoteEngine.spawn(options, remote);
    return new RemoteEngine(structuredClone(options), remote, status, transport);
  }

  override get restarts(): number {
    return this.restartCount;
  }

  override get up(): boolean {
    return this.alive;
  }

  /** The engine host's thread id (worker) or process id (child). */
  get hostId(): number {
    return this.transport.id;
  }

  async crash(): Promise<void> {
    if (!this.remote.allowCrash) throw new Error('crash() is refused: this engine was not made for tests (allowCrash).');
    this.transport.post({ type: 'crash' });
  }

  // --- what a restart must bring back ----------------------------------------------------------------------

  override async configure(config: EngineConfig) {
    const changes = await super.configure(config);
    const o = this.options;
    if (config.http) o.http = { ...o.http, ...defined(config.http) };
    if (config.grpc) o.grpc = { ...o.grpc, ...defined(config.grpc) };
    if (config.limits) o.limits = { ...o.limits, ...defined(config.limits) };
    if (config.pushgateway) o.pushgateway = { ...o.pushgateway, ...config.pushgateway };
    if (config.scrape) o.scrape = { ...o.scrape, ...defined(config.scrape) };
    if (config.prometheus) o.prometheus = { ...o.prometheus, ...config.prometheus };
    return changes;
  }

  override async configurePrometheus(options: Partial<PrometheusOptions>) {
    const error = await super.configurePrometheus(options);
    this.options.prometheus = { ...this.options.prometheus, ...options };
    return error;
  }

  override async configureForward(upstreams: UpstreamConfig[]) {
    await super.configureForward(upstreams);
    this.options.forward = upstreams;
  }

  override async configureQueryApi(options: Partial<QueryApiOptions>) {
    await super.configureQueryApi(options);
    this.options.queryApi = { ...this.options.queryApi, ...options };
  }

  override async start() {
    this.wanted = { receivers: true, sources: true, exposition: true };
    return super.start();
  }

  override async startReceivers(rebind?: Partial<Record<ReceiverKind, number>>) {
    this.wanted.receivers = true;
    return super.startReceivers(rebind);
  }

  override async stopReceivers() {
    this.wanted.receivers = false;
    return super.stopReceivers();
  }

  override async startSources() {
    this.wanted.sources = true;
    return super.startSources();
  }

  override async startExposition() {
    this.wanted.exposition = true;
    return super.startExposition();
  }

  override async setLivenessRule(rule: Partial<LivenessRule>) {
    this.liveness = rule;
    return super.setLivenessRule(rule);
  }

  override async dispose(): Promise<void> {
    if (this.disposed) return;
    try {
      await super.dispose();
    } finally {
      this.disposed = true;
      this.alive = false;
      await this.transport.terminate();
    }
  }

  // --- messages --------------------------------------------------------------------------------------------

  protected call<N extends CallName>(name: N, args: Parameters<EngineCalls[N]>): ReturnType<EngineCalls[N]> {
    return this.send(name, args) as ReturnType<EngineCalls[N]>;
  }

  private async send(name: CallName, args: unknown[]): Promise<unknown> {
    if (this.disposed) throw new Error(`The telemetry engine was disposed (${name}).`);
    if (!this.alive) await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.transport.post({ type: 'call', id, name, args });
    });
  }

  private attach(transport: EngineTransport): void {
    this.transport = transport;
    transport.onMessage((m) => this.onMessage(m));
    transport.onExit((reason) => {
      if (this.transport === transport) this.onDeath(reason);
    });
  }

  private onMessage(m: FromEngine): void {
    switch (m.type) {
      case 'result': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(errorFrom(m.error));
        return;
      }
      case 'event':
        this.receive(m.event);
        return;
      default:
        return;
    }
  }

  private onDeath(reason: string): void {
    this.alive = false;
    for (const p of this.pending.values()) p.reject(new EngineDownError(reason));
    this.pending.clear();
    if (this.disposed) return;
    const now = Date.now();
    // Dying again soon after a restart backs off; a long quiet life resets the wait.
    this.delayMs = now - this.lastDeathMs < 60_000 ? Math.min(30_000, this.delayMs * 2) : (this.remote.restartDelayMs ?? 500);
    this.lastDeathMs = now;
    this.announce({ type: 'down', reason, restarts: this.restartCount });
    let release!: () => void;
    this.ready = new Promise<void>((resolve) => (release = resolve));
    const retry = (): void => {
      setTimeout(() => {
        if (this.disposed) return release();
        void this.restart(reason).then(release, (e: Error) => {
          this.announce({ type: 'failed', reason: e.message, restarts: this.restartCount });
          this.delayMs = Math.min(30_000, this.delayMs * 2);
          retry();
        });
      }, this.delayMs);
    };
    retry();
  }

  private async restart(reason: string): Promise<void> {
    void reason;
    // Apps keep sending where the receivers listened: a receiver configured for any port takes that one back.
    const rebind: Partial<Record<ReceiverKind, number>> = {};
    for (const [kind, r] of Object.entries(this.status.receivers) as [ReceiverKind, EngineStatus['receivers'][ReceiverKind]][]) {
      if (r.state.status === 'listening' || r.state.status === 'starting') rebind[kind] = r.state.port;
    }
    const { transport, status } = await RemoteEngine.spawn(this.options, this.remote);
    if (this.disposed) {
      await transport.terminate();
      return;
    }
    this.attach(transport);
    this.alive = true;
    this.restartCount++;
    this.replaceStatus(status);
    // Bring back what ran: the liveness rule tests set, the receivers, the sources and the exposition.
    if (this.liveness) await super.setLivenessRule(this.liveness);
    if (this.wanted.receivers) await super.startReceivers(rebind);
    if (this.wanted.sources) await super.startSources();
    if (this.wanted.exposition) await super.startExposition();
    this.announce({ type: 'restarted', restarts: this.restartCount });
  }

  private static spawn(options: EngineOptions, remote: RemoteEngineOptions): Promise<{ transport: EngineTransport; status: EngineStatus }> {
    const transport = openTransport(remote.where ?? 'worker', { entry: remote.entry, maxHeapMb: remote.maxHeapMb ?? DEFAULT_MAX_HEAP_MB });
    return new Promise((resolve, reject) => {
      let settled = false;
      transport.onMessage((m) => {
        if (settled) return;
        if (m.type === 'ready') {
          settled = true;
          resolve({ transport, status: m.status });
        } else if (m.type === 'fatal') {
          settled = true;
          void transport.terminate();
          reject(errorFrom(m.error));
        }
      });
      transport.onExit((why) => {
        if (settled) return;
        settled = true;
        reject(new Error(`the telemetry engine exited at start (${why})`));
      });
      transport.post({ type: 'init', options, allowCrash: remote.allowCrash === true, niceness: remote.niceness ?? DEFAULT_NICENESS });
    });
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
