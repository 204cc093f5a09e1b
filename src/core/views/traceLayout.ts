/**
 * A trace's spans as the waterfall draws them: one row per span in depth-first order (children by start time),
 * each with its depth and its bar as fractions of one time axis shared by the whole trace. Pure data, sent to
 * the webview in one message; the webview only positions what is on screen.
 */
import { formatDurationMs } from '../format/format';
import { formatAttributeValue } from '../model/attributes';
import { genAiChip, genAiTotals, type GenAiTotals } from '../genai/genaiText';
import { StatusCode, type LogRecord, type SpanRecord } from '../model/records';
import { fitTicks, type TextWidth, type Tick } from './axisLabels';
import { logLevel, logsBySpan, logTime, type LogLevel } from './spanLogs';

/** A log record on its span's bar: where (a fraction of the axis) and how severe. */
export interface LogMark {
  at: number;
  level: LogLevel;
}

export interface TraceRow {
  spanId: string;
  /** Row index of the parent; -1 for roots, orphans and spans that closed a cycle. */
  parent: number;
  depth: number;
  name: string;
  /** The OTLP SpanKind number. */
  kind: number;
  /** The service the span came from; '' when the whole trace is one service. */
  service: string;
  /** Where the bar starts on the trace's axis, 0..1. */
  offset: number;
  /** How much of the axis the bar covers, 0..1 (0 for an instant or a span ending before it starts). */
  width: number;
  /** Start, from the trace's start. */
  startMs: number;
  durationMs: number;
  error: boolean;
  statusMessage: string;
  /** The span names a parent this trace does not hold (not received yet, evicted, or in another process). */
  orphan: boolean;
  /** Its parent chain loops back to itself; drawn as a root so nothing is lost. */
  cycle: boolean;
  /** Direct children, for the twisty. */
  children: number;
  /** Event times as fractions of the axis (at most MAX_MARKS), for marks on the bar. */
  marks: number[];
  /** Indexes into `marks` of events named "exception". */
  exceptionMarks: number[];
  /** The log records naming this span, as marks (at most MAX_MARKS; the most severe kept first). */
  logMarks: LogMark[];
  /** How many log records name this span. */
  logCount: number;
  /** Model and tokens for a GenAI span (`gpt-4o · 1.2k→56 tok`), '' for others. */
  genai: string;
}

export interface TraceLayout {
  traceId: string;
  startTimeUnixNano: number;
  durationMs: number;
  rows: TraceRow[];
  /** The name of the first true root, else of the first row. */
  rootName: string;
  services: string[];
  errorCount: number;
  orphanCount: number;
  cycleCount: number;
  /** Spans sent twice under one id across instances (a merged trace keeps the first). */
  duplicateCount: number;
  maxDepth: number;
  /** Log records placed on spans. */
  logCount: number;
  /** Log records of the trace naming no span it holds (no span id, or a span not received). */
  unplacedLogs: number;
  /** The trace's model calls and tokens; absent when it made none. */
  genai?: GenAiTotals;
}

export const MAX_MARKS = 16;

export interface LayoutOptions {
  /** Names the service of a span; only drawn when the spans come from more than one. */
  serviceOf?: (span: SpanRecord) => string;
  /** The trace's log records (store.traceLogs.logsOfTrace), placed on the spans they name. */
  logs?: Iterable<LogRecord>;
}

