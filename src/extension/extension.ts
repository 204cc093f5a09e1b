/** Activation: builds the engine and the pieces of the VS Code surface on top of it, and wires them together. */
import * as vscode from 'vscode';
import { Engine } from '../core/engine';
import { ATTRIBUTES_SCHEME, AttributesDocuments } from './views/instances/attributesDocument';
import { registerCommands } from './commands/registerCommands';
import { ConfigurationWatcher, readConfiguration } from './settings/configurationWatcher';
import type { Node } from './views/instances/instanceNodes';
import { InstancesTreeProvider } from './views/instances/instancesTreeProvider';
import { ReceiverController } from './receiver/receiverController';
import { receiverHints } from './receiver/receiverHints';
import { createSourceViews, type SourceViews } from './views/sourceViews';
import { sourceOptions } from './sources/sourcesController';
import { INSTANCES_VIEW_ID, StatusBar } from './statusBar/statusBar';
import type { PanelManager } from './panels/panelManager';
import { registerPanels } from './panels/registerPanels';
import { registerForward, type ForwardController } from './forward/forwardController';
import { withForwardDescription } from './forward/forwardStatusText';

/** What activate() returns: the live objects, for the extension's own tests (and other extensions, read-only). */
export interface TelemetryInspectorApi {
  engine: Engine;
  receiver: ReceiverController;
  configuration: ConfigurationWatcher;
  instancesProvider: InstancesTreeProvider;
  instancesView: vscode.TreeView<Node>;
  statusBar: vscode.StatusBarItem;
  /** The trace and metric panels (open ones, and whether their webviews drew). */
  panels: PanelManager;
  /** The Pushgateway and Scrape Targets views and their sources' controller. */
  sources: Omit<SourceViews, 'disposables'>;
  /** Forwarding's settings, secrets and health (src/extension/forward). */
  forward: ForwardController;
}

let engine: Engine | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<TelemetryInspectorApi> {
  const output = vscode.window.createOutputChannel('Telemetry Inspector', { log: true });
  const { settings, problems, trustNotes } = readConfiguration();
  engine = new Engine({
    http: { host: settings.receiver.host, port: settings.receiver.port },
    grpc: { port: settings.grpc.port, enabled: settings.grpc.enabled },
    limits: settings.limits,
    ...sourceOptions(settings),
  });
  const receiver = new ReceiverController(engine, settings, output, context.globalState);
  const running = engine;
  const instancesProvider = new InstancesTreeProvider(engine.store, Date.now, () => receiverHints(running));
  const instancesView = vscode.window.createTreeView(INSTANCES_VIEW_ID, { treeDataProvider: instancesProvider, showCollapseAll: true });
  const statusBar = new StatusBar(engine, () => receiver.settings.grpc.enabled);
  const { disposables: sourceDisposables, ...sources } = createSourceViews(engine, settings, output);
  const configuration = new ConfigurationWatcher(
    settings,
    async (next) => void (await Promise.all([receiver.apply(next), sources.sources.apply(next)])),
    () => `the receiver stays ${receiver.state.status === 'listening' ? 'on ' : ''}${receiver.describe()}`,
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
      ...sources,
      testMode: context.extensionMode === vscode.ExtensionMode.Test,
    }),
  );
  const panels = registerPanels(context, engine);
  configuration.reportAtStart(problems, trustNotes);
  void sources.sources.start();
  if (settings.receiver.autoStart) await receiver.start(false);
  return { engine, receiver, configuration, instancesProvider, instancesView, statusBar: statusBar.item, panels, sources, forward };
}

export async function deactivate(): Promise<void> {
  await engine?.dispose();
  engine = undefined;
}

