/**
 * Clean Stale Pushgateway Groups and Delete Group. Nothing is deleted without the user seeing what and saying
 * yes: a multi-select list (the stale groups checked), a modal confirmation naming how many, then one DELETE per
 * group by its whole grouping key, and a report of what went and what did not (and why).
 */
import * as vscode from 'vscode';
import { plural } from '../../core/format/format';
import { selectStaleGroups } from '../../core/pushgateway/cleanup';
import { formatDuration } from '../../core/pushgateway/duration';
import { formatGroupingKey } from '../../core/pushgateway/groupingKey';
import type { EngineApi } from '../../core/api/engineApi';
import type { PushgatewayState } from '../../core/pushgateway/poller';
import type { PushGroup } from '../../core/pushgateway/pushGroup';
import { isStale, lastActivityMs } from '../../core/pushgateway/staleness';
import { deleteReportText, groupDescription, type DeleteReport } from '../../core/views/tree/sourceText';
import { SECTION, SETTING } from '../settings/settings';

/**
 * `{ confirm: true }` skips the list and the confirmation (the stale groups are taken as checked). Honored
 * only when the extension runs under a test runner: a user always sees the list and the question.
 */
export interface DeleteHook {
  confirm?: boolean;
}

export type { DeleteReport };

export function isDeleteHook(value: unknown): value is DeleteHook {
  return !!value && typeof value === 'object' && !Array.isArray(value) && (value as DeleteHook).confirm === true;
}

const key = (g: PushGroup) => formatGroupingKey(g.groupingKey);

