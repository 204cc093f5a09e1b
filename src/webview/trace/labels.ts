/**
 * The words and numbers the waterfall draws, from the same formatters as the tree and the CLI (core/format), so
 * a span reads "1.50s" everywhere. Pure (no DOM): unit-tested.
 */
import { formatDurationMs, formatNumber, plural } from '../../core/format/format';
import { traceTickLabel, type TraceLayout, type TraceRow } from '../../core/views/traceLayout';
import { clock } from '../shared/clock';

export const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
export const KIND_SHORT = ['—', 'int', 'srv', 'cli', 'pro', 'con'];

/** A span's duration, as on its bar and in the tree. */
export function spanDuration(ms: number): string {
  return formatDurationMs(ms);
}

/** An axis tick: the time from the trace's start ("0" at the start). */
export const tickLabel = traceTickLabel;

/** A row's tooltip: name, duration, start, service and error. */
export function rowTitle(r: TraceRow): string {
  return `${r.name} — ${spanDuration(r.durationMs)}, starts at +${spanDuration(r.startMs)}${r.service ? ` · ${r.service}` : ''}${r.error && r.statusMessage ? ` · ${r.statusMessage}` : ''}`;
}

/** The facts under the title: [class suffix, text]. */
export function headerFacts(layout: TraceLayout): [string, string][] {
  const parts: [string, string][] = [
    ['duration', spanDuration(layout.durationMs)],
    ['spans', plural(layout.rows.length, 'span')],
  ];
  if (layout.services.length > 1) parts.push(['services', plural(layout.services.length, 'service')]);
  else if (layout.services.length === 1) parts.push(['services', layout.services[0]]);
  parts.push(['depth', `depth ${layout.maxDepth + 1}`]);
  if (layout.startTimeUnixNano) parts.push(['start', `started ${clock(layout.startTimeUnixNano / 1e6, true)}`]);
  return parts;
}

/** The filter's count: "3 matches · 7 of 26 shown". */
export function filterCountText(matches: number, shown: number, total: number): string {
  return `${plural(matches, 'match', 'matches')} · ${formatNumber(shown)} of ${formatNumber(total)} shown`;
}
