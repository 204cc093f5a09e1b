/**
 * Activation: starts the engine in a worker thread of its own (receivers, decoders and the store never run on the
 * extension host's thread, which every extension of the window shares), builds the VS Code surface on EngineApi,
 * and wires them together.
 */
import * as vscode from 'vscode';
import type { EngineApi } from '../core/api/engineApi';
import { InProcessEngine } from '../core/api/inProcessEngine';
import { RemoteEngine } from '../core/api/remoteEngine';
import type { EngineOptions } from '../core/engine';
import { ATTRIBUTES_SCHEME, AttributesDocuments } from './views/instances/attributesDocument';
import { registerCommands } from './commands/registerCommands';
import { ConfigurationWatcher, readConfiguration } from './settings/configurationWatcher';
import { prometheusOptions } from './settings/settings';
import type { Node } from './views/instances/instanceNodes';
import { InstancesTreeProvider } from './views/instances/instancesTreeProvider';
import { ReceiverController, receiverConfig } from './receiver/receiverController';
import { createSourceViews, type SourceViews } from './views/sourceViews';
import { SourcesController, sourceOptions } from './sources/sourcesController';
import { INSTANCES_VIEW_ID, StatusBar } from './statusBar/statusBar';
import type { PanelManager } from './panels/panelManager';
import { registerPanels } from './panels/registerPanels';
import { Wiring } from './wiring/wiring';
import { registerForward, type ForwardController } from './forward/forwardController';
import { withForwardDescription } from './forward/forwardStatusText';
import { registerAgent, type AgentSurface } from './agent/registerAgent';

/**
 * What activate() returns, flat: the live objects, for the extension's own tests (and other extensions, read-only).
 * `engine` is the EngineApi (core/api/engineApi.ts) the whole surface uses: `engine.status` is the mirrored state
 * (receivers, counts, sources), its queries answer plain data, `engine.restarts` counts restarts of its worker.
 * The engine owns the receivers and sources; the controllers are their VS Code side.
 */
export interface TelemetryInspectorApi extends Omit<SourceViews, 'disposables'> {
  engine: EngineApi;
  /** The receivers' notifications, context keys and settings. */
  receiver: ReceiverController;
  /** The Pushgateway's and the scraper's context keys and output lines. */
  sources: SourcesController;
  /** The settings as last read, and their problems. */
  configuration: ConfigurationWatcher;
  instancesProvider: InstancesTreeProvider;
  instancesView: vscode.TreeView<Node>;
  statusBar: vscode.StatusBarItem;
  /** The trace and metric panels (open ones, and whether their webviews drew). */
  panels: PanelManager;
  /** Terminals and debug sessions pointed at the receiver (telemetryInspector.wireTerminals). */
  wiring: Wiring;
  /** Forwarding's settings, secrets and health (src/extension/forward). */
  forward: ForwardController;
  /** The language-model tools and the MCP server offered to agent mode (src/extension/agent). */
  agent: AgentSurface;
}

let engine: EngineApi | undefined;

/** The engine in its worker thread; in process only when the worker cannot start (said in the output). */
async function startEngine(context: vscode.ExtensionContext, options: EngineOptions, output: vscode.LogOutputChannel): Promise<EngineApi> {
  try {
    return await RemoteEngine.start(options, {
      where: 'worker',
      entry: context.asAbsolutePath('dist/engineWorker.js'),
      // Tests kill the worker to see it restarted; a user's window never honours that.
      allowCrash: context.extensionMode === vscode.ExtensionMode.Test,
      // On a machine whose cores are all busy (a load test), the editor is scheduled first (bench figure 9); Linux only.
      niceness: 10,
    });
  } catch (error) {
    output.error(`The engine's worker thread could not start (${(error as Error).message}); running it on the extension host's thread.`);
    return new InProcessEngine(options);
  }
}

/**
 * reload branch, interim: keep accepted requests in the workspace storage when
 * telemetryInspector.persistence.enabled is true (off unless set; the captureui branch declares the setting and
 * replaces this).
 */
