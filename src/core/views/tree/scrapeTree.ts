/**
 * The Scrape Targets view's rows: file_sd files (with their errors) and every /metrics target (configured or
 * discovered) with up/down, when it was last scraped and how long it took, its error, and its series below.
 */
import * as path from 'node:path';
import { formatAge, formatDurationMs, plural } from '../../format/format';
import type { FileSdState } from '../../scrape/fileSd';
import type { ScrapeTarget } from '../../scrape/scraper';
import { findPromSeries, moreSeriesRow, promSeriesRow, promSeriesTooltip, seriesOfFamilies } from './promSeriesRows';
import { rowAge, targetDescription } from './sourceText';
import { markdownTip, md, nodeId, type RowTooltip, type TreeModel, type TreeRow } from './treeRow';

export const SCRAPE_VIEW_ID = 'telemetryInspector.scrapeTargets';
const MAX_SCRAPE_SERIES = 100;

export const SCRAPE_CONTEXT = { file: 'scrapeFile', target: 'scrapeTarget', series: 'scrapeSeries', more: 'more' } as const;

export type ScrapeNodeData =
  | { readonly kind: 'file'; readonly id: string; readonly path: string }
  | { readonly kind: 'target'; readonly id: string; readonly targetId: string }
  | { readonly kind: 'series'; readonly id: string; readonly targetId: string; readonly seriesKey: string }
  | { readonly kind: 'more'; readonly id: string; readonly hidden: number };

type Row = TreeRow<ScrapeNodeData>;


function targetRow(node: ScrapeNodeData, t: ScrapeTarget, nowMs: number): Row {
  const hasSeries = t.families.some((f) => f.series.length > 0);
  return {
    node,
    label: t.url,
    collapsible: hasSeries ? 'collapsed' : 'none',
    contextValue: SCRAPE_CONTEXT.target,
    description: targetDescription(t, nowMs),
    icon: t.health === 'up' ? { id: 'pass-filled', color: 'charts.green' } : t.health === 'down' ? { id: 'error', color: 'errorForeground' } : { id: 'circle-outline' },
  };
}

function targetTooltip(t: ScrapeTarget, nowMs: number): string {
  const labels = Object.entries(t.labels);
  return (
    `**${md(t.url)}** · ${t.health === 'up' ? '$(pass) up' : t.health === 'down' ? '$(error) down' : 'not scraped yet'}\n\n` +
    (t.error ? `${md(t.error)}\n\n` : '') +
    `- last scrape: ${formatAge(t.lastScrapeMs, nowMs)}${t.lastDurationMs !== undefined ? `, took ${formatDurationMs(t.lastDurationMs)}` : ''}\n` +
    `- last success: ${formatAge(t.lastSuccessMs, nowMs)}${t.health === 'down' && t.families.length ? ' (its series are shown)' : ''}\n` +
    `- ${plural(t.seriesCount, 'series', 'series')} · ${plural(t.scrapes, 'scrape')}\n` +
    `- source: ${t.source.kind === 'url' ? 'telemetryInspector.scrape.urls' : `file\\_sd ${md(t.source.path)}`}\n` +
    (labels.length ? `\n| label | value |\n|:--|:--|\n${labels.map(([k, v]) => `| ${md(k)} | ${md(v)} |`).join('\n')}\n` : '')
  );
}

function fileRow(node: ScrapeNodeData, f: FileSdState, nowMs: number): Row {
  const kept = f.targetCount ? ` (keeping ${plural(f.targetCount, 'target')} from the last good read)` : '';
  return {
    node,
    label: path.basename(f.path),
    collapsible: 'none',
    contextValue: SCRAPE_CONTEXT.file,
    description: f.error ? `file_sd error: ${f.error}${kept}` : `file_sd · ${plural(f.targetCount, 'target')} · read ${rowAge(f.lastLoadMs, nowMs)}`,
    icon: f.error ? { id: 'error', color: 'errorForeground' } : { id: 'file-code' },
    resourcePath: f.path,
    command: { title: 'Open File', command: 'vscode.open', argument: 'file' },
  };
}

function fileTooltip(f: FileSdState): string {
  const kept = f.targetCount ? ` (keeping ${plural(f.targetCount, 'target')} from the last good read)` : '';
  return `**file\\_sd** \`${f.path.replace(/`/g, "'")}\`\n\n${f.error ? `$(error) ${md(f.error)}${md(kept)}` : `${plural(f.targetCount, 'target')}`}\n\nEdits to the file apply at once.`;
}

function goneRow(node: ScrapeNodeData): Row {
  return { node, label: '(no longer scraped)', collapsible: 'none', contextValue: SCRAPE_CONTEXT.more, icon: { id: 'circle-slash', color: 'disabledForeground' } };
}

/** The Scrape Targets view over the scraper's current targets and files. */
export class ScrapeTreeModel implements TreeModel<ScrapeNodeData> {
  constructor(private readonly source: () => { targets: readonly ScrapeTarget[]; files: readonly FileSdState[] }) {}

  children(node: ScrapeNodeData | undefined): ScrapeNodeData[] {
    const { targets, files } = this.source();
    if (!node) {
      return [
        ...files.map((f): ScrapeNodeData => ({ kind: 'file', id: nodeId('scrapeFile', f.path), path: f.path })),
        ...targets.map((t): ScrapeNodeData => ({ kind: 'target', id: nodeId('scrapeTarget', t.id), targetId: t.id })),
      ];
    }
    if (node.kind !== 'target') return [];
    const t = this.targetOf(node);
    if (!t) return [];
    const all = seriesOfFamilies(t.families);
    const shown: ScrapeNodeData[] = all.slice(0, MAX_SCRAPE_SERIES).map((f) => ({ kind: 'series', id: nodeId('scrapeSeries', t.id, f.key), targetId: t.id, seriesKey: f.key }));
    return all.length <= MAX_SCRAPE_SERIES ? shown : [...shown, { kind: 'more', id: nodeId('scrapeMore', t.id), hidden: all.length - MAX_SCRAPE_SERIES }];
  }

  row(node: ScrapeNodeData, now: number): Row {
    switch (node.kind) {
      case 'file': {
        const f = this.source().files.find((x) => x.path === node.path);
        return f ? fileRow(node, f, now) : goneRow(node);
      }
      case 'target': {
        const t = this.targetOf(node);
        return t ? targetRow(node, t, now) : goneRow(node);
      }
      case 'series': {
        const t = this.targetOf(node);
        const flat = t && findPromSeries(t.families, node.seriesKey);
        return flat ? promSeriesRow(node, flat, SCRAPE_CONTEXT.series) : goneRow(node);
      }
      case 'more':
        return moreSeriesRow(node, node.hidden);
    }
  }

  tooltip(node: ScrapeNodeData, now: number): RowTooltip | undefined {
    if (node.kind === 'file') {
      const f = this.source().files.find((x) => x.path === node.path);
      return f && markdownTip(fileTooltip(f));
    }
    const t = this.targetOf(node);
    if (!t) return undefined;
    if (node.kind === 'target') return markdownTip(targetTooltip(t, now));
    const flat = node.kind === 'series' ? findPromSeries(t.families, node.seriesKey) : undefined;
    return flat && promSeriesTooltip(flat);
  }

  private targetOf(node: ScrapeNodeData): ScrapeTarget | undefined {
    if (node.kind !== 'target' && node.kind !== 'series') return undefined;
    return this.source().targets.find((t) => t.id === node.targetId);
  }
}
