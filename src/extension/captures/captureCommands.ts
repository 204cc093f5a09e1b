/**
 * Export Capture, Open Capture (the palette, the views' menus, the Explorer's context menu) and Close Capture.
 * The engine does the work (reading and writing files where the data lives); this asks what to export and where,
 * and says what happened.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CaptureSummary, EngineApi, ExportRequest, ExportScope, ExportSummary } from '../../core/api/engineApi';
import { plural } from '../../core/format/format';
import { formatByteSize } from '../../core/store/limits';
import { CAPTURES_VIEW_ID } from '../../core/views/tree/capturesTree';
import { parseTraceId } from '../panels/panelManager';
import type { CapturesTreeProvider, CaptureNode } from './capturesTreeProvider';

const CAPTURE_COMMAND = {
  /** Args: a tree element (instance, trace, capture) or nothing (asks); then (tests only) an ExportHook. Returns the ExportSummary, or undefined. */
  exportCapture: 'telemetryInspector.exportCapture',
  /** Arg: a file URI, or nothing (the open dialog). Returns an OpenCaptureResult. */
  openCapture: 'telemetryInspector.openCapture',
  /** The Explorer's "Open in Telemetry Inspector": the file URI it is given. */
  openCaptureFile: 'telemetryInspector.openCaptureFile',
  /** Arg: a capture element, or nothing (asks when several are open). Returns whether it closed one. */
  closeCapture: 'telemetryInspector.closeCapture',
} as const;

/** Set while a capture is open: the Captures view shows then. */
const HAS_CAPTURES_CONTEXT = 'telemetryInspector.hasCaptures';

/** Test hook, honoured only under a test runner: the file (and scope) without the picks and the save dialog. */
export interface ExportHook {
  file: string;
  scope?: ExportScope;
}

function isExportHook(value: unknown): value is ExportHook {
  return !!value && typeof value === 'object' && typeof (value as ExportHook).file === 'string';
}

/** What Open Capture did, and the sentence it showed. */
export interface OpenCaptureResult {
  summary?: CaptureSummary;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface CaptureCommandContext {
  engine: EngineApi;
  provider: CapturesTreeProvider;
  testMode: boolean;
}

/** "3 requests: 12 spans, 40 points" */
function itemsText(requests: number, items: ExportSummary['items']): string {
  const parts = [plural(items.spans, 'span'), plural(items.points, 'point'), plural(items.logRecords, 'log record')].filter((p) => !p.startsWith('0 '));
  return `${plural(requests, 'request')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

export function registerCaptureCommands(c: CaptureCommandContext): vscode.Disposable[] {
  const register = (id: string, fn: Parameters<typeof vscode.commands.registerCommand>[1]) => vscode.commands.registerCommand(id, fn);
  void updateContext(c);
  return [
    register(CAPTURE_COMMAND.exportCapture, (arg?: unknown, hook?: unknown) => exportCapture(c, arg, c.testMode && isExportHook(hook) ? hook : undefined)),
    register(CAPTURE_COMMAND.openCapture, (arg?: unknown) => openCapture(c, arg instanceof vscode.Uri ? arg : undefined)),
    register(CAPTURE_COMMAND.openCaptureFile, (arg?: unknown) => openCapture(c, arg instanceof vscode.Uri ? arg : undefined)),
    register(CAPTURE_COMMAND.closeCapture, (arg?: CaptureNode) => closeCapture(c, arg)),
  ];
}

/** The export a tree element stands for: an instance, a trace, or (in the Captures view) a capture or part of it. */
function requestOf(arg: unknown): { request: ExportRequest; what: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const node = arg as { kind?: unknown; instanceKey?: unknown; traceId?: unknown; capture?: unknown };
  const capture = typeof node.capture === 'string' ? node.capture : undefined;
  if (node.kind === 'capture' && capture) return { request: { capture }, what: 'the whole capture' };
  if (node.kind === 'trace' && typeof node.traceId === 'string') return { request: { capture, scope: { traceId: node.traceId } }, what: `trace ${node.traceId}` };
  if (node.kind === 'instance' && typeof node.instanceKey === 'string') return { request: { capture, scope: { instance: node.instanceKey } }, what: 'one instance' };
  return undefined;
}

async function exportCapture(c: CaptureCommandContext, arg: unknown, hook: ExportHook | undefined): Promise<ExportSummary | undefined> {
  let chosen = hook ? { request: { scope: hook.scope }, what: 'test' } : requestOf(arg);
  if (hook && requestOf(arg)) chosen = { request: { ...requestOf(arg)!.request, ...(hook.scope ? { scope: hook.scope } : {}) }, what: 'test' };
  chosen ??= await pickScope(c.engine);
  if (!chosen) return undefined;
  const file = hook?.file ?? (await pickFile());
  if (!file) return undefined;
  let summary: ExportSummary;
  try {
    summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Exporting ${chosen.what} to ${path.basename(file)}…` },
      () => c.engine.exportCapture(file, { ...chosen!.request, gzip: file.endsWith('.gz') }),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`Export Capture failed: ${(error as Error).message}`);
    return undefined;
  }
  const bytes = await fs.stat(file).then((s) => s.size, () => 0);
  const requests = summary.requests.traces + summary.requests.metrics + summary.requests.logs;
  const REVEAL = 'Reveal in File Explorer';
  const text =
    requests === 0
      ? `Nothing held matches ${chosen.what}: ${path.basename(file)} is empty.`
      : `Exported ${itemsText(requests, summary.items)} to ${path.basename(file)}, ${formatByteSize(bytes)}${summary.gzip ? ' gzip' : ''}.`;
  const show = requests === 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(text, REVEAL).then((answer) => answer === REVEAL && vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file)));
  return summary;
}

