/** How a receiver hint looks in the Instances view: a warning row above the services, its count and age beside it. */
import * as vscode from 'vscode';
import { formatAge, plural } from '../../../core/format/format';
import type { ReceiverHint } from '../../receiver/receiverHints';
import { md } from '../shared/treeItemParts';

export const HINT_CONTEXT = 'receiverHint';

export function hintItem(id: string, hint: ReceiverHint, nowMs: number): vscode.TreeItem {
  // The first clause is the problem; the rest (after the colon) is the fix, which the tooltip holds in full.
  const short = hint.message.split(/:\s/)[0];
  const t = new vscode.TreeItem(short, vscode.TreeItemCollapsibleState.None);
  t.id = id;
  t.contextValue = HINT_CONTEXT;
  t.description = `${plural(hint.count, 'request')} · last ${formatAge(hint.lastSeenMs, nowMs)}`;
  t.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return t;
}

export function hintTooltip(hint: ReceiverHint, nowMs: number): vscode.MarkdownString {
  const m = new vscode.MarkdownString(`$(lightbulb) **${hint.receiver} receiver**\n\n${md(hint.message)}\n\nSeen ${plural(hint.count, 'time')}, last ${formatAge(hint.lastSeenMs, nowMs)}.`);
  m.supportThemeIcons = true;
  return m;
}
