/**
 * The Scrape Targets view: file_sd files (with their errors) and every /metrics target (configured or
 * discovered) with up/down, when it was last scraped and how long it took, its error, and its series below.
 * Targets and files are replaced on every change, so a change redraws the whole (small) tree with stable ids.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatAge, formatDurationMs, plural } from '../../../core/format/format';
import type { FileSdState } from '../../../core/scrape/fileSd';
import type { Scraper, ScrapeTarget } from '../../../core/scrape/scraper';
import type { TelemetryStore } from '../../../core/store/store';
import { nodeId } from '../shared/nodeId';
import { flattenFamilies } from '../../../core/format/promSeries';
import { moreRow, promSeriesItem, promSeriesTooltip } from '../shared/promSeriesItem';
import { RedrawingTreeProvider } from '../shared/redrawingTreeProvider';
import { rowAge, targetDescription } from '../shared/sourceText';
import { md } from '../shared/treeItemParts';

export const SCRAPE_VIEW_ID = 'telemetryInspector.scrapeTargets';
export const MAX_SERIES = 100;

export const SCRAPE_CONTEXT = { file: 'scrapeFile', target: 'scrapeTarget', series: 'scrapeSeries', more: 'more' } as const;

export type ScrapeNode =
  | { kind: 'file'; id: string; parent: undefined; path: string }
  | { kind: 'target'; id: string; parent: undefined; targetId: string }
  | { kind: 'series'; id: string; parent: ScrapeNode; targetId: string; seriesKey: string }
  | { kind: 'more'; id: string; parent: ScrapeNode; hidden: number };

function themeIcon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function markdown(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text);
  m.supportThemeIcons = true;
  return m;
}

export function targetItem(node: ScrapeNode, t: ScrapeTarget, nowMs: number): vscode.TreeItem {
  const hasSeries = t.families.some((f) => f.series.length > 0);
  const item = new vscode.TreeItem(t.url, hasSeries ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = SCRAPE_CONTEXT.target;
  item.description = targetDescription(t, nowMs);
  item.iconPath = t.health === 'up' ? themeIcon('pass-filled', 'charts.green') : t.health === 'down' ? themeIcon('error', 'errorForeground') : themeIcon('circle-outline');
  return item;
}

export function targetTooltip(t: ScrapeTarget, nowMs: number): vscode.MarkdownString {
  const labels = Object.entries(t.labels);
  return markdown(
    `**${md(t.url)}** · ${t.health === 'up' ? '$(pass) up' : t.health === 'down' ? '$(error) down' : 'not scraped yet'}\n\n` +
      (t.error ? `${md(t.error)}\n\n` : '') +
      `- last scrape: ${formatAge(t.lastScrapeMs, nowMs)}${t.lastDurationMs !== undefined ? `, took ${formatDurationMs(t.lastDurationMs)}` : ''}\n` +
      `- last success: ${formatAge(t.lastSuccessMs, nowMs)}${t.health === 'down' && t.families.length ? ' (its series are shown)' : ''}\n` +
      `- ${plural(t.seriesCount, 'series', 'series')} · ${plural(t.scrapes, 'scrape')}\n` +
      `- source: ${t.source.kind === 'url' ? 'telemetryInspector.scrape.urls' : `file\\_sd ${md(t.source.path)}`}\n` +
      (labels.length ? `\n| label | value |\n|:--|:--|\n${labels.map(([k, v]) => `| ${md(k)} | ${md(v)} |`).join('\n')}\n` : ''),
  );
}

export function fileItem(node: ScrapeNode, f: FileSdState, nowMs: number): vscode.TreeItem {
  const item = new vscode.TreeItem(path.basename(f.path), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = SCRAPE_CONTEXT.file;
  const kept = f.targetCount ? ` (keeping ${plural(f.targetCount, 'target')} from the last good read)` : '';
  item.description = f.error ? `file_sd error: ${f.error}${kept}` : `file_sd · ${plural(f.targetCount, 'target')} · read ${rowAge(f.lastLoadMs, nowMs)}`;
  item.iconPath = f.error ? themeIcon('error', 'errorForeground') : themeIcon('file-code');
  item.resourceUri = vscode.Uri.file(f.path);
  item.command = { title: 'Open File', command: 'vscode.open', arguments: [vscode.Uri.file(f.path)] };
  return item;
}

export function fileTooltip(f: FileSdState): vscode.MarkdownString {
  const kept = f.targetCount ? ` (keeping ${plural(f.targetCount, 'target')} from the last good read)` : '';
  return markdown(`**file\\_sd** \`${f.path.replace(/`/g, "'")}\`\n\n${f.error ? `$(error) ${md(f.error)}${md(kept)}` : `${plural(f.targetCount, 'target')}`}\n\nEdits to the file apply at once.`);
}

export class ScrapeTreeProvider extends RedrawingTreeProvider<ScrapeNode> {
  private readonly unsubscribe: () => void;

  constructor(
    store: TelemetryStore,
    private readonly scraper: Scraper,
    now: () => number = Date.now,
  ) {
    super(now);
    this.unsubscribe = store.onChange((change) => {
      if (change.topics.has('scrape')) this.schedule();
    });
  }

  protected draw(node: ScrapeNode, now: number): vscode.TreeItem {
    switch (node.kind) {
      case 'file': {
        const f = this.scraper.files.find((x) => x.path === node.path);
        return f ? fileItem(node, f, now) : gone(node);
      }
      case 'target': {
        const t = this.targetOf(node);
        return t ? targetItem(node, t, now) : gone(node);
      }
      case 'series': {
        const t = this.targetOf(node);
        const flat = t && flattenFamilies(t.families).find((f) => f.key === node.seriesKey);
        return flat ? promSeriesItem(node, flat, SCRAPE_CONTEXT.series) : gone(node);
      }
      case 'more':
        return moreRow(node, node.hidden);
    }
  }

  protected tooltip(node: ScrapeNode, now: number): vscode.MarkdownString | undefined {
    if (node.kind === 'file') {
      const f = this.scraper.files.find((x) => x.path === node.path);
      return f && fileTooltip(f);
    }
    const t = this.targetOf(node);
    if (!t) return undefined;
    if (node.kind === 'target') return targetTooltip(t, now);
    const flat = node.kind === 'series' ? flattenFamilies(t.families).find((f) => f.key === node.seriesKey) : undefined;
    return flat && promSeriesTooltip(flat);
  }

  protected childrenOf(node: ScrapeNode | undefined): ScrapeNode[] {
    if (!node) {
      const files: ScrapeNode[] = this.scraper.files.map((f) => ({ kind: 'file', id: nodeId('scrapeFile', f.path), parent: undefined, path: f.path }));
      const targets: ScrapeNode[] = this.scraper.targets.map((t) => ({ kind: 'target', id: nodeId('scrapeTarget', t.id), parent: undefined, targetId: t.id }));
      return [...files, ...targets];
    }
    if (node.kind !== 'target') return [];
    const t = this.targetOf(node);
    if (!t) return [];
    const all = flattenFamilies(t.families);
    const shown: ScrapeNode[] = all.slice(0, MAX_SERIES).map((f) => ({ kind: 'series', id: nodeId('scrapeSeries', t.id, f.key), parent: node, targetId: t.id, seriesKey: f.key }));
    return all.length <= MAX_SERIES ? shown : [...shown, { kind: 'more', id: nodeId('scrapeMore', t.id), parent: node, hidden: all.length - MAX_SERIES }];
  }

  targetOf(node: ScrapeNode): ScrapeTarget | undefined {
    if (node.kind !== 'target' && node.kind !== 'series') return undefined;
    return this.scraper.targets.find((t) => t.id === node.targetId);
  }

  override dispose(): void {
    this.unsubscribe();
    super.dispose();
  }
}

function gone(node: { id: string }): vscode.TreeItem {
  const t = new vscode.TreeItem('(no longer scraped)', vscode.TreeItemCollapsibleState.None);
  t.id = node.id;
  t.contextValue = SCRAPE_CONTEXT.more;
  t.iconPath = themeIcon('circle-slash', 'disabledForeground');
  return t;
}