/** Reads the gateway now, so the list is not older than the question; undefined (and a message) when it cannot. */
async function freshState(api: EngineApi): Promise<PushgatewayState | undefined> {
  if (!api.status.pushgateway.url) {
    const open = 'Open Settings';
    void vscode.window
      .showErrorMessage('No Pushgateway is set: set telemetryInspector.pushgateway.url (or PUSHGATEWAY_URL) first.', open)
      .then((picked) => picked === open && vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.${SETTING.pushgatewayUrl}`));
    return undefined;
  }
  const state = await api.pollPushgateway();
  if (state.health !== 'ok') {
    void vscode.window.showErrorMessage(`The Pushgateway at ${state.url} could not be read (${state.health}): ${state.message}. Nothing was deleted.`);
    return undefined;
  }
  return state;
}

export async function cleanStaleGroups(api: EngineApi, hook: DeleteHook | undefined): Promise<DeleteReport | undefined> {
  const state = await freshState(api);
  if (!state) return undefined;
  const now = Date.now();
  const stale = selectStaleGroups(state.groups, { olderThanMs: state.staleAfterMs, nowMs: now });
  const threshold = formatDuration(state.staleAfterMs);
  let chosen: PushGroup[];
  if (hook?.confirm) {
    chosen = stale;
  } else {
    if (state.groups.length === 0) {
      void vscode.window.showInformationMessage(`The Pushgateway at ${state.url} holds no groups.`);
      return undefined;
    }
    const picked = await pickGroups(state, stale, now, threshold);
    if (!picked || picked.length === 0) return undefined;
    if (!(await confirm(picked, state.url!))) return undefined;
    chosen = picked;
  }
  if (chosen.length === 0) {
    void vscode.window.showInformationMessage(`No Pushgateway group is stale (none without a push for over ${threshold}). Nothing was deleted.`);
    return { deleted: [], failed: [], kept: [] };
  }
  return deleteAndReport(api, chosen, new Set(stale.map((g) => g.id)));
}

export async function deleteOneGroup(api: EngineApi, group: PushGroup | undefined, hook: DeleteHook | undefined): Promise<DeleteReport | undefined> {
  let target = group;
  if (!target) {
    const state = await freshState(api);
    if (!state) return undefined;
    if (!state.groups.length) {
      void vscode.window.showInformationMessage(`The Pushgateway at ${state.url} holds no groups.`);
      return undefined;
    }
    const now = Date.now();
    const picked = await vscode.window.showQuickPick(
      state.groups.map((g) => ({ label: key(g), description: groupDescription(g, state.staleAfterMs, now), group: g })),
      { title: 'Delete Pushgateway Group', placeHolder: 'The group to delete', matchOnDescription: true },
    );
    if (!picked) return undefined;
    target = picked.group;
  }
  if (!hook?.confirm && !(await confirm([target], api.status.pushgateway.url ?? ''))) return undefined;
  return deleteAndReport(api, [target], new Set());
}

async function pickGroups(state: PushgatewayState, stale: PushGroup[], now: number, threshold: string): Promise<PushGroup[] | undefined> {
  type Item = vscode.QuickPickItem & { group?: PushGroup };
  const staleIds = new Set(stale.map((g) => g.id));
  const fresh = state.groups.filter((g) => !staleIds.has(g.id)).sort((a, b) => key(a).localeCompare(key(b)));
  const item = (g: PushGroup, picked: boolean): Item => ({
    label: key(g),
    description: groupDescription(g, state.staleAfterMs, now),
    iconPath: new vscode.ThemeIcon(!g.lastPushSuccessful ? 'error' : picked ? 'history' : 'package'),
    picked,
    group: g,
  });
  const items: Item[] = [];
  if (stale.length) items.push({ label: 'stale', kind: vscode.QuickPickItemKind.Separator }, ...stale.map((g) => item(g, true)));
  if (fresh.length) items.push({ label: 'recent', kind: vscode.QuickPickItemKind.Separator }, ...fresh.map((g) => item(g, false)));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Clean Stale Pushgateway Groups · ${state.url}`,
    placeHolder: stale.length
      ? `${plural(stale.length, 'stale group')} checked (no push for ${threshold}); Enter to confirm`
      : `No group is stale (no push for ${threshold}); check any to delete`,
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return picked?.map((p) => p.group).filter((g): g is PushGroup => !!g);
}

async function confirm(groups: PushGroup[], url: string): Promise<boolean> {
  const shown = groups.slice(0, 10).map(key);
  if (groups.length > shown.length) shown.push(`… and ${groups.length - shown.length} more`);
  const question =
    groups.length === 1 ? `Delete the Pushgateway group ${key(groups[0])}? This cannot be undone.` : `Delete ${groups.length} Pushgateway groups? This cannot be undone.`;
  const answer = await vscode.window.showWarningMessage(
    question,
    {
      modal: true,
      detail: `${groups.length === 1 ? '' : `${shown.join('\n')}\n\n`}Their series are removed from ${url}. A job that pushes again creates its group again.`,
    },
    'Delete',
  );
  return answer === 'Delete';
}

async function deleteAndReport(api: EngineApi, chosen: PushGroup[], pickedAsStale: Set<string>): Promise<DeleteReport> {
  // A group shown as stale may have been pushed since the list was read: it is alive again, so it stays.
  const kept: DeleteReport['kept'] = [];
  const latest = await api.pollPushgateway();
  const toDelete: PushGroup[] = [];
  for (const g of chosen) {
    const current = latest.health === 'ok' ? latest.groups.find((x) => x.id === g.id) : g;
    if (!current) kept.push({ group: g, reason: 'already gone' });
    else if (pickedAsStale.has(g.id) && (lastActivityMs(current) ?? 0) > (lastActivityMs(g) ?? 0) && !isStale(current, latest.staleAfterMs)) kept.push({ group: g, reason: 'pushed again since it was listed' });
    else toDelete.push(current);
  }
  const outcomes = toDelete.length
    ? await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Deleting ${plural(toDelete.length, 'Pushgateway group')}…` },
        () => api.deletePushGroups(toDelete),
      )
    : [];
  const report: DeleteReport = { deleted: outcomes.filter((o) => o.deleted).map((o) => o.group), failed: outcomes.filter((o) => !o.deleted), kept };
  void vscode.window[report.failed.length ? 'showErrorMessage' : 'showInformationMessage'](deleteReportText(report));
  return report;
}
