/**
 * The VS Code glue of forwarding: reads `telemetryInspector.forward.*` (user settings only in Restricted Mode:
 * a repository's settings must not send your telemetry elsewhere), joins the header names to their values in
 * SecretStorage, applies the result to the engine, and re-applies on a settings or secret change. Registers
 * "Telemetry: Set Forward Header Secret…", which stores one header value (a token) for one upstream.
 */
import * as vscode from 'vscode';
import type { EngineApi } from '../../core/api/engineApi';
import type { UpstreamHealth } from '../../core/forward/health';
import { effectiveSetting } from '../settings/trust';
import { isForwardSecretKey, readHeaderValues, secretKey } from './forwardSecrets';
import { FORWARD_SECTION, FORWARD_SETTING, readForwardSettings, toUpstreamConfig, type ForwardEndpointSetting } from './forwardSettings';

export const SET_FORWARD_HEADER_SECRET = 'telemetryInspector.setForwardHeaderSecret';

/**
 * Test hook, honoured only under a test runner (ExtensionMode.Test): the answers the command's pickers and input
 * boxes would get (the upstream's URL, the header name, its value; '' removes it), so a test skips the prompts.
 */
export interface ForwardSecretHook {
  url: string;
  header: string;
  value: string;
}

function isForwardSecretHook(value: unknown): value is ForwardSecretHook {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const h = value as ForwardSecretHook;
  return typeof h.url === 'string' && typeof h.header === 'string' && typeof h.value === 'string';
}

