/** Activation: builds the engine and the pieces of the VS Code surface on top of it, and wires them together. */
import * as vscode from 'vscode';
import { Engine } from '../core/engine';
import { ATTRIBUTES_SCHEME, AttributesDocuments } from './views/instances/attributesDocument';
import { registerCommands } from './commands/registerCommands';
import { ConfigurationWatcher, readConfiguration } from './settings/configurationWatcher';
import { prometheusOptions } from './settings/settings';
import type { Node } from './views/instances/instanceNodes';
import { InstancesTreeProvider } from './views/instances/instancesTreeProvider';
import { ReceiverController, receiverConfig } from './receiver/receiverController';
import { receiverHints } from './receiver/receiverHints';
import { createSourceViews, type SourceViews } from './views/sourceViews';
import { SourcesController, sourceOptions } from './sources/sourcesController';
import { INSTANCES_VIEW_ID, StatusBar } from './statusBar/statusBar';
import type { PanelManager } from './panels/panelManager';
import { registerPanels } from './panels/registerPanels';
import { Wiring } from './wiring/wiring';
import { registerForward, type ForwardController } from './forward/forwardController';
import { withForwardDescription } from './forward/forwardStatusText';

/**
 * What activate() returns: the live objects, for the extension's own tests (and other extensions, read-only).
 * The engine owns the receivers and sources; the controllers are their VS Code side.
 */
export interface TelemetryInspectorApi extends Omit<SourceViews, 'disposables'> {
  engine: Engine;
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
}

let engine: Engine | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<TelemetryInspectorApi> {
  const output = vscode.window.createOutputChannel('Telemetry Inspector', { log: true });
  const { settings, problems, trustNotes } = readConfiguration();
  engine = new Engine({
    ...receiverConfig(settings),
    limits: settings.limits,
    ...sourceOptions(settings),
    prometheus: prometheusOptions(settings.prometheus),
  });
  const receiver = new ReceiverController(engine, settings, output, context.globalState);
  const running = engine;
  const instancesProvider = new InstancesTreeProvider(engine.store, Date.now, () => receiverHints(running));
  const instancesView = vscode.window.createTreeView(INSTANCES_VIEW_ID, { treeDataProvider: instancesProvider, showCollapseAll: true });
  const statusBar = new StatusBar(engine, () => running.receiverConfig('grpc').enabled, () => receiver.notices());
  const sources = new SourcesController(engine, settings, output);
  const { disposables: sourceDisposables, ...sourceViews } = createSourceViews(engine);
  const configuration = new ConfigurationWatcher(
    settings,
    async (next) => void (await Promise.all([receiver.apply(next), sources.apply(next)])),
    () => `the receiver stays ${running.http.state.status === 'listening' ? 'on ' : ''}${receiver.describe()}`,
    () => receiver.cancelPendingMove(),
  );

  const forward = registerForward(engine, context, output);
  // The view's header names the address apps send to (and the forward state); ages in it are redrawn only while it is visible.
  const showAddress = () => (instancesView.description = withForwardDescription(receiver.describe(), running.forwarder.health()));
  const offState = engine.http.onState(showAddress);
  showAddress();
  instancesProvider.setVisible(instancesView.visible);

  context.subscriptions.push(
    output,
    receiver,
    instancesProvider,
    instancesView,
    statusBar,
    configuration,
    { dispose: offState },
    forward.onHealth(showAddress),
    instancesView.onDidChangeVisibility((e) => instancesProvider.setVisible(e.visible)),
    vscode.workspace.registerTextDocumentContentProvider(ATTRIBUTES_SCHEME, new AttributesDocuments(engine.store)),
    ...sourceDisposables,
    ...registerCommands({
      engine,
      receiver,
      provider: instancesProvider,
      view: instancesView,
      globalState: context.globalState,
      extensionId: context.extension.id,
      ...sourceViews,
      testMode: context.extensionMode === vscode.ExtensionMode.Test,
    }),
  );
  const panels = registerPanels(context, engine);
  const wiring = new Wiring(context, { engine, pushgatewayUrl: () => running.pushgateway.options.url, output });
  context.subscriptions.push(wiring);
  configuration.reportAtStart(problems, trustNotes);
  void sources.start();
  if (settings.receiver.autoStart) await receiver.start(false);
  return { engine, receiver, sources, configuration, instancesProvider, instancesView, ...sourceViews, statusBar: statusBar.item, panels, wiring, forward };
}

export async function deactivate(): Promise<void> {
  await engine?.dispose();
  engine = undefined;
}

