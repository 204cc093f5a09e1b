/**
 * A tree row as plain data: what the extension turns into a vscode.TreeItem (label, description, icon, menus,
 * click), built where the data lives (in the engine's thread or process) and sent across as it is. No 'vscode'
 * here: icons are codicon ids and theme color ids, tooltips Markdown text.
 */

/** Tree element ids shared by every view: JSON arrays of the kind and the keys, so no key content can make two ids equal. */
export function nodeId(...parts: (string | number)[]): string {
  return JSON.stringify(parts);
}

/** What every view's node data has: a stable id (VS Code keeps expansion and selection by it) and a kind. */
export interface NodeData {
  readonly id: string;
  readonly kind: string;
}

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface RowIcon {
  /** A codicon id, e.g. 'server-process' or 'sync~spin'. */
  id: string;
  /** A theme color id, e.g. 'charts.green'. */
  color?: string;
}

export interface RowCommand {
  command: string;
  title: string;
  /** What the command is given: the row's node ('node'), or the file URI of `resourcePath` ('file'). */
  argument: 'node' | 'file';
}

/** A tooltip: Markdown (with `$(icon)` references) or plain text. */
export interface RowTooltip {
  text: string;
  markdown: boolean;
}

export interface TreeRow<D extends NodeData = NodeData> {
  node: D;
  label: string;
  description?: string;
  icon?: RowIcon;
  /** Drives the menus declared in package.json (`viewItem == …`). */
  contextValue: string;
  collapsible: Collapsible;
  command?: RowCommand;
  /** A file the row stands for (its resourceUri). */
  resourcePath?: string;
  /**
   * Set on rows whose data never changes once drawn (a log record): the tooltip comes with the row, and redraws
   * do not ask for the row again (its parent's list says when it goes).
   */
  fixedTooltip?: RowTooltip;
}

/** One view's rows, read from the data where it lives. */
export interface TreeModel<D extends NodeData> {
  /** The children of a node (the top level for undefined), newest data. */
  children(parent: D | undefined, nowMs: number): D[];
  /** How a node looks now; data that is gone draws as a "no longer kept" row. */
  row(node: D, nowMs: number): TreeRow<D>;
  /** The node's tooltip now (made when VS Code asks for it, on hover). */
  tooltip(node: D, nowMs: number): RowTooltip | undefined;
}

export function markdownTip(text: string): RowTooltip {
  return { text, markdown: true };
}

/** Text for a Markdown table cell or line: Markdown's own characters escaped, newlines flattened. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The id of a list of rows, in order, with a "… more" row's count (a list whose count changed is another list). */
export function listKey(children: readonly NodeData[]): string {
  return JSON.stringify(children.map((c) => ('hidden' in c ? `${c.id}\u0000${String((c as { hidden: unknown }).hidden)}` : c.id)));
}

/** What a row shows; two draws with the same signature look the same (the tooltip is resolved apart). */
export function rowSignature(row: TreeRow): string {
  return [row.label, row.description ?? '', row.icon ? `${row.icon.id}/${row.icon.color ?? ''}` : '', row.collapsible, row.contextValue].join('\u0000');
}
