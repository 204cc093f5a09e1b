/**
 * The Pushgateway view: the gateway (URL, health, last poll) → its groups (grouping key, age of the last push,
 * stale and failed markers) → their series. Every poll replaces the poller's state; only the rows that look
 * different are redrawn (RedrawingTreeProvider), and ages and staleness, which change with time alone, on a tick.
 */
import type * as vscode from 'vscode';
import { formatGroupingKey } from '../../../core/pushgateway/groupingKey';
import type { PushgatewayPoller } from '../../../core/pushgateway/poller';
import type { PushGroup } from '../../../core/pushgateway/pushGroup';
import type { TelemetryStore } from '../../../core/store/store';
import { nodeId } from '../shared/nodeId';
import { flattenFamilies } from '../../../core/format/promSeries';
import * as items from './pushgatewayNodes';
import { moreRow, promSeriesItem, promSeriesTooltip } from '../shared/promSeriesItem';
import type { PushgatewayNode } from './pushgatewayNodes';
import { RedrawingTreeProvider } from '../shared/redrawingTreeProvider';

export const PUSHGATEWAY_VIEW_ID = 'telemetryInspector.pushgateway';
/** Longest list of series drawn under one group. */
export const MAX_SERIES = 100;

export class PushgatewayTreeProvider extends RedrawingTreeProvider<PushgatewayNode> {
  private readonly unsubscribe: () => void;

  constructor(
    store: TelemetryStore,
    private readonly poller: PushgatewayPoller,
    now: () => number = Date.now,
  ) {
    super(now);
    this.unsubscribe = store.onChange((change) => {
      if (change.topics.has('pushgateway')) this.schedule();
    });
  }

  protected draw(node: PushgatewayNode, now: number): vscode.TreeItem {
    const state = this.poller.state;
    switch (node.kind) {
      case 'gateway':
        return items.gatewayItem(node, state, now);
      case 'group': {
        const group = this.groupOf(node);
        return group ? items.groupItem(node, group, state.staleAfterMs, now) : items.goneRow(node);
      }
      case 'series': {
        const group = this.groupOf(node);
        const flat = group && flattenFamilies(group.families).find((f) => f.key === node.seriesKey);
        return flat ? promSeriesItem(node, flat, items.PUSHGATEWAY_CONTEXT.series) : items.goneRow(node);
      }
      case 'more':
        return moreRow(node, node.hidden);
    }
  }

  protected tooltip(node: PushgatewayNode, now: number): vscode.MarkdownString | undefined {
    const state = this.poller.state;
    if (node.kind === 'gateway') return items.gatewayTooltip(state, now);
    const group = this.groupOf(node);
    if (!group) return undefined;
    if (node.kind === 'group') return items.groupTooltip(group, state.staleAfterMs, now);
    const flat = node.kind === 'series' ? flattenFamilies(group.families).find((f) => f.key === node.seriesKey) : undefined;
    return flat && promSeriesTooltip(flat);
  }

  protected childrenOf(node: PushgatewayNode | undefined): PushgatewayNode[] {
    const state = this.poller.state;
    if (!node) return state.health === 'off' ? [] : [{ kind: 'gateway', id: items.gatewayNodeId, parent: undefined }];
    if (node.kind === 'gateway') {
      return [...state.groups]
        .sort((a, b) => formatGroupingKey(a.groupingKey).localeCompare(formatGroupingKey(b.groupingKey)))
        .map((g) => ({ kind: 'group', id: items.groupNodeId(g.id), parent: node, groupId: g.id }));
    }
    if (node.kind === 'group') {
      const group = this.groupOf(node);
      if (!group) return [];
      const all = flattenFamilies(group.families);
      const shown: PushgatewayNode[] = all
        .slice(0, MAX_SERIES)
        .map((f) => ({ kind: 'series', id: nodeId('pushSeries', group.id, f.key), parent: node, groupId: group.id, seriesKey: f.key }));
      return all.length <= MAX_SERIES ? shown : [...shown, { kind: 'more', id: nodeId('pushMore', group.id), parent: node, hidden: all.length - MAX_SERIES }];
    }
    return [];
  }

  /** The group a node stands for (or belongs to), as the last poll saw it. */
  groupOf(node: PushgatewayNode): PushGroup | undefined {
    if (node.kind !== 'group' && node.kind !== 'series') return undefined;
    return this.poller.state.groups.find((g) => g.id === node.groupId);
  }

  override dispose(): void {
    this.unsubscribe();
    super.dispose();
  }
}
