/**
 * The status bar tooltip's line about what is kept on disk: how much, what was dropped (the budget, a failing
 * disk, a backlog), and the error that stops writing now. No 'vscode' here: unit tests read it.
 */
import type { PersistenceStatus } from '../../core/api/engineApi';
import { formatAge, plural } from '../../core/format/format';
import { formatByteSize } from '../../core/store/limits';
import { md } from '../../core/views/tree/treeRow';

/** Markdown lines (with `$(icon)`s); one line when all is well, more when something was dropped or failed. */
export function persistenceLines(p: PersistenceStatus | undefined, nowMs = Date.now()): string[] {
  if (!p) return ['$(circle-slash) Kept in memory only (telemetryInspector.persistence.enabled is off): a reload loses it'];
  const held = `${plural(p.held.records, 'request')}, ${formatByteSize(p.held.bytes)} of ${formatByteSize(p.budgetBytes)}`;
  const lines: string[] = [];
  if (p.state === 'error') {
    const e = p.error;
    lines.push(`$(error) Keeping data on disk failed${e ? ` ${formatAge(e.sinceMs, nowMs)}` : ''}: ${md(e?.message ?? 'unknown error')}${e?.code ? ` (${e.code})` : ''}. The inspector goes on in memory; writing is tried again later.`);
    lines.push(`- On disk: ${held}`);
  } else {
    lines.push(`$(database) Kept on disk: ${held}${p.restored ? ` · ${plural(p.restored.records, 'request')} restored at start` : ''}`);
  }
  const d = p.dropped;
  if (d.budget.records) lines.push(`- Dropped the oldest ${plural(d.budget.records, 'request')} (${formatByteSize(d.budget.bytes)}) to stay within the size`);
  if (d.error.records) lines.push(`- $(error) Not written while the disk failed: ${plural(d.error.records, 'request')} (${formatByteSize(d.error.bytes)})`);
  if (d.backlog.records) lines.push(`- $(warning) Not written, the disk fell behind: ${plural(d.backlog.records, 'request')} (${formatByteSize(d.backlog.bytes)})`);
  const torn = p.restored?.warnings.length ?? 0;
  if (torn) lines.push(`- $(warning) ${plural(torn, 'damaged segment tail')} skipped at start: ${md(p.restored!.warnings[0].reason)}`);
  return lines;
}
