/**
 * Jump to source: opens the file a span's `code.*` attributes name, at its line. A relative path is looked up in
 * each workspace folder (then, if still not found, by its ending anywhere in the workspace); a file outside the
 * workspace opens only after the user confirms; a missing file is said plainly.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeSource, type SpanSource } from '../../core/views/spanSource';

export type OpenSourceResult =
  | { status: 'opened'; uri: string; line: number }
  | { status: 'noSpan' }
  | { status: 'noSource' }
  | { status: 'notFound'; path: string }
  | { status: 'declined'; path: string };

export interface OpenSourceOptions {
  /** Asked before opening a file outside the workspace; default: a modal dialog. */
  confirmOutside?: (filePath: string) => Thenable<boolean>;
  /** Open beside the active editor (from a panel, so the waterfall stays in view). */
  beside?: boolean;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    return (stat.type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

function isAbsolute(p: string): boolean {
  return path.posix.isAbsolute(p) || path.win32.isAbsolute(p);
}

/** Glob special characters taken literally. */
function globEscape(p: string): string {
  return p.replace(/[[\]{}()*?!]/g, (c) => `[${c}]`);
}

/** Where the file is, and whether it is inside a workspace folder; undefined when it cannot be found. */
async function resolveSource(filePath: string): Promise<{ uri: vscode.Uri; inside: boolean } | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  let p = filePath;
  if (/^file:\/\//i.test(p)) p = vscode.Uri.parse(p).fsPath;
  if (isAbsolute(p)) {
    const uri = vscode.Uri.file(p);
    if (!(await exists(uri))) return undefined;
    return { uri, inside: vscode.workspace.getWorkspaceFolder(uri) !== undefined };
  }
  const rel = p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  for (const folder of folders) {
    const uri = vscode.Uri.joinPath(folder.uri, rel);
    if (await exists(uri)) return { uri, inside: true };
  }
  // Paths relative to another root (a package in a monorepo, a container's working directory): one match by ending.
  if (folders.length > 0 && !rel.startsWith('../')) {
    const found = await vscode.workspace.findFiles(`**/${globEscape(rel)}`, '**/node_modules/**', 2);
    if (found.length === 1) return { uri: found[0], inside: true };
  }
  return undefined;
}

function confirmOutside(filePath: string): Thenable<boolean> {
  return vscode.window
    .showWarningMessage('Open file outside the workspace?', { modal: true, detail: `The span names ${filePath}, which is not in any workspace folder.` }, 'Open')
    .then((picked) => picked === 'Open');
}

export async function openSource(source: SpanSource | undefined, options: OpenSourceOptions = {}): Promise<OpenSourceResult> {
  if (!source) {
    void vscode.window.showInformationMessage('This span names no source location (no code.filepath or code.file.path attribute).');
    return { status: 'noSource' };
  }
  const found = await resolveSource(source.path);
  if (!found) {
    const where = isAbsolute(source.path) ? '' : ' in the workspace folders';
    void vscode.window.showErrorMessage(`Cannot open the span's source: ${source.path} was not found${where} (${describeSource(source)}).`);
    return { status: 'notFound', path: source.path };
  }
  if (!found.inside && !(await (options.confirmOutside ?? confirmOutside)(found.uri.fsPath))) {
    return { status: 'declined', path: found.uri.fsPath };
  }
  const doc = await vscode.workspace.openTextDocument(found.uri);
  // Lines and columns in the conventions are 1-based; past the end of the file means its last line.
  const line = Math.min(Math.max(1, source.line ?? 1), doc.lineCount) - 1;
  const column = Math.max(0, (source.column ?? 1) - 1);
  const at = doc.validatePosition(new vscode.Position(line, column));
  await vscode.window.showTextDocument(doc, {
    selection: new vscode.Range(at, at),
    preview: true,
    viewColumn: options.beside ? vscode.ViewColumn.Beside : undefined,
  });
  vscode.window.activeTextEditor?.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return { status: 'opened', uri: found.uri.toString(), line: line + 1 };
}