function interimPersistence(context: vscode.ExtensionContext): EngineOptions['persistence'] {
  const on = vscode.workspace.getConfiguration('telemetryInspector').get<boolean>('persistence.enabled', false);
  return on && context.storageUri ? { dir: vscode.Uri.joinPath(context.storageUri, 'persistence').fsPath } : undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<TelemetryInspectorApi> {
  const output = vscode.window.createOutputChannel('Telemetry Inspector', { log: true });
  const { settings, problems, trustNotes } = readConfiguration();
  const running = await startEngine(
    context,
    {
      ...receiverConfig(settings),
      limits: settings.limits,
      ...sourceOptions(settings),
      prometheus: prometheusOptions(settings.prometheus),
      queryApi: settings.queryApi,
      persistence: interimPersistence(context),
    },
    output,
  );
  engine = running;
  const receiver = new ReceiverController(running, settings, output, context.globalState);
  const instancesProvider = new InstancesTreeProvider(running);
  const instancesView = vscode.window.createTreeView(INSTANCES_VIEW_ID, { treeDataProvider: instancesProvider, showCollapseAll: true });
  const statusBar = new StatusBar(running, () => running.status.receivers.grpc.config.enabled, () => receiver.notices());
  const sources = new SourcesController(running, settings, output);
  const agent = registerAgent(context, running, settings);
  const { disposables: sourceDisposables, ...sourceViews } = createSourceViews(running);
  const configuration = new ConfigurationWatcher(
    settings,
    async (next) => void (await Promise.all([receiver.apply(next), sources.apply(next), agent.apply(next)])),
    () => `the receiver stays ${running.status.receivers.http.state.status === 'listening' ? 'on ' : ''}${receiver.describe()}`,
    () => receiver.cancelPendingMove(),
  );

  const forward = registerForward(running, context, output);
  // The view's header names the address apps send to (and the forward state); ages in it are redrawn only while it is visible.
  const showAddress = () => (instancesView.description = withForwardDescription(receiver.describe(), running.status.forward));
  const offState = running.onStatus((_, changed) => changed.includes('receivers') && showAddress());
  showAddress();
  instancesProvider.setVisible(instancesView.visible);
  // A dead engine is restarted with the current settings: say so, and draw every view again from the new one.
  const offLifecycle = running.onLifecycle((e) => {
    if (e.type === 'down') output.error(`The engine stopped (${e.reason}); restarting it.`);
    else if (e.type === 'failed') output.error(`The engine could not be restarted (${e.reason}); trying again.`);
    else {
      output.warn(`The engine was restarted (${e.restarts} ${e.restarts === 1 ? 'restart' : 'restarts'} so far); what it held is gone.`);
      for (const provider of [instancesProvider, sourceViews.pushgatewayProvider, sourceViews.scrapeProvider]) provider.redrawAll();
      showAddress();
    }
  });

  context.subscriptions.push(
    output,
    receiver,
    instancesProvider,
    instancesView,
    statusBar,
    configuration,
    { dispose: offState },
    { dispose: offLifecycle },
    forward.onHealth(showAddress),
    instancesView.onDidChangeVisibility((e) => instancesProvider.setVisible(e.visible)),
    vscode.workspace.registerTextDocumentContentProvider(ATTRIBUTES_SCHEME, new AttributesDocuments(running)),
    ...sourceDisposables,
    ...registerCommands({
      engine: running,
      receiver,
      provider: instancesProvider,
      view: instancesView,
      globalState: context.globalState,
      extensionId: context.extension.id,
      ...sourceViews,
      testMode: context.extensionMode === vscode.ExtensionMode.Test,
    }),
  );
  // Panels restored after a window reload wait for the receivers' start, which restores what was kept on disk.
  let started!: () => void;
  const engineStarted = new Promise<void>((resolve) => (started = resolve));
  const panels = registerPanels(context, running, engineStarted);
  const wiring = new Wiring(context, { engine: running, pushgatewayUrl: () => running.status.pushgateway.url, output });
  context.subscriptions.push(wiring, agent);
  configuration.reportAtStart(problems, trustNotes);
  void sources.start();
  try {
    if (settings.receiver.autoStart) await receiver.start(false);
  } finally {
    started();
  }
  return { engine: running, receiver, sources, configuration, instancesProvider, instancesView, ...sourceViews, statusBar: statusBar.item, panels, wiring, forward, agent };
}

export async function deactivate(): Promise<void> {
  await engine?.dispose();
  engine = undefined;
}

