/**
 * The span list, virtualized: fixed-height rows, and a pool of DOM rows re-filled with the rows on screen as the
 * user scrolls (a 5,000-span trace draws a few dozen elements).
 */
import { formatNumber, plural } from '../../core/format/format';
import { durationSide } from '../../core/views/traceLayout';
import { el, fontOf, textMeasurer } from '../shared/dom';
import { KIND, KIND_SHORT, logMarkTitle, rowTitle, spanDuration } from './labels';
import type { TracePage } from './page';
import type { TraceSession } from './session';

/** Must match --row-h in trace.css. */
export const ROW_H = 22;
const OVERSCAN = 10;
const SERVICE_COLORS = 6;

export class RowList {
  private readonly pool: HTMLElement[] = [];
  /** Width of the time cells in px (the axis's), read once per render. */
  private cellPx = 0;
  private measure: ((text: string) => number) | undefined;

  constructor(
    private readonly page: TracePage,
    private readonly session: TraceSession,
    private readonly selected: () => string | null,
  ) {}

  /** Forces every pooled row to be filled again (a new layout may hold other rows at the same index). */
  invalidate(): void {
    for (const rowEl of this.pool) rowEl.dataset.key = '';
  }

  /** Sets the list's height for the rows in order (before restoring a scroll position). */
  sizeSpacer(): void {
    this.page.spacer.style.height = `${this.session.order.length * ROW_H}px`;
  }

  /** Draws the rows in view; returns how many DOM rows are showing. */
  render(filterText: string): number {
    const { layout, order } = this.session;
    if (!layout) return 0;
    const { viewport, empty } = this.page;
    this.sizeSpacer();
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    const last = Math.min(order.length, Math.ceil((top + height) / ROW_H) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) this.pool.push(this.makeRow());
    this.cellPx = this.page.axisTicks.clientWidth;
    if (!this.measure && this.pool.length) this.measure = textMeasurer(fontOf(this.pool[0].querySelector('.dur')!));
    for (let j = 0; j < this.pool.length; j++) {
      const rowEl = this.pool[j];
      if (j < needed) {
        const k = first + j;
        rowEl.hidden = false;
        rowEl.style.transform = `translateY(${k * ROW_H}px)`;
        this.fillRow(rowEl, order[k]);
      } else if (!rowEl.hidden) {
        rowEl.hidden = true;
        rowEl.dataset.key = '';
      }
    }
    empty.hidden = order.length > 0;
    empty.textContent = layout.rows.length === 0 ? 'No spans.' : `No span matches “${filterText}”.`;
    return needed;
  }

  /** Scrolls just enough to show the k-th row drawn. */
  scrollToOrder(k: number): void {
    const { viewport } = this.page;
    const top = k * ROW_H;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_H > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_H - viewport.clientHeight;
  }

  /** The row index under a DOM element of the list, if any. */
  rowAt(target: EventTarget | null): number | undefined {
    const rowEl = target instanceof Element ? target.closest<HTMLElement>('.row') : null;
    return rowEl ? Number(rowEl.dataset.i) : undefined;
  }

  private makeRow(): HTMLElement {
    const row = el('div', 'row');
    row.setAttribute('role', 'treeitem');
    const name = el('div', 'cell-name');
    name.append(el('span', 'twisty'), el('span', 'kind'), el('span', 'name'), el('span', 'svc'), el('span', 'flag'), el('span', 'ai'), el('span', 'logs'));
    const time = el('div', 'cell-time');
    time.append(el('div', 'bar'), el('span', 'dur'));
    row.append(name, time);
    this.page.spacer.append(row);
    return row;
  }

