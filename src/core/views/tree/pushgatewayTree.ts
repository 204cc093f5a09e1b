/**
 * The Pushgateway view's rows: the gateway (URL, health, last poll) → its groups (grouping key, age of the last
 * push, stale and failed markers) → their series. A node names its data by keys (the group's id, the series' key)
 * and is looked up in the poller's current state when drawn, since every poll replaces the state.
 */
import { formatAge, plural } from '../../format/format';
import { formatDuration } from '../../pushgateway/duration';
import { formatGroupingKey } from '../../pushgateway/groupingKey';
import type { PushgatewayState } from '../../pushgateway/poller';
import type { PushGroup } from '../../pushgateway/pushGroup';
import { groupAgeMs, isStale } from '../../pushgateway/staleness';
import { MORE_CONTEXT, findPromSeries, moreSeriesRow, promSeriesRow, promSeriesTooltip, seriesOfFamilies } from './promSeriesRows';
import { groupCounts, groupDescription, healthText, rowAge } from './sourceText';
import { markdownTip, md, nodeId, type RowTooltip, type TreeModel, type TreeRow } from './treeRow';

export const PUSHGATEWAY_VIEW_ID = 'telemetryInspector.pushgateway';
/** Longest list of series drawn under one group. */
const MAX_PUSH_SERIES = 100;

export type PushgatewayNodeData =
  | { readonly kind: 'gateway'; readonly id: string }
  | { readonly kind: 'group'; readonly id: string; readonly groupId: string }
  | { readonly kind: 'series'; readonly id: string; readonly groupId: string; readonly seriesKey: string }
  | { readonly kind: 'more'; readonly id: string; readonly hidden: number };

/** contextValue of each element, as the `viewItem` clauses in package.json name them. */
export const PUSHGATEWAY_CONTEXT = {
  gateway: 'pushgateway',
  /** Every group; `pushGroup.stale` and `pushGroup.failed` add what is wrong with it (menus match /^pushGroup/). */
  group: 'pushGroup',
  series: 'pushSeries',
  more: 'more',
} as const;

const gatewayNodeId = nodeId('pushgateway');
const groupNodeId = (groupId: string) => nodeId('pushGroup', groupId);

type Row = TreeRow<PushgatewayNodeData>;

function iso(ms: number | undefined): string {
  return ms === undefined ? 'never' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function gatewayRow(node: PushgatewayNodeData, state: PushgatewayState, nowMs: number): Row {
  const polled = state.lastPollMs !== undefined ? ` · polled ${rowAge(state.lastPollMs, nowMs)}` : '';
  const failing = state.health !== 'ok' && state.health !== 'pending';
  return {
    node,
    label: state.url ?? '(no URL)',
    collapsible: 'expanded',
    contextValue: PUSHGATEWAY_CONTEXT.gateway,
    description: failing
      ? `${healthText(state)}${state.groups.length ? ` · showing the ${plural(state.groups.length, 'group')} of ${rowAge(state.lastSuccessMs, nowMs)}` : ''}`
      : state.health === 'pending'
        ? 'connecting…'
        : `ok${polled} · stale after ${formatDuration(state.staleAfterMs)}`,
    icon: state.health === 'ok' ? { id: 'pass-filled', color: 'charts.green' } : state.health === 'pending' ? { id: 'sync~spin' } : { id: 'error', color: 'errorForeground' },
  };
}

function gatewayTooltip(state: PushgatewayState, nowMs: number): string {
  const failing = state.health !== 'ok' && state.health !== 'pending';
  return (
    `**Pushgateway** \`${(state.url ?? '').replace(/`/g, "'")}\`\n\n` +
    `${failing ? '$(error)' : '$(pass)'} ${md(healthText(state))}\n\n` +
    `- last poll: ${formatAge(state.lastPollMs, nowMs)} (${iso(state.lastPollMs)})\n` +
    `- last success: ${formatAge(state.lastSuccessMs, nowMs)}\n` +
    `- ${md(groupCounts(state, nowMs))}; stale after ${formatDuration(state.staleAfterMs)} without a push\n` +
    (state.nextPollMs !== undefined ? `- next poll in ${Math.max(0, Math.round((state.nextPollMs - nowMs) / 1000))}s\n` : '')
  );
}

function groupContextValue(group: PushGroup, staleAfterMs: number, nowMs: number): string {
  if (!group.lastPushSuccessful) return `${PUSHGATEWAY_CONTEXT.group}.failed`;
  return isStale(group, staleAfterMs, nowMs) ? `${PUSHGATEWAY_CONTEXT.group}.stale` : PUSHGATEWAY_CONTEXT.group;
}

function groupRow(node: PushgatewayNodeData, group: PushGroup, staleAfterMs: number, nowMs: number): Row {
  const seriesCount = group.families.reduce((n, f) => n + f.series.length, 0);
  const stale = isStale(group, staleAfterMs, nowMs);
  return {
    node,
    label: formatGroupingKey(group.groupingKey),
    collapsible: seriesCount ? 'collapsed' : 'none',
    contextValue: groupContextValue(group, staleAfterMs, nowMs),
    description: groupDescription(group, staleAfterMs, nowMs),
    icon: !group.lastPushSuccessful ? { id: 'error', color: 'errorForeground' } : stale ? { id: 'history', color: 'charts.yellow' } : { id: 'package', color: 'charts.green' },
  };
}

