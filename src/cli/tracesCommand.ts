/**
 * `telemetry-inspector traces`: find traces from the terminal. The CLI's engine lives in its own process, so
 * the command receives for a while (`--for`, or until Ctrl+C) like the main command, then prints the traces that
 * match the filter, newest first, with counts and a duration histogram; `--json` prints the same as JSON.
 */
import { formatDurationMs, plural } from '../core/format/format';
import type { ListenerState } from '../core/otlp/receiverStatus';
import { boundLabel, type DurationHistogram } from '../core/search/durationHistogram';
import { describeTraceFilter, traceFilterJson, type TraceQuery } from '../core/search/traceFilter';
import { searchTraces, type TraceHolder, type TraceSearchResult, type TraceSearchRow } from '../core/search/traceSearch';
import { describeListener, type Style } from './liveTree';
import { parseArgs, UsageError, type RunOptions } from './args';

export const TRACES_USAGE = `Usage: telemetry-inspector traces [filter] [--for <seconds>] [--json] [receiver options]

Runs the receivers like telemetry-inspector does, until Ctrl+C, SIGTERM or --for ends, then lists the
traces received that match, newest first, with how many matched and a histogram of their durations.
A trace that crosses services is one trace: --service and --instance match any service it passes through.

Filter:
  --error                   only traces with a span whose status is error
  --min-duration <d>        at least this long: 750us, 200ms, 1.5s, 2m
  --max-duration <d>        at most this long
  --service <name>          passing through this service (service.name, or namespace/name)
  --instance <id>           passing through this instance (service.instance.id, or host:pid)
  --name <text>             the root span's name contains this (any case)
  --exact-name <name>       the root span's name is exactly this
  --attr <key=value>        some span has this attribute (repeatable: each must hold), e.g. http.route=/checkout
  --since <when>            started within this long before the end (10m) or after this time (ISO, epoch ms)
  --until <when>            started before this long before the end, or before this time
  --limit <n>               list at most this many (default 50); counts and the histogram cover every match

Output:
  --json                    the result as JSON: filter, counts, histogram, traces
  --for <seconds>           receive for this long, then print

Receiver options are the main command's (--port, --grpc-port, --no-grpc, --host, --max-spans …; see --help).
Exits 0 when it printed (even when nothing matched), 1 when a flag is wrong or no receiver could start.`;

const DEFAULT_LIMIT = 50;

/** The `traces` command's arguments: the main command's, with `traces` set and the default limit. */
export function parseTracesArgs(argv: string[]): RunOptions | 'help' {
  const parsed = parseArgs(['traces', ...argv]);
  if (parsed.command === 'help') return 'help';
  if (parsed.command === 'version') throw new UsageError('traces has no --version (see traces --help)');
  const query: TraceQuery = parsed.traceQuery ?? { filter: {} };
  return { ...parsed, traces: true, traceQuery: { ...query, limit: query.limit ?? DEFAULT_LIMIT } };
}

/** The line on stderr while it receives (the tree is shown only on a terminal). */
export function collectingNote(listeners: Record<string, ListenerState>, options: RunOptions): string {
  const where = Object.entries(listeners)
    .map(([name, state]) => describeListener(name === 'http' ? 'OTLP/HTTP' : 'OTLP/gRPC', state))
    .join(' · ');
  const until = options.forSeconds !== undefined ? `for ${options.forSeconds} s (or until Ctrl+C)` : 'until Ctrl+C';
  return `telemetry-inspector: receiving on ${where} ${until}, then listing the traces that match\n`;
}

/** What the command prints at the end: the text report, or JSON with --json. */
export function tracesReport(holders: Iterable<TraceHolder>, options: RunOptions, style: Style, nowMs: number = Date.now()): string {
  const query = options.traceQuery ?? { filter: {} };
  const result = searchTraces(holders, query, nowMs);
  return options.json ? JSON.stringify(tracesJson(result, query), null, 2) + '\n' : renderTraces(result, query, style, nowMs).join('\n') + '\n';
}

export function tracesJson(result: TraceSearchResult, query: TraceQuery): object {
  return {
    filter: traceFilterJson(query),
    matched: result.matched,
    searched: result.searched,
    withErrors: result.withErrors,
    services: result.services,
    histogram: result.histogram,
    traces: result.rows.map((r) => ({ ...r, start: new Date(r.startTimeUnixNano / 1e6).toISOString() })),
  };
}

function renderTraces(result: TraceSearchResult, query: TraceQuery, style: Style, nowMs: number): string[] {
  const described = describeTraceFilter(query.filter);
  if (result.searched === 0) return [style.dim('No traces were received.')];
  if (result.matched === 0) return [`No trace matches ${described} ${style.dim(`(${plural(result.searched, 'trace')} received)`)}`];
  const lines: string[] = [];
  const shown = result.rows.length < result.matched ? `, newest ${result.rows.length} shown` : '';
  lines.push(
    `${described ? `${result.matched.toLocaleString('en-US')} of ${plural(result.searched, 'trace')} match ${described}` : plural(result.matched, 'trace')}` +
      style.dim(` (${plural(result.withErrors, 'with errors', 'with errors')}${shown})`),
  );
  lines.push('');
  lines.push(...table(result.rows, style, nowMs));
  lines.push('');
  lines.push(...histogramLines(result.histogram, style));
  return lines;
}

function table(rows: TraceSearchRow[], style: Style, nowMs: number): string[] {
  const cells = rows.map((r) => [
    timeOfDay(r.startTimeUnixNano / 1e6, nowMs),
    formatDurationMs(r.durationMs),
    String(r.spanCount),
    clip(r.rootName || '(no root)', 48),
    clip(r.services.length > 1 ? `${r.service} +${r.services.length - 1}` : r.service, 28) + (r.instance ? ` / ${clip(r.instance, 20)}` : ''),
    r.traceId,
  ]);
  const head = ['STARTED', 'DURATION', 'SPANS', 'ROOT', 'SERVICE / INSTANCE', 'TRACE ID'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  // Numbers right-aligned, text left-aligned; the mark before the root says error.
  const line = (row: string[], error: boolean) =>
    row
      .map((cell, c) => {
        const padded = c === 1 || c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]);
        return c === 3 ? `${error ? style.red('✗') : ' '} ${error ? style.red(padded) : padded}` : padded;
      })
      .join('  ')
      .trimEnd();
  return [style.dim(line(head, false)), ...cells.map((row, i) => line(row, rows[i].errorCount > 0))];
}

function histogramLines(h: DurationHistogram, style: Style): string[] {
  if (h.buckets.length === 0) return [];
  const labels = h.buckets.map((b) => `${boundLabel(b.fromMs)}–${b.toMs === null ? '' : boundLabel(b.toMs)}`);
  const width = Math.max(...labels.map((l) => l.length));
  const BAR = 30;
  return [
    style.dim('durations'),
    ...h.buckets.map((b, i) => {
      const n = b.count ? Math.max(1, Math.round((b.count / h.maxCount) * BAR)) : 0;
      return `  ${labels[i].padStart(width)}  ${'█'.repeat(n)}${b.count ? ` ${b.count}` : ''}`.trimEnd();
    }),
  ];
}

/** `14:03:27.120`, with the date in front when it is not today. */
function timeOfDay(ms: number, nowMs: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  const now = new Date(nowMs);
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? time : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}`;
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
