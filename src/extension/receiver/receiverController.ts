/**
 * Starts, stops and moves the OTLP receivers (HTTP, and gRPC unless turned off) as the user and the settings ask,
 * and says what went wrong in the way that suits who asked: auto-start fails quietly (the status bar shows it),
 * a user's own action gets a notification with a way out (another port, the settings).
 */
import * as vscode from 'vscode';
import type { Engine } from '../../core/engine';
import { httpUrl } from '../../core/env/snippet';
import { ListenError } from '../../core/otlp/listenError';
import { DEFAULT_HOST, isLoopbackHost } from '../../core/otlp/receiverOptions';
import type { ListenerState } from '../../core/otlp/receiverStatus';
import { anyFreePort, freePortAfter } from './freePort';
import { SECTION, SETTING, type Settings } from '../settings/settings';

/** Context keys the menus and welcome views of package.json read (the HTTP receiver's: it is always on). */
export const CONTEXT_RUNNING = 'telemetryInspector.receiverRunning';
export const CONTEXT_STATE = 'telemetryInspector.receiverState';

const WARNED_HOSTS_KEY = 'telemetryInspector.warnedNonLoopbackHosts';

export type ReceiverKind = 'http' | 'grpc';
export const RECEIVER_KINDS: readonly ReceiverKind[] = ['http', 'grpc'];
export const RECEIVER_LABEL: Record<ReceiverKind, string> = { http: 'OTLP/HTTP', grpc: 'OTLP/gRPC' };

/** What the two receivers have in common here. */
interface Listener {
  readonly state: ListenerState;
  reconfigure(options: { host: string; port: number }): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  onState(listener: (state: ListenerState) => void): () => void;
}

/** Where apps should send: the address in use, or the configured one when the receiver is not running. */
export interface ReceiverEndpoint {
  url: string;
  host: string;
  port: number;
  listening: boolean;
  /** The host it listens on (a wildcard stays a wildcard), for telling where apps can reach it from. */
  listenHost: string;
  /** False for a gRPC receiver turned off in the settings. */
  enabled: boolean;
}

export class ReceiverController implements vscode.Disposable {
  /** Whether the receivers should be running: set by start (manual or auto), cleared by stop. */
  private wanted = false;
  /** Start, stop and moves run one at a time, in the order asked. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  /** Hosts warned about in this session (the stored list is written asynchronously). */
  private readonly warning = new Set<string>();

  constructor(
    private readonly engine: Engine,
    private current: Settings,
    private readonly output: vscode.LogOutputChannel,
    private readonly globalState: vscode.Memento,
  ) {
    const off = engine.http.onState((state) => this.onState(state));
    this.disposables.push({ dispose: off });
    this.onState(engine.http.state);
  }

  get settings(): Readonly<Settings> {
    return this.current;
  }

  /** The OTLP/HTTP receiver's state (the one the view's start/stop buttons follow). */
  get state(): ListenerState {
    return this.engine.http.state;
  }

  get grpcState(): ListenerState {
    return this.engine.grpc.state;
  }

  endpoint(kind: ReceiverKind = 'http'): ReceiverEndpoint {
    const state = this.listener(kind).state;
    const listening = state.status === 'listening';
    const configured = this.address(kind);
    const host = listening ? state.host : configured.host;
    const port = listening ? state.port : configured.port;
    // An app cannot send to a wildcard address; on this machine loopback reaches it.
    const reachable = host === '0.0.0.0' || host === '::' ? DEFAULT_HOST : host;
    return { url: httpUrl(reachable, port), host: reachable, port, listening, listenHost: host, enabled: this.enabled(kind) };
  }

  /** Starts the receivers; `manual` failures get a notification, automatic ones only the status bar. */
  start(manual: boolean): Promise<void> {
    return this.serialize(async () => {
      this.wanted = true;
      for (const kind of RECEIVER_KINDS) {
        if (!this.enabled(kind)) continue;
        const error = await this.tryStart(kind);
        if (error && manual) void this.offerWayOut(kind, error);
      }
    });
  }

  stop(): Promise<void> {
    return this.serialize(async () => {
      this.wanted = false;
      await Promise.all([this.engine.http.stop(), this.engine.grpc.stop()]);
      this.output.info('OTLP receivers stopped');
    });
  }

  /** Applies changed settings: new caps at once; a new address restarts a receiver, or leaves it where it was. */
  apply(next: Settings): Promise<void> {
    return this.serialize(async () => {
      const previous = this.current;
      this.current = next;
      if (JSON.stringify(previous.limits) !== JSON.stringify(next.limits)) this.engine.store.setLimits(next.limits);
      for (const kind of RECEIVER_KINDS) await this.applyTo(kind, previous, next);
    });
  }