/** Spans → rows. Iterative, so a 5,000-deep chain cannot overflow the stack. */
export function layoutTrace(traceId: string, spans: Iterable<SpanRecord>, options: LayoutOptions = {}): TraceLayout {
  const byId = new Map<string, SpanRecord>();
  let duplicateCount = 0;
  for (const s of spans) {
    if (byId.has(s.spanId)) duplicateCount++;
    else byId.set(s.spanId, s);
  }
  const all = [...byId.values()];
  let start = Infinity;
  let end = -Infinity;
  for (const s of all) {
    if (s.startTimeUnixNano < start) start = s.startTimeUnixNano;
    const e = Math.max(s.startTimeUnixNano, s.endTimeUnixNano);
    if (e > end) end = e;
  }
  if (all.length === 0) start = end = 0;
  const total = end - start;

  const serviceNames = new Map<SpanRecord, string>();
  const services: string[] = [];
  if (options.serviceOf) {
    const seen = new Set<string>();
    for (const s of all) {
      const name = options.serviceOf(s);
      serviceNames.set(s, name);
      if (!seen.has(name)) {
        seen.add(name);
        services.push(name);
      }
    }
  }
  const showService = services.length > 1;

  const children = new Map<string, SpanRecord[]>();
  const roots: SpanRecord[] = [];
  for (const s of all) {
    if (s.parentSpanId && s.parentSpanId !== s.spanId && byId.has(s.parentSpanId)) {
      let list = children.get(s.parentSpanId);
      if (!list) children.set(s.parentSpanId, (list = []));
      list.push(s);
    } else if (s.parentSpanId === s.spanId) {
      // Its own parent: the smallest cycle. Drawn as a root below, with the other cycles.
    } else {
      roots.push(s);
    }
  }
  const byStart = (a: SpanRecord, b: SpanRecord) => a.startTimeUnixNano - b.startTimeUnixNano || (a.spanId < b.spanId ? -1 : 1);
  for (const list of children.values()) list.sort(byStart);
  // True roots first, then orphans, each by start time: the trace reads from its entry point.
  roots.sort((a, b) => Number(a.parentSpanId !== '') - Number(b.parentSpanId !== '') || byStart(a, b));

  const logs = logsBySpan(options.logs ?? []);
  let logCount = 0;
  const rows: TraceRow[] = [];
  const placed = new Set<string>();
  let maxDepth = 0;
  let errorCount = 0;
  let orphanCount = 0;
  let cycleCount = 0;

  const walk = (root: SpanRecord, how: 'root' | 'orphan' | 'cycle') => {
    const stack: { span: SpanRecord; parent: number; depth: number }[] = [{ span: root, parent: -1, depth: 0 }];
    while (stack.length) {
      const { span, parent, depth } = stack.pop()!;
      if (placed.has(span.spanId)) continue;
      placed.add(span.spanId);
      const index = rows.length;
      const kids = children.get(span.spanId) ?? [];
      const isRoot = parent === -1;
      const spanLogs = logs.get(span.spanId);
      const row = rowOf(span, parent, depth, start, total, showService ? (serviceNames.get(span) ?? '') : '', spanLogs);
      logCount += row.logCount;
      row.children = kids.length;
      if (isRoot && how === 'orphan') {
        row.orphan = true;
        orphanCount++;
      }
      if (isRoot && how === 'cycle') {
        row.cycle = true;
        cycleCount++;
      }
      if (row.error) errorCount++;
      if (depth > maxDepth) maxDepth = depth;
      rows.push(row);
      // Pushed in reverse so the earliest child is drawn first.
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], parent: index, depth: depth + 1 });
    }
  };
  for (const r of roots) walk(r, r.parentSpanId ? 'orphan' : 'root');
  // Whatever is left hangs off a parent chain that loops: no root reaches it. Break each loop at its earliest span.
  if (placed.size < all.length) {
    const left = all.filter((s) => !placed.has(s.spanId)).sort(byStart);
    for (const s of left) if (!placed.has(s.spanId)) walk(s, 'cycle');
  }

  const firstTrueRoot = rows.find((r) => r.parent === -1 && !r.orphan && !r.cycle);
  let allLogs = 0;
  for (const list of logs.values()) allLogs += list.length;
  const genai = genAiTotals(all);
  return {
    traceId,
    startTimeUnixNano: start,
    durationMs: total / 1e6,
    rows,
    rootName: (firstTrueRoot ?? rows[0])?.name ?? '',
    services,
    errorCount,
    orphanCount,
    cycleCount,
    duplicateCount,
    maxDepth,
    logCount,
    unplacedLogs: allLogs - logCount,
    ...(genai ? { genai } : {}),
  };
}

const LEVEL_RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2 };

