/**
 * Starts, stops and moves the OTLP receiver as the user and the settings ask, and says what went wrong in the
 * way that suits who asked: auto-start fails quietly (the status bar shows it), a user's own action gets a
 * notification with a way out (another port, the settings).
 */
import * as vscode from 'vscode';
import type { Engine } from '../core/engine';
import { httpUrl } from '../core/env/snippet';
import { ListenError } from '../core/otlp/listenError';
import { DEFAULT_HOST, isLoopbackHost } from '../core/otlp/receiverOptions';
import type { ListenerState } from '../core/otlp/receiverStatus';
import { anyFreePort, freePortAfter } from './freePort';
import { SECTION, SETTING, type Settings } from './settings';

/** Context keys the menus and welcome views of package.json read. */
export const CONTEXT_RUNNING = 'telemetryInspector.receiverRunning';
export const CONTEXT_STATE = 'telemetryInspector.receiverState';

const WARNED_HOSTS_KEY = 'telemetryInspector.warnedNonLoopbackHosts';

/** Where apps should send: the address in use, or the configured one when the receiver is not running. */
export interface ReceiverEndpoint {
  url: string;
  host: string;
  port: number;
  listening: boolean;
}

export class ReceiverController implements vscode.Disposable {
  /** Whether the receiver should be running: set by start (manual or auto), cleared by stop. */
  private wanted = false;
  /** Start, stop and moves run one at a time, in the order asked. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];

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

  get state(): ListenerState {
    return this.engine.http.state;
  }

  endpoint(): ReceiverEndpoint {
    const state = this.engine.http.state;
    const listening = state.status === 'listening';
    const host = listening ? state.host : this.current.receiver.host;
    const port = listening ? state.port : this.current.receiver.port;
    // An app cannot send to a wildcard address; on this machine loopback reaches it.
    const reachable = host === '0.0.0.0' || host === '::' ? DEFAULT_HOST : host;
    return { url: httpUrl(reachable, port), host: reachable, port, listening };
  }

  /** Starts the receiver; `manual` failures get a notification, automatic ones only the status bar. */
  start(manual: boolean): Promise<void> {
    return this.serialize(async () => {
      this.wanted = true;
      const error = await this.tryStart();
      if (error && manual) void this.offerWayOut(error);
    });
  }

  stop(): Promise<void> {
    return this.serialize(async () => {
      this.wanted = false;
      await this.engine.http.stop();
      this.output.info('OTLP/HTTP receiver stopped');
    });
  }

  /** Applies changed settings: new caps at once; a new address restarts the receiver, or leaves it where it was. */
  apply(next: Settings): Promise<void> {
    return this.serialize(async () => {
      const previous = this.current;
      this.current = next;
      if (JSON.stringify(previous.limits) !== JSON.stringify(next.limits)) this.engine.store.setLimits(next.limits);
      const { host, port } = next.receiver;
      if (host === previous.receiver.host && port === previous.receiver.port) return;
      const before = this.engine.http.state;
      const wasListening = before.status === 'listening';
      if (!this.wanted) {
        await this.engine.http.reconfigure({ host, port });
        return;
      }
      let error: ListenError | undefined;
      try {
        await this.engine.http.reconfigure({ host, port }); // restarts a running listener
      } catch (e) {
        if (!(e instanceof ListenError)) throw e;
        error = e;
      }
      if (!error && this.engine.http.state.status !== 'listening') error = await this.tryStart();
      if (!error) {
        this.output.info(`OTLP/HTTP receiver moved to ${this.describe()}`);
        void this.warnIfExposed(host);
        return;
      }
      this.output.warn(error.message);
      if (wasListening) {
        // Keep serving where apps already send; the settings say where the user wants to go next.
        const back = await this.tryStart({ host: before.host, port: before.port });
        if (!back) {
          void this.offerWayOut(error, `It keeps running on ${this.describe()}.`);
          return;
        }
      }
      void this.offerWayOut(error);
    });
  }

  /** Settles once every start, stop and move asked for so far is done (tests wait on it). */
  whenIdle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** One attempt at the configured address (or the one given); the error when it failed (the receiver state shows it too). */
  private async tryStart(address: { host: string; port: number } = this.current.receiver): Promise<ListenError | undefined> {
    const { host, port } = address;
    try {
      await this.engine.http.reconfigure({ host, port });
      await this.engine.http.start();
    } catch (e) {
      if (!(e instanceof ListenError)) throw e;
      this.output.warn(e.message);
      return e;
    }
    this.output.info(`OTLP/HTTP receiver listening on ${this.describe()}`);
    void this.warnIfExposed(host);
    return undefined;
  }

  /** "127.0.0.1:4318" while listening (the address bound, wildcards included), else "stopped", "starting", "not running". */
  describe(): string {
    const s = this.engine.http.state;
    if (s.status === 'listening') return `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
    return s.status === 'error' ? 'not running' : s.status;
  }

  private onState(state: ListenerState): void {
    const running = state.status === 'listening' || state.status === 'starting';
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, running);
    void vscode.commands.executeCommand('setContext', CONTEXT_STATE, state.status);
  }

  /** A failed start the user asked for: say why, and offer another port or the settings. */
  private async offerWayOut(error: ListenError, extra = ''): Promise<void> {
    const choices: { title: string; run: () => Thenable<unknown> }[] = [];
    const host = this.current.receiver.host;
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
      const near = await freePortAfter(host, error.port).catch(() => undefined);
      if (near !== undefined) choices.push({ title: `Use port ${near}`, run: () => this.writeSetting(SETTING.port, near) });
      choices.push({
        title: 'Pick a free port',
        run: async () => this.writeSetting(SETTING.port, await anyFreePort(host)),
      });
    } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
      choices.push({ title: `Use ${DEFAULT_HOST}`, run: () => this.writeSetting(SETTING.host, DEFAULT_HOST) });
    }
    choices.push({ title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.receiver`) });
    const picked = await vscode.window.showErrorMessage(`${error.message}${extra ? ` ${extra}` : ''}`, ...choices.map((c) => c.title));
    await choices.find((c) => c.title === picked)?.run();
  }

  /** Other machines can send to a receiver on a non-loopback address: say so once per address. */
  private async warnIfExposed(host: string): Promise<void> {
    if (isLoopbackHost(host)) return;
    const warned = this.globalState.get<string[]>(WARNED_HOSTS_KEY, []);
    if (warned.includes(host)) return;
    await this.globalState.update(WARNED_HOSTS_KEY, [...warned, host]);
    const use = `Use ${DEFAULT_HOST}`;
    const picked = await vscode.window.showWarningMessage(
      `The Telemetry Inspector receiver listens on ${host}, which other machines can reach: anything on your network can send it telemetry. ` +
        `Keep it only if an app in a container or VM must reach it.`,
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
