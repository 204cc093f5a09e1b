/**
 * What the Pushgateway and Scrape Targets views, the status bar and the cleanup say, in words. No 'vscode' here,
 * so the words are unit-tested.
 */
import { formatAge, formatDurationMs, plural } from '../../format/format';
import type { DeleteOutcome } from '../../pushgateway/cleanup';
import { formatGroupingKey } from '../../pushgateway/groupingKey';
import type { PushgatewayState } from '../../pushgateway/poller';
import type { PushGroup } from '../../pushgateway/pushGroup';
import { isStale } from '../../pushgateway/staleness';
import { formatLabels } from '../../scrape/exposition';
import type { ScrapeTarget } from '../../scrape/scraper';

/**
 * An age for a tree row: as formatAge, but under a minute in steps of ten seconds ("just now", "10s ago",
 * "20s ago"), so a row is redrawn at most every ten seconds for its age alone (a redraw cancels a hover on it).
 * Tooltips keep the exact age.
 */
export function rowAge(thenMs: number | undefined, nowMs: number): string {
  if (thenMs === undefined) return formatAge(thenMs, nowMs);
  const s = Math.max(0, (nowMs - thenMs) / 1000);
  if (s >= 60) return formatAge(thenMs, nowMs);
  return s < 10 ? 'just now' : `${Math.floor(s / 10) * 10}s ago`;
}

/** "5 groups · 2 stale · 1 failed". */
export function groupCounts(state: PushgatewayState, nowMs: number): string {
  const stale = state.groups.filter((g) => isStale(g, state.staleAfterMs, nowMs)).length;
  const failed = state.groups.filter((g) => !g.lastPushSuccessful).length;
  return [plural(state.groups.length, 'group'), stale ? `${stale} stale` : '', failed ? `${failed} failed` : ''].filter(Boolean).join(' · ');
}

/** The health in words: "ok", "connecting…", "unreachable: connect ECONNREFUSED 127.0.0.1:9091". */
export function healthText(state: PushgatewayState): string {
  switch (state.health) {
    case 'ok':
      return 'ok';
    case 'pending':
      return 'connecting…';
    case 'off':
      return 'off';
    default:
      return `${state.health}: ${state.message}`;
  }
}

/** "pushed 7 min ago", "last push failed 2 min ago", with "· stale" when it is. */
export function groupDescription(group: PushGroup, staleAfterMs: number, nowMs: number): string {
  const parts: string[] = [];
  if (!group.lastPushSuccessful) parts.push(`last push failed ${rowAge(group.lastFailureMs, nowMs)}`);
  else if (group.lastPushMs !== undefined) parts.push(`pushed ${rowAge(group.lastPushMs, nowMs)}`);
  else parts.push('no push time');
  if (isStale(group, staleAfterMs, nowMs)) parts.push('stale');
  return parts.join(' · ');
}

/** "up · scraped 5s ago in 12ms · 42 series", "down · connect ECONNREFUSED … · 5s ago", "not scraped yet". */
export function targetDescription(t: ScrapeTarget, nowMs: number): string {
  const labels = Object.keys(t.labels).length ? ` · ${formatLabels(t.labels)}` : '';
  const took = t.lastDurationMs !== undefined ? ` in ${formatDurationMs(t.lastDurationMs)}` : '';
  switch (t.health) {
    case 'up':
      return `up · scraped ${rowAge(t.lastScrapeMs, nowMs)}${took} · ${plural(t.seriesCount, 'series', 'series')}${labels}`;
    case 'down':
      return `down · ${t.error} · ${rowAge(t.lastScrapeMs, nowMs)}${labels}`;
    default:
      return `not scraped yet${labels}`;
  }
}

export interface DeleteReport {
  deleted: PushGroup[];
  failed: DeleteOutcome[];
  /** Groups left alone after all, with the reason (pushed again since they were listed, or already gone). */
  kept: { group: PushGroup; reason: string }[];
}

const key = (g: PushGroup) => formatGroupingKey(g.groupingKey);

/** The report in one message: what was deleted, what failed and why, what was kept. */
export function deleteReportText(report: DeleteReport): string {
  const list = (groups: PushGroup[]) => (groups.length <= 5 ? groups.map(key).join('; ') : `${groups.slice(0, 5).map(key).join('; ')} and ${groups.length - 5} more`);
  const total = report.deleted.length + report.failed.length;
  const parts: string[] = [];
  if (report.failed.length === 0) parts.push(total ? `Deleted ${plural(report.deleted.length, 'Pushgateway group')}: ${list(report.deleted)}.` : 'Nothing was deleted.');
  else {
    parts.push(`Deleted ${report.deleted.length} of ${plural(total, 'Pushgateway group')}${report.deleted.length ? ` (${list(report.deleted)})` : ''}.`);
    parts.push(`Not deleted: ${report.failed.map((o) => `${key(o.group)}: ${o.error}`).join('; ')}.`);
  }
  if (report.kept.length) parts.push(`Left alone: ${report.kept.map((k) => `${key(k.group)} (${k.reason})`).join('; ')}.`);
  return parts.join(' ');
}