export class ForwardController implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly offChange: () => void;
  private readonly healthListeners = new Set<(health: UpstreamHealth[]) => void>();
  /** The endpoints as last read, for the command's pickers. */
  endpoints: ForwardEndpointSetting[] = [];
  /** Sentences about entries left out or headers without a value, as last applied. */
  problems: string[] = [];
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly api: EngineApi,
    private readonly secrets: vscode.SecretStorage,
    private readonly output: vscode.LogOutputChannel,
    private readonly testMode = false,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(FORWARD_SECTION) && void this.apply()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.apply()),
      secrets.onDidChange((e) => isForwardSecretKey(e.key) && void this.apply()),
      vscode.commands.registerCommand(SET_FORWARD_HEADER_SECRET, (hook?: unknown) => this.setHeaderSecret(this.testMode && isForwardSecretHook(hook) ? hook : undefined)),
    );
    this.offChange = api.onStatus((status, changed) => {
      if (changed.includes('forward')) for (const l of this.healthListeners) l(status.forward);
    });
  }

  /** Called with the upstreams' health whenever it changes: the views and the status bar redraw from it. */
  onHealth(listener: (health: UpstreamHealth[]) => void): vscode.Disposable {
    this.healthListeners.add(listener);
    return { dispose: () => this.healthListeners.delete(listener) };
  }

  /** Reads settings and secrets and gives the engine its upstreams; serialized so quick edits apply in order. */
  apply(): Promise<void> {
    this.applying = this.applying.then(() => this.applyNow()).catch((err: unknown) => this.output.error(`forward: ${(err as Error)?.message ?? String(err)}`));
    return this.applying;
  }

  private async applyNow(): Promise<void> {
    const config = vscode.workspace.getConfiguration(FORWARD_SECTION);
    const trusted = vscode.workspace.isTrusted;
    const notes: string[] = [];
    const read = readForwardSettings((key) => {
      if (trusted) return config.get(key);
      // The same Workspace Trust rule as the other settings that reach the network (settings/trust.ts).
      const { value, ignored } = effectiveSetting(`forward.${key}`, config.inspect(key) ?? {}, trusted);
      if (ignored) notes.push(ignored);
      return value;
    });
    const upstreams = [];
    const problems = [...notes, ...read.problems];
    for (const endpoint of read.endpoints) {
      const { values, missing } = await readHeaderValues(this.secrets, endpoint);
      for (const h of missing) problems.push(`Forward to ${endpoint.url}: header "${h}" has no value yet; it is sent without it. Run "Telemetry: Set Forward Header Secret…" to store one.`);
      upstreams.push(toUpstreamConfig(endpoint, values, read.queueBytes));
    }
    this.endpoints = read.endpoints;
    const shown = problems.join('\n');
    if (shown && shown !== this.problems.join('\n')) for (const p of problems) this.output.warn(p);
    this.problems = problems;
    await this.api.configureForward(upstreams);
    if (upstreams.length) this.output.info(`forwarding to ${upstreams.map((u) => `${u.url} (${u.protocol})`).join(', ')}`);
  }

  private async setHeaderSecret(hook?: ForwardSecretHook): Promise<void> {
    if (!this.endpoints.length) {
      const open = 'Open Settings';
      const pick = await vscode.window.showInformationMessage('No forward endpoint is set: add one to telemetryInspector.forward.endpoints first.', open);
      if (pick === open) await vscode.commands.executeCommand('workbench.action.openSettings', `${FORWARD_SECTION}.${FORWARD_SETTING.endpoints}`);
      return;
    }
    const endpoint = hook
      ? this.endpoints.find((e) => e.url === hook.url)
      : this.endpoints.length === 1
        ? this.endpoints[0]
        : (await vscode.window.showQuickPick(this.endpoints.map((e) => ({ label: e.url, description: e.protocol, endpoint: e })), { title: 'Forward header secret: which upstream?' }))?.endpoint;
    if (!endpoint) return;
    const other = '$(add) Another header…';
    const picked = hook ? (endpoint.headers.includes(hook.header) ? hook.header : other) : await vscode.window.showQuickPick([...endpoint.headers, other], { title: `Header to store a value for (${endpoint.url})` });
    if (!picked) return;
    let header = picked;
    if (picked === other) {
      const typed = hook ? hook.header : await vscode.window.showInputBox({
        title: 'Header name',
        placeHolder: 'authorization',
        validateInput: (v) => (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(v.trim()) ? undefined : 'A header name: letters, digits and - only'),
      });
      if (!typed) return;
      header = typed.trim().toLowerCase();
    }
    const value = hook ? hook.value : await vscode.window.showInputBox({ title: `Value of "${header}" for ${endpoint.url}`, prompt: 'Kept in VS Code\'s secret storage, never in settings.json. Empty removes it.', password: true, ignoreFocusOut: true });
    if (value === undefined) return;
    const key = secretKey(endpoint.url, header);
    if (value === '') await this.secrets.delete(key);
    else await this.secrets.store(key, value);
    if (!endpoint.headers.includes(header)) await this.addHeaderName(endpoint.url, header);
    await this.apply();
    void vscode.window.showInformationMessage(value === '' ? `Removed the value of "${header}" for ${endpoint.url}.` : `Stored the value of "${header}" for ${endpoint.url}; forwarding uses it now.`);
  }

  /** Adds a header NAME to the endpoint's entry in the user settings, where the endpoint is written. */
  private async addHeaderName(url: string, header: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(FORWARD_SECTION);
    const inspected = config.inspect<unknown[]>(FORWARD_SETTING.endpoints);
    const [list, target] = inspected?.workspaceValue !== undefined && vscode.workspace.isTrusted ? [inspected.workspaceValue, vscode.ConfigurationTarget.Workspace] : [inspected?.globalValue ?? [], vscode.ConfigurationTarget.Global];
    const next = (list as { url?: string; headers?: string[] }[]).map((e) => (e?.url?.trim() === url ? { ...e, headers: [...(e.headers ?? []), header] } : e));
    await config.update(FORWARD_SETTING.endpoints, next, target);
  }

  dispose(): void {
    this.offChange();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Builds the controller, applies the settings once, and returns what the extension disposes. */
export function registerForward(api: EngineApi, context: vscode.ExtensionContext, output: vscode.LogOutputChannel): ForwardController {
  const controller = new ForwardController(api, context.secrets, output, context.extensionMode === vscode.ExtensionMode.Test);
  context.subscriptions.push(controller);
  void controller.apply();
  return controller;
}
