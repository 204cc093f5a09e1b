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
import { CapturesTreeProvider, type CaptureNode } from './captures/capturesTreeProvider';
import { refreshCaptures, registerCaptureCommands } from './captures/captureCommands';
import { CAPTURES_VIEW_ID } from '../core/views/tree/capturesTree';
import type { Settings } from './settings/settings';
import * as path from 'node:path';

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
  /** The Captures view: capture files opened apart from live data (src/extension/captures). */
  capturesProvider: CapturesTreeProvider;
  capturesView: vscode.TreeView<CaptureNode>;
  /** Where what the receivers accept is kept on disk (undefined when persistence is off). */
  persistenceDir: string | undefined;
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
 * Where what the receivers accept is kept: this workspace's storage (each workspace its own), or the extension's
 * global storage when no folder is open. Undefined when the setting turns it off.
 */
function persistenceDir(context: vscode.ExtensionContext, settings: Settings): string | undefined {
  if (!settings.persistence.enabled) return undefined;
  return path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'captures');
}

export async function activate(context: vscode.ExtensionContext): Promise<TelemetryInspectorApi> {
  const output = vscode.window.createOutputChannel('Telemetry Inspector', { log: true });
  const { settings, problems, trustNotes } = readConfiguration();
  const keptIn = persistenceDir(context, settings);
  const running = await startEngine(
    context,
    {
      ...receiverConfig(settings),
      limits: settings.limits,
      ...sourceOptions(settings),
      prometheus: prometheusOptions(settings.prometheus),
      queryApi: settings.queryApi,
      persistence: keptIn ? { dir: keptIn, budgetBytes: settings.persistence.maxSizeBytes } : undefined,
    },
    output,
  );
  engine = running;
  const receiver = new ReceiverController(running, settings, output, context.globalState);
  const instancesProvider = new InstancesTreeProvider(running);
  const instancesView = vscode.window.createTreeView(INSTANCES_VIEW_ID, { treeDataProvider: instancesProvider, showCollapseAll: true });
  const capturesProvider = new CapturesTreeProvider(running);
  const capturesView = vscode.window.createTreeView(CAPTURES_VIEW_ID, { treeDataProvider: capturesProvider, showCollapseAll: true });
  const captureContext = { engine: running, provider: capturesProvider, testMode: context.extensionMode === vscode.ExtensionMode.Test };
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
      output.warn(
        `The engine was restarted (${e.restarts} ${e.restarts === 1 ? 'restart' : 'restarts'} so far); ${keptIn ? 'what was kept on disk is back, opened captures are closed' : 'what it held is gone'}.`,
      );
      for (const provider of [instancesProvider, sourceViews.pushgatewayProvider, sourceViews.scrapeProvider]) provider.redrawAll();
      void refreshCaptures(captureContext);
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
    capturesProvider,
    capturesView,
    ...registerCaptureCommands(captureContext),
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
  // What was kept on disk comes back (with its original times) before the receivers take anything new.
  await restore(running, output);
  void sources.start();
  try {
    if (settings.receiver.autoStart) await receiver.start(false);
  } finally {
    started();
  }
  return {
    engine: running,
    receiver,
    sources,
    configuration,
    instancesProvider,
    instancesView,
    ...sourceViews,
    statusBar: statusBar.item,
    panels,
    wiring,
    forward,
    capturesProvider,
    capturesView,
    persistenceDir: keptIn,
    agent,
  };
}

/** Replays what persistence kept; a damaged tail is a warning in the output, a failure never stops activation. */
async function restore(engine: EngineApi, output: vscode.LogOutputChannel): Promise<void> {
  try {
    const report = await engine.restorePersisted();
    if (!report) return;
    if (report.records) output.info(`Restored ${report.records} requests kept on disk (${report.items.spans} spans, ${report.items.points} points, ${report.items.logRecords} log records) in ${Math.round(report.elapsedMs)} ms.`);
    for (const w of report.warnings) output.warn(`Skipped a damaged tail of ${w.file} at byte ${w.offset} (${w.skippedBytes} bytes): ${w.reason}`);
  } catch (error) {
    output.error(`What was kept on disk could not be restored: ${(error as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  await engine?.dispose();
  engine = undefined;
}