  /** Settles once every start, stop and move asked for so far is done (tests wait on it). */
  whenIdle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** "127.0.0.1:4318" while listening (the address bound, wildcards included), else "stopped", "starting", "not running" (or "off"). */
  describe(kind: ReceiverKind = 'http'): string {
    const s = this.listener(kind).state;
    if (s.status === 'listening') return `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
    if (!this.enabled(kind) && s.status === 'stopped') return 'off';
    return s.status === 'error' ? 'not running' : s.status;
  }

  private listener(kind: ReceiverKind): Listener {
    return kind === 'http' ? this.engine.http : this.engine.grpc;
  }

  private address(kind: ReceiverKind, s: Settings = this.current): { host: string; port: number } {
    return { host: s.receiver.host, port: kind === 'http' ? s.receiver.port : s.grpc.port };
  }

  private enabled(kind: ReceiverKind, s: Settings = this.current): boolean {
    return kind === 'http' || s.grpc.enabled;
  }

  private async applyTo(kind: ReceiverKind, previous: Settings, next: Settings): Promise<void> {
    const listener = this.listener(kind);
    const was = this.address(kind, previous);
    const { host, port } = this.address(kind, next);
    const wasEnabled = this.enabled(kind, previous);
    if (!this.enabled(kind, next)) {
      if (listener.state.status !== 'stopped') {
        await listener.stop();
        this.output.info(`${RECEIVER_LABEL[kind]} receiver turned off`);
      }
      await listener.reconfigure({ host, port });
      return;
    }
    if (wasEnabled && host === was.host && port === was.port) return;
    const before = listener.state;
    const wasListening = before.status === 'listening';
    if (!this.wanted) {
      await listener.reconfigure({ host, port });
      return;
    }
    let error: ListenError | undefined;
    try {
      await listener.reconfigure({ host, port }); // restarts a running listener
    } catch (e) {
      if (!(e instanceof ListenError)) throw e;
      error = e;
    }
    if (!error && listener.state.status !== 'listening') error = await this.tryStart(kind);
    if (!error) {
      this.output.info(`${RECEIVER_LABEL[kind]} receiver ${wasListening ? 'moved to' : 'listening on'} ${this.describe(kind)}`);
      void this.warnIfExposed(host);
      return;
    }
    this.output.warn(error.message);
    if (wasListening) {
      // Keep serving where apps already send; the settings say where the user wants to go next.
      const back = await this.tryStart(kind, { host: before.host, port: before.port });
      if (!back) {
        void this.offerWayOut(kind, error, `It keeps running on ${this.describe(kind)}.`);
        return;
      }
    }
    void this.offerWayOut(kind, error);
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One attempt at the configured address (or the one given); the error when it failed (the receiver state shows it too). */
  private async tryStart(kind: ReceiverKind, address: { host: string; port: number } = this.address(kind)): Promise<ListenError | undefined> {
    const listener = this.listener(kind);
    const { host, port } = address;
    try {
      await listener.reconfigure({ host, port });
      await listener.start();
    } catch (e) {
      if (!(e instanceof ListenError)) throw e;
      this.output.warn(e.message);
      return e;
    }
    this.output.info(`${RECEIVER_LABEL[kind]} receiver listening on ${this.describe(kind)}`);
    void this.warnIfExposed(host);
    return undefined;
  }

  private onState(state: ListenerState): void {
    const running = state.status === 'listening' || state.status === 'starting';
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, running);
    void vscode.commands.executeCommand('setContext', CONTEXT_STATE, state.status);
  }

  /** A failed start the user asked for: say why, and offer another port or the settings. */
  private async offerWayOut(kind: ReceiverKind, error: ListenError, extra = ''): Promise<void> {
    const choices: { title: string; run: () => Thenable<unknown> }[] = [];
    const host = this.current.receiver.host;
    const portKey = kind === 'http' ? SETTING.port : SETTING.grpcPort;
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
      const near = await freePortAfter(host, error.port).catch(() => undefined);
      if (near !== undefined) choices.push({ title: `Use port ${near}`, run: () => this.writeSetting(portKey, near) });
      choices.push({
        title: 'Pick a free port',
        run: async () => this.writeSetting(portKey, await anyFreePort(host)),
      });
    } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
      choices.push({ title: `Use ${DEFAULT_HOST}`, run: () => this.writeSetting(SETTING.host, DEFAULT_HOST) });
    }
    // Many machines already run a collector on 4317: the HTTP receiver alone is enough for most apps.
    if (kind === 'grpc') choices.push({ title: 'Turn Off gRPC', run: () => this.writeSetting(SETTING.grpcEnabled, false) });
    choices.push({ title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.${kind === 'http' ? 'receiver' : 'grpc'}`) });
    const picked = await vscode.window.showErrorMessage(`${error.message}${extra ? ` ${extra}` : ''}`, ...choices.map((c) => c.title));
    await choices.find((c) => c.title === picked)?.run();
  }

  /** Other machines can send to a receiver on a non-loopback address: say so once per address. */
  private async warnIfExposed(host: string): Promise<void> {
    if (isLoopbackHost(host) || this.warning.has(host)) return;
    this.warning.add(host);
    const warned = this.globalState.get<string[]>(WARNED_HOSTS_KEY, []);
    if (warned.includes(host)) return;
    await this.globalState.update(WARNED_HOSTS_KEY, [...warned, host]);
    const use = `Use ${DEFAULT_HOST}`;
    const picked = await vscode.window.showWarningMessage(
      `The Telemetry Inspector receivers listen on ${host}, which other machines can reach: anything on your network can send them telemetry. ` +
        `Keep it only if an app in a container or VM must reach them.`,
      use,
      'Keep',
    );
    if (picked === use) await this.writeSetting(SETTING.host, DEFAULT_HOST);
  }

  /** Writes a setting where it is defined now (folder, workspace or user), so the change takes effect. */
  private async writeSetting(key: string, value: unknown): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const where = config.inspect(key);
    const target =
      where?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : where?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update(key, value, target);
  }
}
