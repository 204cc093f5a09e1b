/** Rows for Prometheus series, shared by the Pushgateway and Scrape Targets views. */
import * as vscode from 'vscode';
import { promSeriesName, summarizePromSeries, type FlatSeries } from '../../../core/format/promSeries';
import { markdown, md, themeIcon } from './treeItemParts';

/** contextValue of a "… N more" row (no menus). */
export const MORE_CONTEXT = 'more';

export function promSeriesItem(node: { id: string }, flat: FlatSeries, contextValue: string): vscode.TreeItem {
  const t = new vscode.TreeItem(promSeriesName(flat.family.name, flat.series.labels), vscode.TreeItemCollapsibleState.None);
  t.id = node.id;
  t.contextValue = contextValue;
  t.description = summarizePromSeries(flat.series, flat.family);
  t.iconPath = themeIcon('symbol-field');
  return t;
}

export function promSeriesTooltip(flat: FlatSeries): vscode.MarkdownString {
  return markdown(`\`${promSeriesName(flat.family.name, flat.series.labels).replace(/`/g, "'")}\`\n\n${flat.family.type}${flat.family.help ? ` · ${md(flat.family.help)}` : ''}\n\nlatest: ${md(summarizePromSeries(flat.series, flat.family))}`);
}

export function moreRow(node: { id: string }, hidden: number): vscode.TreeItem {
  const t = new vscode.TreeItem(`… ${hidden.toLocaleString('en-US')} more`, vscode.TreeItemCollapsibleState.None);
  t.id = node.id;
  t.contextValue = MORE_CONTEXT;
  t.description = 'series not listed';
  return t;
}
