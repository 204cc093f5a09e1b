/**
 * The VS Code side of the OTLP receivers, which the engine starts, stops and moves: it turns the settings into the
 * engine's receiver configuration, and says what happened in the way that suits who asked: auto-start fails
 * quietly (the status bar shows it), a user's own action gets a notification with a way out (another port, the
 * settings); context keys for the menus, lines in the output channel.
 */
import * as vscode from 'vscode';
import { RECEIVER_KINDS, RECEIVER_LABEL, type Engine, type EngineConfig, type ReceiverChange, type ReceiverKind } from '../../core/engine';
import type { ListenError } from '../../core/otlp/listenError';
import { DEFAULT_HOST, isLoopbackHost } from '../../core/otlp/receiverOptions';
import type { ListenerState } from '../../core/otlp/receiverStatus';
import { anyFreePort, freePortAfter } from './freePort';
import { SECTION, SETTING, type Settings } from '../settings/settings';

/** Context keys the menus and welcome views of package.json read (the HTTP receiver's: it is always on). */
export const CONTEXT_RUNNING = 'telemetryInspector.receiverRunning';
export const CONTEXT_STATE = 'telemetryInspector.receiverState';

const WARNED_HOSTS_KEY = 'telemetryInspector.warnedNonLoopbackHosts';

/** The engine's receiver configuration for these settings (both receivers listen on receiver.host). */
export function receiverConfig(settings: Settings): Pick<EngineConfig, 'http' | 'grpc'> {
  const host = settings.receiver.host;
  return { http: { host, port: settings.receiver.port, enabled: true }, grpc: { host, port: settings.grpc.port, enabled: settings.grpc.enabled } };
}

export class ReceiverController implements vscode.Disposable {
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

  /** The settings last read (the receivers follow them). */
  get settings(): Readonly<Settings> {
    return this.current;
  }

  /** Starts the receivers; `manual` failures get a notification, automatic ones only the status bar. */
  async start(manual: boolean): Promise<void> {
    const { failed } = await this.engine.startReceivers();
    for (const kind of RECEIVER_KINDS) {
      const error = failed[kind];
      if (error) {
        this.output.warn(error.message);
        if (manual) void this.offerWayOut(kind, error);
      } else if (this.engine.receiver(kind).state.status === 'listening') {
        this.output.info(`${RECEIVER_LABEL[kind]} receiver listening on ${this.describe(kind)}`);
        void this.warnIfExposed(this.engine.receiverConfig(kind).host);
      }
    }
  }

  async stop(): Promise<void> {
    await this.engine.stopReceivers();
    this.output.info('OTLP receivers stopped');
  }

  /** Applies changed settings: new caps at once; a new address moves a receiver, or leaves it where it was. */
  async apply(next: Settings): Promise<void> {
    const previous = this.current;
    this.current = next;
    const limits = JSON.stringify(previous.limits) !== JSON.stringify(next.limits) ? next.limits : undefined;
    const changes = await this.engine.configure({ ...receiverConfig(next), limits });
    for (const change of changes) this.report(change);
  }

  /** Settles once every start, stop and move asked for so far is done (tests wait on it). */
  whenIdle(): Promise<void> {
    return this.engine.whenIdle();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** "127.0.0.1:4318" while listening (the address bound, wildcards included), else "stopped", "starting", "not running" (or "off"). */
  describe(kind: ReceiverKind = 'http'): string {
    const s = this.engine.receiver(kind).state;
    if (s.status === 'listening') return `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
    if (!this.engine.receiverConfig(kind).enabled && s.status === 'stopped') return 'off';
    return s.status === 'error' ? 'not running' : s.status;
  }

  /** Says what a configuration change did: the output channel always, a notification when it failed. */
  private report(change: ReceiverChange): void {
    const { kind } = change;
    const label = RECEIVER_LABEL[kind];
    switch (change.result) {
      case 'off':
        this.output.info(`${label} receiver turned off`);
        return;
      case 'remembered':
        return;
      case 'started':
      case 'moved':
        this.output.info(`${label} receiver ${change.result === 'moved' ? 'moved to' : 'listening on'} ${this.describe(kind)}`);
        void this.warnIfExposed(change.at.host);
        return;
      case 'kept':
        this.output.warn(change.error.message);
        void this.offerWayOut(kind, change.error, `It keeps running on ${this.describe(kind)}.`);
        return;
      case 'failed':
        this.output.warn(change.error.message);
        void this.offerWayOut(kind, change.error);
        return;
    }
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
