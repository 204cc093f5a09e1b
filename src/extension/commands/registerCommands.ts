/**
 * Every command of the extension, registered in one place. Commands on tree elements take the element VS Code
 * passes from a context menu, or fall back to the view's selection when run from the palette.
 */
import * as vscode from 'vscode';
import type { EngineApi, InstanceSummary } from '../../core/api/engineApi';
import { AttributesDocuments } from '../views/instances/attributesDocument';
import { cleanStaleGroups, deleteOneGroup, isDeleteHook } from './cleanStale';
import { clearData, isClearHook } from './clearData';
import { envSnippetCommand } from './envSnippetCommand';
import type { Node } from '../views/instances/instanceNodes';
import type { InstancesTreeProvider } from '../views/instances/instancesTreeProvider';
import type { PushgatewayNode, PushgatewayTreeProvider } from '../views/pushgateway/pushgatewayTreeProvider';
import type { ReceiverController } from '../receiver/receiverController';
import type { ScrapeNode, ScrapeTreeProvider } from '../views/scrape/scrapeTreeProvider';
import { SECTION } from '../settings/settings';

const COMMAND = {
  startReceiver: 'telemetryInspector.startReceiver',
  stopReceiver: 'telemetryInspector.stopReceiver',
  /** Asks first (a modal). Arg (tests only): { confirm: true } clears without asking, { ask } answers the question. Returns whether it cleared. */
  clearData: 'telemetryInspector.clearData',
  copyEnvSnippet: 'telemetryInspector.copyEnvSnippet',
  insertEnvSnippet: 'telemetryInspector.insertEnvSnippet',
  copyTraceId: 'telemetryInspector.copyTraceId',
  copySeriesName: 'telemetryInspector.copySeriesName',
  showInstanceAttributes: 'telemetryInspector.showInstanceAttributes',
  openSettings: 'telemetryInspector.openSettings',
  refreshPushgateway: 'telemetryInspector.refreshPushgateway',
  /** Arg (tests only): { confirm: true } deletes the stale groups without the list and the question. Returns a DeleteReport. */
  cleanStalePushgatewayGroups: 'telemetryInspector.cleanStalePushgatewayGroups',
  /** Args: a group element (context menu), then (tests only) { confirm: true }. Returns a DeleteReport. */
  deletePushgatewayGroup: 'telemetryInspector.deletePushgatewayGroup',
  openPushgatewaySettings: 'telemetryInspector.openPushgatewaySettings',
  /** Arg: a target element, or nothing (every target). */
  scrapeNow: 'telemetryInspector.scrapeNow',
  openScrapeSettings: 'telemetryInspector.openScrapeSettings',
} as const;

export interface CommandContext {
  engine: EngineApi;
  receiver: ReceiverController;
  provider: InstancesTreeProvider;
  view: vscode.TreeView<Node>;
  globalState: vscode.Memento;
  extensionId: string;
  pushgatewayProvider: PushgatewayTreeProvider;
  pushgatewayView: vscode.TreeView<PushgatewayNode>;
  scrapeProvider: ScrapeTreeProvider;
  scrapeView: vscode.TreeView<ScrapeNode>;
  /** Test hooks that skip confirmations are honored only under a test runner (ExtensionMode.Test). */
  testMode: boolean;
}

