/** Small pieces every view's rows are made of: theme icons, Markdown tooltips and escaped Markdown text. */
import * as vscode from 'vscode';

export function themeIcon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** A tooltip that may hold `$(icon)` references. */
export function markdown(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text);
  m.supportThemeIcons = true;
  return m;
}

/** Text for a Markdown table cell or line: Markdown's own characters escaped, newlines flattened. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
