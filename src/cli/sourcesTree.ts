import { formatAge, formatDurationMs, plural } from '../core/format/format';
import { formatGroupingKey } from '../core/pushgateway/groupingKey';
import type { PushgatewayState } from '../core/pushgateway/poller';
import { isStale, lastActivityMs } from '../core/pushgateway/staleness';
import { summarizePromSeries } from '../core/format/promSeries';
import { formatLabels, type PromFamily } from '../core/scrape/exposition';
import type { FileSdState } from '../core/scrape/fileSd';
import type { ScrapeTarget } from '../core/scrape/scraper';
import type { Style } from './liveTree';

const MAX_GROUPS = 30;
const MAX_SERIES_PER_ITEM = 4;

function seriesLines(families: readonly PromFamily[], pad: string, style: Style, nowMs: number): string[] {
  const lines: string[] = [];
  let total = 0;
  for (const f of families) {
    for (const s of f.series) {
      total++;
      if (lines.length < MAX_SERIES_PER_ITEM) lines.push(`${pad}${f.name}${style.dim(formatLabels(s.labels))}  ${summarizePromSeries(s, f, nowMs)}`);
    }
  }
  if (total > lines.length) lines.push(style.dim(`${pad}… and ${total - lines.length} more series`));
  return lines;
}

/** The Pushgateway's groups: grouping key, age of the last push, stale and failed markers, a few series. */
export function renderPushgateway(state: PushgatewayState, style: Style, nowMs: number = Date.now()): string[] {
  if (state.health === 'off') return [];
  const lines: string[] = [''];
  const stale = state.groups.filter((g) => isStale(g, state.staleAfterMs, nowMs)).length;
  const failed = state.groups.filter((g) => !g.lastPushSuccessful).length;
  const counts = [plural(state.groups.length, 'group'), stale ? style.yellow(`${stale} stale`) : '', failed ? style.red(`${failed} failed`) : ''].filter(Boolean).join(', ');
  let health: string;
  switch (state.health) {
    case 'ok':
      health = style.green('ok');
      break;
    case 'pending':
      health = style.dim('connecting…');
      break;
    default:
      health = style.red(`${state.health}: ${state.message}`);
  }
  const polled = state.lastPollMs !== undefined ? style.dim(` · polled ${formatAge(state.lastPollMs, nowMs)}`) : '';
  lines.push(`${style.bold('Pushgateway')} ${state.url ?? ''} ${style.dim('—')} ${health} ${style.dim('—')} ${counts}${polled}`);
  const shown = state.groups.slice(0, MAX_GROUPS);
  shown.forEach((g, idx) => {
    const last = idx === shown.length - 1 && state.groups.length <= MAX_GROUPS;
    const branch = last ? '└─ ' : '├─ ';
    const pad = last ? '   ' : '│  ';
    const marks = [
      isStale(g, state.staleAfterMs, nowMs) ? style.yellow('STALE') : '',
      g.lastPushSuccessful ? '' : style.red(`FAILED ${g.lastFailureMs !== undefined ? formatAge(g.lastFailureMs, nowMs) : ''}`.trim()),
    ].filter(Boolean);
    const pushed = g.lastPushMs !== undefined ? `last push ${formatAge(g.lastPushMs, nowMs)}` : `no successful push${lastActivityMs(g) !== undefined ? '' : ' yet'}`;
    lines.push(`${branch}${formatGroupingKey(g.groupingKey)}  ${style.dim(pushed)}${marks.length ? ` ${marks.join(' ')}` : ''}`);
    lines.push(...seriesLines(g.families, `${pad}  `, style, nowMs));
  });
  if (state.groups.length > MAX_GROUPS) lines.push(style.dim(`└─ … and ${state.groups.length - MAX_GROUPS} more groups`));
  return lines;
}

/** Scrape targets: up/down, last scrape, duration, error, a few series; file_sd files with an error. */
export function renderScrape(targets: readonly ScrapeTarget[], files: readonly FileSdState[], style: Style, nowMs: number = Date.now()): string[] {
  if (!targets.length && !files.length) return [];
  const up = targets.filter((t) => t.health === 'up').length;
  const down = targets.filter((t) => t.health === 'down').length;
  const lines: string[] = ['', `${style.bold('Scrape targets')} ${style.dim('—')} ${[`${up} up`, down ? style.red(`${down} down`) : ''].filter(Boolean).join(', ')}`];
  for (const f of files) {
    const status = f.error ? style.red(`error: ${f.error}${f.targetCount ? ` (keeping ${plural(f.targetCount, 'target')} from the last good read)` : ''}`) : style.dim(plural(f.targetCount, 'target'));
    lines.push(`${style.dim('file_sd')} ${f.path}  ${status}`);
  }
  targets.forEach((t, idx) => {
    const last = idx === targets.length - 1;
    const branch = last ? '└─ ' : '├─ ';
    const pad = last ? '   ' : '│  ';
    const mark = t.health === 'up' ? style.green('●') : t.health === 'down' ? style.red('✗') : style.dim('○');
    const when = t.lastScrapeMs !== undefined ? ` · ${formatAge(t.lastScrapeMs, nowMs)}` : '';
    const took = t.lastDurationMs !== undefined ? ` · ${formatDurationMs(t.lastDurationMs)}` : '';
    const status = t.health === 'up' ? `up · ${plural(t.seriesCount, 'series', 'series')}` : t.health === 'down' ? style.red(`down: ${t.error}`) : 'not scraped yet';
    const labels = Object.keys(t.labels).length ? ` ${style.dim(formatLabels(t.labels))}` : '';
    lines.push(`${branch}${mark} ${t.url}${labels}  ${status}${style.dim(took + when)}`);
    if (t.health === 'up') lines.push(...seriesLines(t.families, `${pad}  `, style, nowMs));
  });
  return lines;
}