function rowOf(span: SpanRecord, parent: number, depth: number, start: number, total: number, service: string, logs: readonly LogRecord[] = []): TraceRow {
  const s = span.startTimeUnixNano;
  const e = Math.max(s, span.endTimeUnixNano);
  const frac = (t: number) => (total > 0 ? clamp01((t - start) / total) : 0);
  const marks: number[] = [];
  const exceptionMarks: number[] = [];
  for (const ev of span.events) {
    if (marks.length >= MAX_MARKS) break;
    if (ev.name === 'exception') exceptionMarks.push(marks.length);
    marks.push(frac(ev.timeUnixNano || s));
  }
  // Past MAX_MARKS, the most severe records are the ones worth a mark.
  const chosen = logs.length <= MAX_MARKS ? logs : [...logs].sort((a, b) => LEVEL_RANK[logLevel(a.severityNumber, a.severityText)] - LEVEL_RANK[logLevel(b.severityNumber, b.severityText)]).slice(0, MAX_MARKS);
  const logMarks: LogMark[] = chosen.map((r) => ({ at: frac(logTime(r) || s), level: logLevel(r.severityNumber, r.severityText) }));
  return {
    spanId: span.spanId,
    parent,
    depth,
    name: span.name,
    kind: span.kind,
    service,
    offset: frac(s),
    width: total > 0 ? clamp01((e - s) / total) : 0,
    startMs: (s - start) / 1e6,
    durationMs: (e - s) / 1e6,
    error: span.statusCode === StatusCode.Error,
    statusMessage: span.statusMessage,
    orphan: false,
    cycle: false,
    children: 0,
    marks,
    exceptionMarks,
    logMarks,
    logCount: logs.length,
    genai: genAiChip(span),
  };
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** The words of a filter, lowercased; every one must be found in a span for it to match. */
export function filterTokens(query: string): string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/**
 * Whether a span matches every token, each somewhere in: its name, service, status message, span id, event
 * names, or an attribute as `key=value` (so `http.route=/checkout`, `route` and `/checkout` all find it).
 */
export function spanMatches(span: SpanRecord, service: string, tokens: readonly string[]): boolean {
  if (tokens.length === 0) return true;
  const texts = [span.name, service, span.statusMessage, span.spanId];
  for (const [k, v] of Object.entries(span.attributes)) texts.push(`${k}=${formatAttributeValue(v)}`);
  for (const ev of span.events) texts.push(ev.name);
  const haystack = texts.join('\n').toLowerCase();
  return tokens.every((t) => haystack.includes(t));
}

export interface RowFilter {
  /** Row indices to draw, in order: the matches and every ancestor of a match. */
  visible: number[];
  /** Row indices that matched themselves (drawn highlighted). */
  matches: number[];
}

/** Keeps the rows that match and the ancestors of each (so a match is always seen in its place in the tree). */
export function filterRows(rows: readonly TraceRow[], isMatch: (index: number) => boolean): RowFilter {
  const keep = new Uint8Array(rows.length);
  const matches: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (!isMatch(i)) continue;
    matches.push(i);
    // Walk up until a row already kept: its ancestors are kept too, so each row is visited once overall.
    for (let j = i; j !== -1 && !keep[j]; j = rows[j].parent) keep[j] = 1;
  }
  const visible: number[] = [];
  for (let i = 0; i < rows.length; i++) if (keep[i]) visible.push(i);
  return { visible, matches };
}

/** An axis tick's label: the time from the trace's start, as durations are written everywhere ("0" at the start). */
export function traceTickLabel(ms: number): string {
  return ms === 0 ? '0' : formatDurationMs(ms);
}

/** The waterfall's time axis for a trace of `durationMs` drawn `widthPx` wide: as many ticks as their labels allow. */
export function traceTicks(durationMs: number, widthPx: number, textWidth: TextWidth): Tick[] {
  return fitTicks(durationMs, widthPx, traceTickLabel, textWidth);
}

/** Where a span's duration label goes: after its bar, before it, or inside it (over the bar's right end). */
export type DurationSide = 'after' | 'before' | 'inside';

/**
 * Places a duration label of `labelPx` beside a bar at `offset`/`width` (fractions of a time cell `cellPx`
 * wide) so that it stays inside the cell, never over the span names left of it: after the bar where there is
 * room, else before it, else inside the bar when the bar is wide enough, else on the side with more room
 * (where the cell clips it).
 */
export function durationSide(offset: number, width: number, cellPx: number, labelPx: number, padPx = 5): DurationSide {
  const need = labelPx + padPx;
  const after = cellPx * (1 - offset - width);
  const before = cellPx * offset;
  if (after >= need) return 'after';
  if (before >= need) return 'before';
  if (cellPx * width >= need + padPx) return 'inside';
  return after >= before ? 'after' : 'before';
}
