/** Rows drawn where the data lives (core/views/tree) made into VS Code tree items: icons, tooltips, commands. */
import * as vscode from 'vscode';
import type { NodeData, RowTooltip, TreeRow } from '../../../core/views/tree/treeRow';

/** A view's node: the node data the row was drawn for, and the node above it (the same objects VS Code holds). */
export type WithParent<D, P> = D extends unknown ? D & { readonly parent: P | undefined } : never;

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

function themeIcon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** A tooltip that may hold `$(icon)` references. */
export function markdown(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text);
  m.supportThemeIcons = true;
  return m;
}

export function tooltipOf(tip: RowTooltip | undefined): string | vscode.MarkdownString | undefined {
  if (!tip) return undefined;
  return tip.markdown ? markdown(tip.text) : tip.text;
}

/** The tree item of a row; `node` is what a click's command is given (the element VS Code holds). */
export function treeItem(row: TreeRow<NodeData>, node: unknown): vscode.TreeItem {
  const t = new vscode.TreeItem(row.label, COLLAPSIBLE[row.collapsible]);
  t.id = row.node.id;
  t.contextValue = row.contextValue;
  if (row.description !== undefined) t.description = row.description;
  if (row.icon) t.iconPath = themeIcon(row.icon.id, row.icon.color);
  if (row.resourcePath) t.resourceUri = vscode.Uri.file(row.resourcePath);
  if (row.command) {
    const args = row.command.argument === 'node' ? [node] : row.resourcePath ? [vscode.Uri.file(row.resourcePath)] : [];
    t.command = { command: row.command.command, title: row.command.title, arguments: args };
  }
  return t;
}
