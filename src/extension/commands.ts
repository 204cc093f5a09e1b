/**
 * Every command of the extension, registered in one place. Commands on tree elements take the element VS Code
 * passes from a context menu, or fall back to the view's selection when run from the palette.
 */
import * as vscode from 'vscode';
import type { Engine } from '../core/engine';
import { isSnippetFormat, renderEnvSnippet, SNIPPET_FORMATS, SnippetError, type SnippetFormat } from '../core/env/snippet';
import { serviceDisplayName } from '../core/store/identity';
import type { Instance } from '../core/store/instance';
import { AttributesDocuments } from './attributesDocument';
import type { Node } from './instanceNodes';
import type { InstancesTreeProvider } from './instancesTreeProvider';
import type { ReceiverController } from './receiverController';
import { seriesName } from './seriesName';

export const COMMAND = {
  startReceiver: 'telemetryInspector.startReceiver',
  stopReceiver: 'telemetryInspector.stopReceiver',
  clearData: 'telemetryInspector.clearData',
  copyEnvSnippet: 'telemetryInspector.copyEnvSnippet',
  copyTraceId: 'telemetryInspector.copyTraceId',
  copySeriesName: 'telemetryInspector.copySeriesName',
  showInstanceAttributes: 'telemetryInspector.showInstanceAttributes',
  openSettings: 'telemetryInspector.openSettings',
} as const;

const LAST_FORMAT_KEY = 'telemetryInspector.lastSnippetFormat';

export interface CommandContext {
  engine: Engine;
  receiver: ReceiverController;
  provider: InstancesTreeProvider;
  view: vscode.TreeView<Node>;
  globalState: vscode.Memento;
  extensionId: string;
}

export function registerCommands(c: CommandContext): vscode.Disposable[] {
  const register = (id: string, fn: Parameters<typeof vscode.commands.registerCommand>[1]) => vscode.commands.registerCommand(id, fn);
  return [
    register(COMMAND.startReceiver, () => c.receiver.start(true)),
    register(COMMAND.stopReceiver, () => c.receiver.stop()),
    register(COMMAND.clearData, () => c.engine.store.clear()),
    register(COMMAND.copyEnvSnippet, (format?: unknown) => copyEnvSnippet(c, format)),
    register(COMMAND.copyTraceId, async (node?: Node) => {
      const target = pick(c, node, 'trace');
      if (target?.kind !== 'trace') return say('Select a trace in the Instances view first.');
      await copy(target.traceId, `Copied trace ID ${target.traceId}`);
    }),
    register(COMMAND.copySeriesName, async (node?: Node) => {
      const target = pick(c, node, 'series') ?? pick(c, node, 'stream');
      const stream = target && c.provider.streamOf(target);
      const series = target?.kind === 'series' ? stream?.series.get(target.seriesKey) : stream?.series.size === 1 ? stream.series.values().next().value : undefined;
      if (!stream || !series) return say('Select a metric series in the Instances view first.');
      const name = seriesName(stream.name, series.attributes);
      await copy(name, `Copied ${name}`);
    }),
    register(COMMAND.showInstanceAttributes, async (node?: Node) => {
      const target = pick(c, node, 'instance');
      const instance = (target && c.provider.instanceOf(target)) ?? (await pickInstance(c));
      if (!instance) return;
      const doc = await vscode.workspace.openTextDocument(AttributesDocuments.uriFor(instance));
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    register(COMMAND.openSettings, () => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${c.extensionId}`)),
  ];
}

/** The element a command acts on: the one it was given, else the selected one, when it is of the kind asked. */
function pick(c: CommandContext, node: Node | undefined, kind: Node['kind']): Node | undefined {
  const candidate = node ?? c.view.selection[0];
  return candidate?.kind === kind ? candidate : undefined;
}

async function pickInstance(c: CommandContext): Promise<Instance | undefined> {
  const instances = [...c.engine.store.instances.values()];
  if (instances.length === 0) {
    say('No instance has sent telemetry yet.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    instances.map((instance) => ({ label: instance.instanceLabel || '(no instance id)', description: serviceDisplayName(instance), instance })),
    { title: 'Show Instance Attributes', placeHolder: 'Instance' },
  );
  return picked?.instance;
}

async function copyEnvSnippet(c: CommandContext, requested: unknown): Promise<void> {
  let format: SnippetFormat | undefined = isSnippetFormat(requested) ? requested : undefined;
  if (!format) {
    const last = c.globalState.get<string>(LAST_FORMAT_KEY);
    const ordered = [...SNIPPET_FORMATS].sort((a, b) => Number(b.id === last) - Number(a.id === last));
    const picked = await vscode.window.showQuickPick(
      ordered.map((f) => ({ label: f.label, detail: f.detail, id: f.id })),
      { title: 'Copy Env Snippet', placeHolder: 'Where will you paste the OTLP environment?' },
    );
    if (!picked) return;
    format = picked.id;
    await c.globalState.update(LAST_FORMAT_KEY, format);
  }
  const endpoint = c.receiver.endpoint();
  let text: string;
  try {
    text = renderEnvSnippet({ format, variables: { otlpHttpEndpoint: endpoint.url, protocol: 'http/protobuf' } });
  } catch (e) {
    if (e instanceof SnippetError) return void vscode.window.showErrorMessage(e.message);
    throw e;
  }
  const label = SNIPPET_FORMATS.find((f) => f.id === format)?.label ?? format;
  await vscode.env.clipboard.writeText(text);
  if (endpoint.listening) {
    say(`Copied the OTLP environment (${label}) for ${endpoint.url}: paste it where your app starts.`);
  } else {
    const start = 'Start Receiver';
    // Not awaited: the command is done once the text is copied; the offer stays until dismissed.
    void vscode.window
      .showWarningMessage(`Copied the OTLP environment (${label}) for ${endpoint.url}, but the receiver is not running there.`, start)
      .then((picked) => picked === start && vscode.commands.executeCommand(COMMAND.startReceiver));
  }
}

async function copy(text: string, message: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(copy) ${message}`, 3000);
}

function say(message: string): void {
  void vscode.window.showInformationMessage(message);
}
