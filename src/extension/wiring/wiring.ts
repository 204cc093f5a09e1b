/**
 * Zero-config wiring: new integrated terminals and debug sessions of this window point their OpenTelemetry SDKs
 * at the running receiver, so "open a terminal, start the app" is all it takes. The setting
 * telemetryInspector.wireTerminals decides: 'always', 'never', or 'ask' (the default: the first time the receiver
 * starts in a workspace, one notification offers it; the answer is kept in the workspace's state).
 */
import * as vscode from 'vscode';
import type { EngineApi } from '../../core/api/engineApi';
import type { TelemetryTarget } from '../../core/env/snippet';
import { isWiringMode, RESOURCE_ATTRIBUTES, wiringOn, wiringVariables, type WiringMode } from '../../core/env/wiring';
import { SECTION } from '../settings/settings';
import { writeSettingWhereDefined } from '../settings/writeSetting';
import { DebugWiring } from './debugWiring';
import { TERMINAL_ENV_SETTINGS, TerminalWiring, userSetForTerminals } from './terminalWiring';

const WIRING_SETTING = 'wireTerminals';
/** True while new terminals and debug sessions are wired: the Instances view's empty state says so. */
const CONTEXT_WIRED = 'telemetryInspector.terminalsWired';
const WIRE_COMMAND = 'telemetryInspector.wireTerminals';
/** workspaceState: the answer to the 'ask' notification in this workspace (true, false, or absent: not answered). */
const ANSWER_KEY = 'telemetryInspector.wireTerminals.answer';

export interface WiringDeps {
  engine: EngineApi;
  /** The Pushgateway in use, if any: wired processes get PUSHGATEWAY_URL. */
  pushgatewayUrl: () => string | undefined;
  output?: vscode.LogOutputChannel;
}

export class Wiring implements vscode.Disposable {
  readonly terminals: TerminalWiring;
  readonly debug: DebugWiring;
  private readonly disposables: vscode.Disposable[] = [];
  private asked = false;
  private shownContext: boolean | undefined;

  constructor(
    private readonly context: Pick<vscode.ExtensionContext, 'environmentVariableCollection' | 'workspaceState'>,
    private readonly deps: WiringDeps,
  ) {
    this.terminals = new TerminalWiring(context.environmentVariableCollection);
    this.debug = new DebugWiring((userSet, instanceId) => {
      if (!this.on || !this.listening()) return undefined;
      // A session number is used up only by a session that gets it.
      return wiringVariables({ target: this.target(), via: 'debug', userSet, instanceId: userSet(RESOURCE_ATTRIBUTES) ? undefined : instanceId() });
    });
    const offStatus = deps.engine.onStatus((status, changed) => {
      if (changed.includes('receivers')) {
        if (status.receivers.http.state.status === 'listening') void this.offer();
        this.refresh();
      } else if (changed.includes('pushgateway')) this.refresh();
    });
    this.disposables.push(
      { dispose: offStatus },
      ...this.debug.register(),
      vscode.commands.registerCommand(WIRE_COMMAND, () => this.turnOn()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.${WIRING_SETTING}`) || TERMINAL_ENV_SETTINGS.some((k) => e.affectsConfiguration(k))) this.refresh();
      }),
    );
    this.refresh();
    if (this.listening()) void this.offer();
  }

  get mode(): WiringMode {
    const v = vscode.workspace.getConfiguration(SECTION).get<unknown>(WIRING_SETTING);
    return isWiringMode(v) ? v : 'ask';
  }

  /** Whether new terminals and debug sessions are wired (while the receiver runs). */
  get on(): boolean {
    return wiringOn(this.mode, this.context.workspaceState.get<boolean>(ANSWER_KEY));
  }

  dispose(): void {
    // The collection stays: it is persistent, so terminals restored after a reload keep pointing here.
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /**
   * Brings the terminal collection and the context key in line with the setting and the receiver. While the
   * receiver is not listening the collection keeps the last address (a restart usually comes back to it, and
   * a window closing must not wipe the persisted collection); turning wiring off clears it.
   */
  refresh(): void {
    const on = this.on;
    if (on !== this.shownContext) void vscode.commands.executeCommand('setContext', CONTEXT_WIRED, (this.shownContext = on));
    if (!on) return this.terminals.set([], '');
    if (!this.listening()) return;
    const target = this.target();
    const vars = wiringVariables({ target, via: 'terminal', userSet: userSetForTerminals() });
    this.terminals.set(
      vars,
      `Telemetry Inspector: OpenTelemetry SDKs in new terminals send to its receiver at ${target.otlpHttpEndpoint} ` +
        `(a variable you set yourself is kept; turn off with ${SECTION}.${WIRING_SETTING})`,
    );
  }

  private listening(): boolean {
    return this.deps.engine.status.receivers.http.endpoint.listening;
  }

  private target(): TelemetryTarget {
    const t: TelemetryTarget = { otlpHttpEndpoint: this.deps.engine.status.receivers.http.endpoint.url, protocol: 'http/protobuf' };
    const pushgateway = this.deps.pushgatewayUrl();
    if (pushgateway) t.pushgatewayUrl = pushgateway;
    return t;
  }

  /** 'ask' and no answer yet in this workspace: one offer per window, the first time the receiver listens. */
  private async offer(): Promise<void> {
    if (this.asked || this.mode !== 'ask' || this.context.workspaceState.get<boolean>(ANSWER_KEY) !== undefined) return;
    this.asked = true;
    const yes = 'Wire Them';
    const no = 'Not in This Workspace';
    const picked = await vscode.window.showInformationMessage(
      `Point new terminals and debug sessions at Telemetry Inspector? Apps you start there send their OpenTelemetry ` +
        `traces, metrics and logs to ${this.deps.engine.status.receivers.http.endpoint.url} with nothing to copy; a variable you set yourself is kept.`,
      yes,
      no,
    );
    if (picked === undefined) return;
    await this.context.workspaceState.update(ANSWER_KEY, picked === yes);
    this.deps.output?.info(picked === yes ? 'New terminals and debug sessions point at the receiver' : 'Terminals and debug sessions are not wired in this workspace');
    this.refresh();
  }

  /** The command (the Instances view's empty state links it): on for this workspace; over a 'never', the setting becomes 'always' where it was set. */
  private async turnOn(): Promise<void> {
    if (this.mode === 'never') {
      await writeSettingWhereDefined(WIRING_SETTING, 'always');
    } else {
      await this.context.workspaceState.update(ANSWER_KEY, true);
    }
    this.refresh();
    if (!this.listening()) {
      void vscode.window.showInformationMessage('New terminals and debug sessions will point at Telemetry Inspector once its receiver is running.');
    }
  }
}
