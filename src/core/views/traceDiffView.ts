/**
 * The diff panel as data: two traces side by side (core/views/traceDiff matches their spans), each row with its
 * bar on both sides on one time scale, the change in words and a tone for colour, and the largest changes first.
 * The webview only draws.
 */
import { formatDurationMs, formatNumber, plural } from '../format/format';
import type { DiffKind, DiffSide, TraceDiff } from './traceDiff';

/** One side of the comparison, for the header. */
export interface DiffTraceInfo {
  traceId: string;
  /** The instance holding it, when one does (its waterfall opens there). */
  instanceKey?: string;
  rootName: string;
  /** Service · instance, as the tree names it. */
  source: string;
  /** Epoch ms of its start. */
  startMs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
}

/** How a row changed, for colour. */
export type DiffTone = 'slower' | 'faster' | 'same' | 'added' | 'removed';

export interface DiffBar {
  spanId: string;
  /** Start and width as fractions of the shared scale (the longer trace). */
  offset: number;
  width: number;
  duration: string;
  error: boolean;
  statusMessage: string;
}

export interface DiffRowView {
  kind: DiffKind;
  parent: number;
  depth: number;
  children: number;
  name: string;
  service: string;
  /** `#2` for the second sibling of the same name, else ''. */
  ordinal: string;
  path: string;
  baseline?: DiffBar;
  current?: DiffBar;
  deltaMs: number;
  /** `+12.0ms`, `−3.2ms`, `new`, `gone`. */
  delta: string;
  /** `×2.5` for a matched span whose duration moved by at least a tenth; ''. */
  ratio: string;
  tone: DiffTone;
  /** `now fails`, `fixed`, or ''. */
  statusChange: string;
}

export interface TraceDiffView {
  baseline: DiffTraceInfo;
  current: DiffTraceInfo;
  rows: DiffRowView[];
  /** Row indexes of the largest changes first: regressions, spans new on one side, status changes (at most TOP_CHANGES). */
  changes: number[];
  /** `5 matched · 2 only in this trace · 1 only in the baseline · 1 status change`. */
  summary: string;
  /** `+42.0ms (+18%)`: the whole trace's change. */
  totalDelta: string;
  totalTone: DiffTone;
  /** The scale both sides are drawn on, ms. */
  scaleMs: number;
}

const TOP_CHANGES = 12;

/** Below both of these, a matched span counts as unchanged: timers jitter by a little and by a few percent. */
const SAME_MS = 0.5;
const SAME_RATIO = 0.05;

export function deltaText(ms: number): string {
  if (ms === 0) return '±0';
  return `${ms > 0 ? '+' : '−'}${formatDurationMs(Math.abs(ms))}`;
}

function toneOf(kind: DiffKind, baseline: number | undefined, deltaMs: number): DiffTone {
  if (kind === 'currentOnly') return 'added';
  if (kind === 'baselineOnly') return 'removed';
  if (Math.abs(deltaMs) < SAME_MS || Math.abs(deltaMs) < SAME_RATIO * (baseline ?? 0)) return 'same';
  return deltaMs > 0 ? 'slower' : 'faster';
}

export function traceDiffView(diff: TraceDiff, baseline: DiffTraceInfo, current: DiffTraceInfo): TraceDiffView {
  const scaleMs = Math.max(diff.baselineDurationMs, diff.currentDurationMs);
  const frac = (ms: number) => (scaleMs > 0 ? Math.min(1, Math.max(0, ms / scaleMs)) : 0);
  const bar = (side: DiffSide | undefined): DiffBar | undefined =>
    side && {
      spanId: side.spanId,
      offset: frac(side.startMs),
      width: frac(side.durationMs),
      duration: formatDurationMs(side.durationMs),
      error: side.status === 'error',
      statusMessage: side.statusMessage,
    };
  const children = new Array<number>(diff.rows.length).fill(0);
  for (const r of diff.rows) if (r.parent >= 0) children[r.parent]++;
  const rows: DiffRowView[] = diff.rows.map((r, i) => {
    const tone = toneOf(r.kind, r.baseline?.durationMs, r.deltaMs);
    const moved = r.ratio !== undefined && Math.abs(r.ratio - 1) >= 0.1 && tone !== 'same';
    return {
      kind: r.kind,
      parent: r.parent,
      depth: r.depth,
      children: children[i],
      name: r.name,
      service: r.service,
      ordinal: r.sameNameSiblings > 1 ? `#${r.ordinal}` : '',
      path: r.path,
      baseline: bar(r.baseline),
      current: bar(r.current),
      deltaMs: r.deltaMs,
      delta: r.kind === 'currentOnly' ? 'new' : r.kind === 'baselineOnly' ? 'gone' : deltaText(r.deltaMs),
      ratio: moved ? `×${r.ratio! >= 10 ? Math.round(r.ratio!) : r.ratio!.toFixed(r.ratio! < 1 ? 2 : 1)}` : '',
      tone,
      statusChange: r.statusChanged ? (r.current?.status === 'error' ? 'now fails' : 'fixed') : '',
    };
  });
  // The largest changes: what got slower, then what is new or changed status, then what got faster or went away.
  const changes = diff.byRegression.filter((i) => rows[i].tone !== 'same' || rows[i].statusChange).slice(0, TOP_CHANGES);
  const parts = [`${formatNumber(diff.matched)} matched`];
  if (diff.currentOnly) parts.push(`${formatNumber(diff.currentOnly)} only in this trace`);
  if (diff.baselineOnly) parts.push(`${formatNumber(diff.baselineOnly)} only in the baseline`);
  if (diff.statusChanges) parts.push(plural(diff.statusChanges, 'status change'));
  const total = diff.currentDurationMs - diff.baselineDurationMs;
  const pct = diff.baselineDurationMs > 0 ? ` (${total >= 0 ? '+' : '−'}${Math.round((Math.abs(total) / diff.baselineDurationMs) * 100)}%)` : '';
  return {
    baseline,
    current,
    rows,
    changes,
    summary: parts.join(' · '),
    totalDelta: `${deltaText(total)}${pct}`,
    totalTone: toneOf('matched', diff.baselineDurationMs, total),
    scaleMs,
  };
}