  private fillRow(rowEl: HTMLElement, i: number): void {
    const { layout, generation, matches, collapsed, filterKeep, serviceIndex } = this.session;
    const r = layout!.rows[i];
    const selected = r.spanId === this.selected();
    const key = `${generation}|${i}|${selected}|${matches.has(i)}|${collapsed.has(r.spanId)}|${this.cellPx}`;
    if (rowEl.dataset.key === key) return;
    rowEl.dataset.key = key;
    rowEl.dataset.i = String(i);
    rowEl.classList.toggle('selected', selected);
    rowEl.classList.toggle('error', r.error);
    rowEl.classList.toggle('match', matches.has(i));
    rowEl.setAttribute('aria-level', String(r.depth + 1));
    rowEl.setAttribute('aria-selected', String(selected));
    if (r.children) rowEl.setAttribute('aria-expanded', String(!collapsed.has(r.spanId)));
    else rowEl.removeAttribute('aria-expanded');
    const [nameCell, timeCell] = [...rowEl.children] as HTMLElement[];
    nameCell.style.paddingLeft = `${4 + Math.min(r.depth, 40) * 14}px`;
    const [twisty, kind, label, svc, flag, ai, logs] = [...nameCell.children] as HTMLElement[];
    ai.textContent = r.genai;
    ai.title = r.genai ? `GenAI call: ${r.genai}` : '';
    logs.textContent = r.logCount ? `▤ ${r.logCount}` : '';
    logs.className = `logs${r.logMarks.some((m) => m.level === 'error') ? ' l-error' : r.logMarks.some((m) => m.level === 'warn') ? ' l-warn' : ''}`;
    logs.title = r.logCount ? `${r.logCount} log record${r.logCount === 1 ? '' : 's'} — select the span to read them` : '';
    twisty.textContent = r.children ? (collapsed.has(r.spanId) && !filterKeep ? '▸' : '▾') : '';
    twisty.title = r.children ? plural(r.children, 'child', 'children') : '';
    kind.textContent = KIND_SHORT[r.kind] ?? formatNumber(r.kind);
    kind.className = `kind k-${KIND[r.kind] ?? 'other'}`;
    kind.title = `${KIND[r.kind] ?? `kind ${r.kind}`} span`;
    label.textContent = r.name || '(unnamed)';
    const colour = r.service ? (serviceIndex.get(r.service) ?? 0) % SERVICE_COLORS : 0;
    svc.textContent = r.service;
    svc.className = r.service ? `svc s-${colour}` : 'svc';
    flag.textContent = r.error ? '⚠' : r.orphan ? '⤴' : r.cycle ? '↻' : '';
    flag.title = r.error ? `error${r.statusMessage ? `: ${r.statusMessage}` : ''}` : r.orphan ? 'its parent span was not received' : r.cycle ? 'its parent chain loops' : '';
    const [bar, durLabel] = [...timeCell.children] as HTMLElement[];
    bar.className = `bar s-${colour}${r.error ? ' err' : ''}`;
    bar.style.left = `${r.offset * 100}%`;
    bar.style.width = `${r.width * 100}%`;
    bar.replaceChildren();
    for (let k = 0; k < r.marks.length; k++) {
      const mark = el('span', r.exceptionMarks.includes(k) ? 'mark exc' : 'mark');
      mark.style.left = `${r.width > 0 ? ((r.marks[k] - r.offset) / r.width) * 100 : 0}%`;
      bar.append(mark);
    }
    for (const m of r.logMarks) {
      const mark = el('span', `lmark l-${m.level}`);
      mark.style.left = `${r.width > 0 ? ((m.at - r.offset) / r.width) * 100 : 0}%`;
      mark.title = logMarkTitle(m.level, r.logCount);
      bar.append(mark);
    }
    const duration = spanDuration(r.durationMs);
    durLabel.textContent = duration;
    // After the bar, before it, or inside it: wherever the label fits in the time cell (never over the names).
    const side = durationSide(r.offset, r.width, this.cellPx, this.measure?.(duration) ?? duration.length * 7);
    const right = r.offset + r.width;
    durLabel.className = `dur ${side}`;
    durLabel.style.left = side === 'after' ? `${right * 100}%` : '';
    durLabel.style.right = side === 'before' ? `${(1 - r.offset) * 100}%` : side === 'inside' ? `${(1 - right) * 100}%` : '';
    rowEl.title = rowTitle(r);
  }
}