export function registerCommands(c: CommandContext): vscode.Disposable[] {
  const register = (id: string, fn: Parameters<typeof vscode.commands.registerCommand>[1]) => vscode.commands.registerCommand(id, fn);
  return [
    register(COMMAND.startReceiver, () => c.receiver.start(true)),
    register(COMMAND.stopReceiver, () => c.receiver.stop()),
    register(COMMAND.clearData, (hook?: unknown) => clearData(c.engine, c.testMode && isClearHook(hook) ? hook : undefined)),
    register(COMMAND.copyEnvSnippet, (arg?: unknown) => envSnippetCommand(snippetContext(c), arg, 'clipboard')),
    register(COMMAND.insertEnvSnippet, (arg?: unknown) => envSnippetCommand(snippetContext(c), arg, 'editor')),
    register(COMMAND.copyTraceId, async (node?: Node) => {
      const target = pick(c, node, 'trace');
      if (target?.kind !== 'trace') return say('Select a trace in the Instances view first.');
      await copy(target.traceId, `Copied trace ID ${target.traceId}`);
    }),
    register(COMMAND.copySeriesName, async (node?: Node) => {
      const target = pick(c, node, 'series') ?? pick(c, node, 'stream');
      const series =
        target?.kind === 'series' || target?.kind === 'stream'
          ? await c.engine.resolveSeries({ instanceKey: target.instanceKey, streamKey: target.streamKey, seriesKey: target.kind === 'series' ? target.seriesKey : undefined })
          : undefined;
      if (!series) return say('Select a metric series in the Instances view first.');
      await copy(series.name, `Copied ${series.name}`);
    }),
    register(COMMAND.showInstanceAttributes, async (node?: Node) => {
      const target = pick(c, node, 'instance');
      const known = target?.kind === 'instance' ? await c.engine.instance(target.instanceKey) : undefined;
      const instance = known ?? (await pickInstance(c));
      if (!instance) return;
      const doc = await vscode.workspace.openTextDocument(AttributesDocuments.uriFor(instance));
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    register(COMMAND.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${c.extensionId}`)),
    register(COMMAND.refreshPushgateway, async () => {
      if (!c.engine.status.pushgateway.url) return say('No Pushgateway is set: set telemetryInspector.pushgateway.url first.');
      await c.engine.pollPushgateway();
      await c.engine.flushChanges();
      await c.pushgatewayProvider.flush();
    }),
    register(COMMAND.cleanStalePushgatewayGroups, (hook?: unknown) => cleanStaleGroups(c.engine, c.testMode && isDeleteHook(hook) ? hook : undefined)),
    register(COMMAND.deletePushgatewayGroup, (node?: PushgatewayNode, hook?: unknown) => {
      const target = node ?? c.pushgatewayView.selection[0];
      const group = target && c.pushgatewayProvider.groupOf(target);
      return deleteOneGroup(c.engine, target?.kind === 'group' ? group : undefined, c.testMode && isDeleteHook(hook) ? hook : undefined);
    }),
    register(COMMAND.openPushgatewaySettings, () => vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.pushgateway`)),
    register(COMMAND.scrapeNow, async (node?: ScrapeNode) => {
      const target = node ?? c.scrapeView.selection[0];
      const id = target?.kind === 'target' || target?.kind === 'series' ? target.targetId : undefined;
      if (!c.engine.status.scrape.targets.length) return say('No /metrics target is set: add URLs to telemetryInspector.scrape.urls or files to telemetryInspector.scrape.fileSdPaths.');
      await c.engine.scrapeNow(id);
      await c.engine.flushChanges();
      await c.scrapeProvider.flush();
    }),
    register(COMMAND.openScrapeSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.scrape`)),
  ];
}

function snippetContext(c: CommandContext) {
  return { engine: c.engine, pushgatewayUrl: () => c.engine.status.pushgateway.url, globalState: c.globalState };
}

/** The element a command acts on: the one it was given, else the selected one, when it is of the kind asked. */
function pick(c: CommandContext, node: Node | undefined, kind: Node['kind']): Node | undefined {
  const candidate = node ?? c.view.selection[0];
  return candidate?.kind === kind ? candidate : undefined;
}

async function pickInstance(c: CommandContext): Promise<InstanceSummary | undefined> {
  const instances = await c.engine.instances();
  if (instances.length === 0) {
    say('No instance has sent telemetry yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    instances.map((instance) => ({ label: instance.instanceLabel || '(no instance id)', description: instance.service, instance })),
    { title: 'Show Instance Attributes', placeHolder: 'Instance' },
  );
  return picked?.instance;
}

async function copy(text: string, message: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(copy) ${message}`, 3000);
}

function say(message: string): void {
  void vscode.window.showInformationMessage(message);
}
