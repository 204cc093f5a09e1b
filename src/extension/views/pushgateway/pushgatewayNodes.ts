/**
 * The elements of the Pushgateway view: the gateway → its groups → their series. A node names its data by
 * keys (the group's id, the series' key) and is looked up in the poller's current state when drawn, since
 * every poll replaces the state. How each element looks is here too: label, description, icon and contextValue
 * (which drives the menus in package.json), and apart from them the tooltip, made when VS Code asks for it.
 */
import * as vscode from 'vscode';
import { formatAge, plural } from '../../../core/format/format';
import { formatDuration } from '../../../core/pushgateway/duration';
import { formatGroupingKey } from '../../../core/pushgateway/groupingKey';
import type { PushgatewayState } from '../../../core/pushgateway/poller';
import type { PushGroup } from '../../../core/pushgateway/pushGroup';
import { groupAgeMs, isStale } from '../../../core/pushgateway/staleness';
import { groupCounts, groupDescription, healthText, rowAge } from '../shared/sourceText';
import { nodeId } from '../shared/nodeId';
import { markdown, md, themeIcon } from '../shared/treeItemParts';
import { MORE_CONTEXT } from '../shared/promSeriesItem';

export type PushgatewayNode =
  | { kind: 'gateway'; id: string; parent: undefined }
  | { kind: 'group'; id: string; parent: PushgatewayNode; groupId: string }
  | { kind: 'series'; id: string; parent: PushgatewayNode; groupId: string; seriesKey: string }
  | { kind: 'more'; id: string; parent: PushgatewayNode; hidden: number };

/** contextValue of each element, as the `viewItem` clauses in package.json name them. */
export const PUSHGATEWAY_CONTEXT = {
  gateway: 'pushgateway',
  /** Every group; `pushGroup.stale` and `pushGroup.failed` add what is wrong with it (menus match /^pushGroup/). */
  group: 'pushGroup',
  series: 'pushSeries',
  more: 'more',
} as const;

export const gatewayNodeId = nodeId('pushgateway');
export const groupNodeId = (groupId: string) => nodeId('pushGroup', groupId);

function iso(ms: number | undefined): string {
  return ms === undefined ? 'never' : new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function gatewayItem(node: PushgatewayNode, state: PushgatewayState, nowMs: number): vscode.TreeItem {
  const t = new vscode.TreeItem(state.url ?? '(no URL)', vscode.TreeItemCollapsibleState.Expanded);
  t.id = node.id;
  t.contextValue = PUSHGATEWAY_CONTEXT.gateway;
  const polled = state.lastPollMs !== undefined ? ` · polled ${rowAge(state.lastPollMs, nowMs)}` : '';
  const failing = state.health !== 'ok' && state.health !== 'pending';
  t.description = failing
    ? `${healthText(state)}${state.groups.length ? ` · showing the ${plural(state.groups.length, 'group')} of ${rowAge(state.lastSuccessMs, nowMs)}` : ''}`
    : state.health === 'pending'
      ? 'connecting…'
      : `ok${polled} · stale after ${formatDuration(state.staleAfterMs)}`;
  t.iconPath = state.health === 'ok' ? themeIcon('pass-filled', 'charts.green') : state.health === 'pending' ? themeIcon('sync~spin') : themeIcon('error', 'errorForeground');
  return t;
}

export function gatewayTooltip(state: PushgatewayState, nowMs: number): vscode.MarkdownString {
  const failing = state.health !== 'ok' && state.health !== 'pending';
  return markdown(
    `**Pushgateway** \`${(state.url ?? '').replace(/`/g, "'")}\`\n\n` +
      `${failing ? '$(error)' : '$(pass)'} ${md(healthText(state))}\n\n` +
      `- last poll: ${formatAge(state.lastPollMs, nowMs)} (${iso(state.lastPollMs)})\n` +
      `- last success: ${formatAge(state.lastSuccessMs, nowMs)}\n` +
      `- ${md(groupCounts(state, nowMs))}; stale after ${formatDuration(state.staleAfterMs)} without a push\n` +
      (state.nextPollMs !== undefined ? `- next poll in ${Math.max(0, Math.round((state.nextPollMs - nowMs) / 1000))}s\n` : ''),
  );
}

export function groupContextValue(group: PushGroup, staleAfterMs: number, nowMs: number): string {
  if (!group.lastPushSuccessful) return `${PUSHGATEWAY_CONTEXT.group}.failed`;
  return isStale(group, staleAfterMs, nowMs) ? `${PUSHGATEWAY_CONTEXT.group}.stale` : PUSHGATEWAY_CONTEXT.group;
}

export function groupItem(node: PushgatewayNode, group: PushGroup, staleAfterMs: number, nowMs: number): vscode.TreeItem {
  const seriesCount = group.families.reduce((n, f) => n + f.series.length, 0);
  const t = new vscode.TreeItem(formatGroupingKey(group.groupingKey), seriesCount ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  t.id = node.id;
  t.contextValue = groupContextValue(group, staleAfterMs, nowMs);
  t.description = groupDescription(group, staleAfterMs, nowMs);
  const stale = isStale(group, staleAfterMs, nowMs);
  t.iconPath = !group.lastPushSuccessful ? themeIcon('error', 'errorForeground') : stale ? themeIcon('history', 'charts.yellow') : themeIcon('package', 'charts.green');
  return t;
}

export function groupTooltip(group: PushGroup, staleAfterMs: number, nowMs: number): vscode.MarkdownString {
  const seriesCount = group.families.reduce((n, f) => n + f.series.length, 0);
  const stale = isStale(group, staleAfterMs, nowMs);
  const age = groupAgeMs(group, nowMs);
  const keys = ['job', ...Object.keys(group.groupingKey).filter((k) => k !== 'job').sort()];
  return markdown(
    `**Pushgateway group**${stale ? ' · $(history) stale' : ''}${group.lastPushSuccessful ? '' : ' · $(error) last push failed'}\n\n` +
      `| label | value |\n|:--|:--|\n${keys.map((k) => `| ${md(k)} | ${group.groupingKey[k] === '' ? '_(empty)_' : md(group.groupingKey[k])} |`).join('\n')}\n\n` +
      `- last successful push: ${group.lastPushMs !== undefined ? `${formatAge(group.lastPushMs, nowMs)} (${iso(group.lastPushMs)})` : 'none'}\n` +
      `- last failed push: ${group.lastFailureMs !== undefined ? `${formatAge(group.lastFailureMs, nowMs)} (${iso(group.lastFailureMs)})` : 'none'}\n` +
      `- ${stale ? `stale: no push for ${age === undefined ? 'ever' : formatDuration(age)} (the threshold is ${formatDuration(staleAfterMs)})` : `not stale: it goes stale after ${formatDuration(staleAfterMs)} without a push`}\n` +
      `- ${plural(seriesCount, 'series', 'series')} in ${plural(group.families.length, 'metric family', 'metric families')}\n\n` +
      (group.lastPushSuccessful ? '' : 'The gateway refused the last push (often a metric whose type or help differs from another group\'s); it keeps the last good one.\n\n') +
      'Delete it with the trash icon; a job that pushes again creates it again.',
  );
}

export function goneRow(node: { id: string }): vscode.TreeItem {
  const t = new vscode.TreeItem('(no longer on the gateway)', vscode.TreeItemCollapsibleState.None);
  t.id = node.id;
  t.contextValue = MORE_CONTEXT;
  t.iconPath = themeIcon('circle-slash', 'disabledForeground');
  return t;
}