type ScopeItem = vscode.QuickPickItem & { choice: 'all' | 'instance' | 'trace' | 'range' };

/** Everything, one instance, one trace, or a time range: asked in quick picks. */
async function pickScope(engine: EngineApi): Promise<{ request: ExportRequest; what: string } | undefined> {
  const items: ScopeItem[] = [
    { label: '$(database) Everything', description: 'all that is kept', choice: 'all' },
    { label: '$(server-process) One instance…', choice: 'instance' },
    { label: '$(list-tree) One trace…', choice: 'trace' },
    { label: '$(history) A time range…', description: 'the last minutes or hours', choice: 'range' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Export Capture: what to export', placeHolder: 'Export which telemetry as OTLP JSON Lines?' });
  if (!picked) return undefined;
  switch (picked.choice) {
    case 'all':
      return { request: {}, what: 'everything' };
    case 'instance': {
      const instances = await engine.instances();
      if (!instances.length) {
        void vscode.window.showInformationMessage('No instance has sent telemetry yet.');
        return undefined;
      }
      const one = await vscode.window.showQuickPick(
        instances.map((i) => ({ label: i.instanceLabel || '(no instance id)', description: i.service, key: i.key })),
        { title: 'Export Capture: one instance', placeHolder: 'Instance' },
      );
      return one && { request: { scope: { instance: one.key } }, what: `${one.description} ${one.label}` };
    }
    case 'trace': {
      const typed = await vscode.window.showInputBox({
        title: 'Export Capture: one trace',
        prompt: 'Trace id: 32 hex digits (a traceparent header works too)',
        placeHolder: (await engine.latestTraceId()) ?? '4bf92f3577b34da6a3ce929d0e0e4736',
        validateInput: (v) => (v.trim() === '' || parseTraceId(v) ? undefined : 'A trace id is 32 hex digits (16 bytes), not all zero.'),
      });
      const traceId = typed ? parseTraceId(typed) : undefined;
      return traceId ? { request: { scope: { traceId } }, what: `trace ${traceId}` } : undefined;
    }
    case 'range': {
      const ranges = [5, 15, 60, 6 * 60, 24 * 60].map((minutes) => ({ label: minutes < 60 ? `Last ${minutes} minutes` : `Last ${plural(minutes / 60, 'hour')}`, minutes }));
      const range = await vscode.window.showQuickPick(ranges, { title: 'Export Capture: a time range', placeHolder: 'Items from' });
      return range && { request: { scope: { sinceMs: Date.now() - range.minutes * 60_000 } }, what: range.label.toLowerCase() };
    }
  }
}

async function pickFile(): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, '-');
  const uri = await vscode.window.showSaveDialog({
    title: 'Export Capture',
    saveLabel: 'Export',
    defaultUri: folder ? vscode.Uri.joinPath(folder, `telemetry-${stamp}.jsonl`) : undefined,
    filters: { 'OTLP JSON Lines': ['jsonl'], 'OTLP JSON Lines, gzip': ['gz'] },
  });
  return uri?.fsPath;
}

