/** The words the diff panel draws. Pure (no DOM): unit-tested. */
import { formatDurationMs, plural } from '../../core/format/format';
import type { DiffRowView, DiffTraceInfo } from '../../core/views/traceDiffView';
import { clock } from '../shared/clock';

/** A side's line under its heading: `shop · shop-1 · started 14:03:27.084 · 1.20s · 12 spans · 1 error`. */
export function sideFacts(t: DiffTraceInfo): string {
  const parts = [t.source, `started ${clock(t.startMs, true)}`, formatDurationMs(t.durationMs), plural(t.spanCount, 'span')];
  if (t.errorCount) parts.push(plural(t.errorCount, 'error'));
  return parts.join(' · ');
}

/** A row's tooltip: its path and both durations. */
export function diffRowTitle(r: DiffRowView): string {
  const b = r.baseline ? `baseline ${r.baseline.duration}${r.baseline.error ? ' (error)' : ''}` : 'not in the baseline';
  const c = r.current ? `this trace ${r.current.duration}${r.current.error ? ' (error)' : ''}` : 'not in this trace';
  return `${r.path}\n${b} → ${c}${r.kind === 'matched' ? ` (${r.delta}${r.ratio ? `, ${r.ratio}` : ''})` : ''}${r.statusChange ? ` · ${r.statusChange}` : ''}`;
}

/** A change in the "largest changes" list: `+90ms ×2.5 · now fails`. */
export function changeText(r: DiffRowView): string {
  return [r.delta, r.ratio, r.statusChange].filter((s) => s !== '').join(' · ');
}