function groupTooltip(group: PushGroup, staleAfterMs: number, nowMs: number): string {
  const seriesCount = group.families.reduce((n, f) => n + f.series.length, 0);
  const stale = isStale(group, staleAfterMs, nowMs);
  const age = groupAgeMs(group, nowMs);
  const keys = ['job', ...Object.keys(group.groupingKey).filter((k) => k !== 'job').sort()];
  return (
    `**Pushgateway group**${stale ? ' · $(history) stale' : ''}${group.lastPushSuccessful ? '' : ' · $(error) last push failed'}\n\n` +
    `| label | value |\n|:--|:--|\n${keys.map((k) => `| ${md(k)} | ${group.groupingKey[k] === '' ? '_(empty)_' : md(group.groupingKey[k])} |`).join('\n')}\n\n` +
    `- last successful push: ${group.lastPushMs !== undefined ? `${formatAge(group.lastPushMs, nowMs)} (${iso(group.lastPushMs)})` : 'none'}\n` +
    `- last failed push: ${group.lastFailureMs !== undefined ? `${formatAge(group.lastFailureMs, nowMs)} (${iso(group.lastFailureMs)})` : 'none'}\n` +
    `- ${stale ? `stale: no push for ${age === undefined ? 'ever' : formatDuration(age)} (the threshold is ${formatDuration(staleAfterMs)})` : `not stale: it goes stale after ${formatDuration(staleAfterMs)} without a push`}\n` +
    `- ${plural(seriesCount, 'series', 'series')} in ${plural(group.families.length, 'metric family', 'metric families')}\n\n` +
    (group.lastPushSuccessful ? '' : "The gateway refused the last push (often a metric whose type or help differs from another group's); it keeps the last good one.\n\n") +
    'Delete it with the trash icon; a job that pushes again creates it again.'
  );
}

function goneRow(node: PushgatewayNodeData): Row {
  return { node, label: '(no longer on the gateway)', collapsible: 'none', contextValue: MORE_CONTEXT, icon: { id: 'circle-slash', color: 'disabledForeground' } };
}

/** The Pushgateway view over the poller's current state. */
export class PushgatewayTreeModel implements TreeModel<PushgatewayNodeData> {
  constructor(private readonly state: () => PushgatewayState) {}

  children(node: PushgatewayNodeData | undefined): PushgatewayNodeData[] {
    const state = this.state();
    if (!node) return state.health === 'off' ? [] : [{ kind: 'gateway', id: gatewayNodeId }];
    if (node.kind === 'gateway') {
      return [...state.groups]
        .sort((a, b) => formatGroupingKey(a.groupingKey).localeCompare(formatGroupingKey(b.groupingKey)))
        .map((g) => ({ kind: 'group', id: groupNodeId(g.id), groupId: g.id }));
    }
    if (node.kind === 'group') {
      const group = this.groupOf(node);
      if (!group) return [];
      const all = seriesOfFamilies(group.families);
      const shown: PushgatewayNodeData[] = all.slice(0, MAX_PUSH_SERIES).map((f) => ({ kind: 'series', id: nodeId('pushSeries', group.id, f.key), groupId: group.id, seriesKey: f.key }));
      return all.length <= MAX_PUSH_SERIES ? shown : [...shown, { kind: 'more', id: nodeId('pushMore', group.id), hidden: all.length - MAX_PUSH_SERIES }];
    }
    return [];
  }

  row(node: PushgatewayNodeData, now: number): Row {
    const state = this.state();
    switch (node.kind) {
      case 'gateway':
        return gatewayRow(node, state, now);
      case 'group': {
        const group = this.groupOf(node);
        return group ? groupRow(node, group, state.staleAfterMs, now) : goneRow(node);
      }
      case 'series': {
        const group = this.groupOf(node);
        const flat = group && findPromSeries(group.families, node.seriesKey);
        return flat ? promSeriesRow(node, flat, PUSHGATEWAY_CONTEXT.series) : goneRow(node);
      }
      case 'more':
        return moreSeriesRow(node, node.hidden);
    }
  }

  tooltip(node: PushgatewayNodeData, now: number): RowTooltip | undefined {
    const state = this.state();
    if (node.kind === 'gateway') return markdownTip(gatewayTooltip(state, now));
    const group = this.groupOf(node);
    if (!group) return undefined;
    if (node.kind === 'group') return markdownTip(groupTooltip(group, state.staleAfterMs, now));
    const flat = node.kind === 'series' ? findPromSeries(group.families, node.seriesKey) : undefined;
    return flat && promSeriesTooltip(flat);
  }

  /** The group a node stands for (or belongs to), as the last poll saw it. */
  groupOf(node: PushgatewayNodeData): PushGroup | undefined {
    if (node.kind !== 'group' && node.kind !== 'series') return undefined;
    return this.state().groups.find((g) => g.id === node.groupId);
  }
}