async function openCapture(c: CaptureCommandContext, given: vscode.Uri | undefined): Promise<OpenCaptureResult | undefined> {
  const uri =
    given ??
    (
      await vscode.window.showOpenDialog({
        title: 'Open Capture',
        openLabel: 'Open Capture',
        canSelectMany: false,
        filters: { 'OTLP JSON, JSON Lines (plain or gzip)': ['jsonl', 'json', 'gz'], 'All files': ['*'] },
      })
    )?.[0];
  if (!uri) return undefined;
  const name = path.basename(uri.fsPath);
  let summary: CaptureSummary;
  try {
    summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Opening ${name}…` }, () => c.engine.openCapture(uri.fsPath));
  } catch (error) {
    const message = `Could not open ${name}: ${(error as Error).message}`;
    void vscode.window.showErrorMessage(message);
    return { level: 'error', message };
  }
  await updateContext(c);
  c.provider.reload();
  void vscode.commands.executeCommand(`${CAPTURES_VIEW_ID}.focus`).then(undefined, () => undefined);
  const requests = summary.requests.traces + summary.requests.metrics + summary.requests.logs;
  const opened = `Opened ${name}: ${itemsText(requests, summary.items)} from ${plural(summary.instances, 'instance')}, shown under Captures apart from live data.`;
  if (summary.problems.count) {
    const message = `${opened} ${plural(summary.problems.count, 'line')} could not be used and ${summary.problems.count === 1 ? 'was' : 'were'} skipped: ${summary.problems.text}`;
    void vscode.window.showWarningMessage(message);
    return { summary, level: 'warning', message };
  }
  void vscode.window.showInformationMessage(opened);
  return { summary, level: 'info', message: opened };
}

async function closeCapture(c: CaptureCommandContext, node: CaptureNode | undefined): Promise<boolean> {
  let id = node?.capture;
  if (id === undefined) {
    const open = await c.engine.captures();
    if (open.length === 0) return false;
    const picked =
      open.length === 1
        ? { id: open[0].id }
        : await vscode.window.showQuickPick(
            open.map((s) => ({ label: s.name, description: s.path, id: s.id })),
            { title: 'Close Capture', placeHolder: 'Capture to close' },
          );
    id = picked?.id;
  }
  if (id === undefined) return false;
  const closed = await c.engine.closeCapture(id);
  await updateContext(c);
  c.provider.reload();
  return closed;
}

/** After the engine was restarted its opened captures are gone: the view says so. */
export async function refreshCaptures(c: CaptureCommandContext): Promise<void> {
  await updateContext(c);
  c.provider.reload();
}

/** The Captures view shows while a capture is open. */
async function updateContext(c: CaptureCommandContext): Promise<void> {
  const open = await c.engine.captures().catch(() => []);
  await vscode.commands.executeCommand('setContext', HAS_CAPTURES_CONTEXT, open.length > 0);
}
