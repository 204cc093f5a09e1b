/**
 * The words and numbers the search panel draws, from the shared formatters. Pure (no DOM): unit-tested.
 */
import { formatNumber, plural } from '../../core/format/format';
import type { HistogramBar, SearchRow } from '../../core/views/traceSearchView';
import { clock } from '../shared/clock';

/** A trace's start: the time today, else the date and the time (`05-02 14:03:27`). */
export function startText(startMs: number, nowMs: number): string {
  const d = new Date(startMs);
  const now = new Date(nowMs);
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return clock(startMs, true);
  return `${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${clock(startMs)}`;
}

/** A row's tooltip. */
export function rowTitle(r: SearchRow): string {
  const parts = [`${r.name} — ${r.duration}`, `${plural(r.spans, 'span')}`, `${r.service} · ${r.instance}`];
  if (r.errors) parts.push(plural(r.errors, 'error'));
  if (r.partial) parts.push('its root span has not arrived');
  return `${parts.join(' · ')}\ntrace ${r.traceId}`;
}

/** A histogram bar's tooltip: `200ms–500ms: 12 traces (click to filter)`. */
export function barTitle(b: HistogramBar): string {
  return `${b.label}: ${plural(b.count, 'trace')}${b.count ? ' — click to keep only these' : ''}`;
}

/**
 * The width of a row's duration bar, 0..1: on a log scale from half the shortest shown to the longest, so among
 * 2 ms and 2 s both read, and among 70 ms and 500 ms the difference shows.
 */
export function durationFraction(ms: number, maxMs: number, minMs = 0.001): number {
  if (!(ms > 0) || !(maxMs > 0)) return 0;
  const lo = Math.log10(Math.max(0.001, Math.min(minMs, maxMs) / 2));
  const hi = Math.log10(Math.max(maxMs, 0.002));
  if (hi <= lo) return 1;
  return Math.max(0.02, Math.min(1, (Math.log10(Math.max(ms, 0.001)) - lo) / (hi - lo)));
}

/** A service chip: `shop 12`. */
export function serviceChip(s: { service: string; count: number }): string {
  return `${s.service} ${formatNumber(s.count)}`;
}
