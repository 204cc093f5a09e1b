/**
 * The words and numbers the waterfall draws, from the same formatters as the tree and the CLI (core/format), so
 * a span reads "1.50s" everywhere. Pure (no DOM): unit-tested.
 */
import { formatDurationMs, formatNumber, plural } from '../../core/format/format';
import { genAiTotalsText } from '../../core/genai/genaiText';
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

/** A row's tooltip: name, duration, start, service and error; its logs and GenAI call when it has them. */
export function rowTitle(r: TraceRow): string {
  const extra = [r.genai, r.logCount ? plural(r.logCount, 'log record') : ''].filter((s) => s).join(' · ');
  return `${r.name} — ${spanDuration(r.durationMs)}, starts at +${spanDuration(r.startMs)}${r.service ? ` · ${r.service}` : ''}${r.error && r.statusMessage ? ` · ${r.statusMessage}` : ''}${extra ? `\n${extra}` : ''}`;
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
  const logs = layout.logCount + layout.unplacedLogs;
  if (logs) parts.push(['logs', plural(logs, 'log record')]);
  if (layout.genai) parts.push(['genai', genAiTotalsText(layout.genai)]);
  return parts;
}

/** The banner's note on log records the waterfall cannot place on a span; '' when there are none. */
export function unplacedLogsNote(layout: TraceLayout): string {
  if (!layout.unplacedLogs) return '';
  return `${plural(layout.unplacedLogs, 'log record')} of this trace name no span it holds (no span id, or a span not received): see them in the Logs of the instance.`;
}

/** A log mark's tooltip on a bar. */
export function logMarkTitle(level: string, count: number): string {
  return `${level === 'error' ? 'error log' : level === 'warn' ? 'warning log' : 'log'} — select the span to read its ${plural(count, 'log record')}`;
}

/** The filter's count: "3 matches · 7 of 26 shown". */
export function filterCountText(matches: number, shown: number, total: number): string {
  return `${plural(matches, 'match', 'matches')} · ${formatNumber(shown)} of ${formatNumber(total)} shown`;
}
