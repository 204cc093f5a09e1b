/**
 * What the waterfall shows: the layout the host posted, the filter's answer, the collapsed spans, and from
 * them the order of the rows drawn (row indices, after the filter and the collapsed subtrees).
 */
import type { TraceLayout } from '../../core/views/traceLayout';
import type { TraceGone } from '../shared/messages';

export class TraceSession {
  layout: TraceLayout | null = null;
  generation = 0;
  gone: TraceGone | undefined;
  /** Row indices drawn, in order. */
  order: number[] = [];
  /** Rows kept by the filter; null: no filter. */
  filterKeep: Uint8Array | null = null;
  /** Rows that matched the filter themselves (drawn highlighted). */
  matches = new Set<number>();
  /** Bar colour of each service. */
  serviceIndex = new Map<string, number>();

  constructor(readonly collapsed: Set<string>) {}

  /** Takes a new layout; the filter's answer, which names rows of the old one, is dropped. */
  setLayout(layout: TraceLayout, generation: number, gone: TraceGone | undefined): void {
    this.layout = layout;
    this.generation = generation;
    this.gone = gone;
    this.serviceIndex = new Map(layout.services.map((s, i) => [s, i]));
    this.filterKeep = null;
    this.matches = new Set();
  }

  /** The filter's answer for the current layout (null: no filter). */
  setFilter(visible: number[] | null, matches: number[]): void {
    if (!this.layout || visible === null) this.filterKeep = null;
    else {
      this.filterKeep = new Uint8Array(this.layout.rows.length);
      for (const i of visible) this.filterKeep[i] = 1;
    }
    this.matches = new Set(matches);
  }

  computeOrder(): void {
    const order: number[] = [];
    this.order = order;
    const layout = this.layout;
    if (!layout) return;
    const rows = layout.rows;
    if (this.filterKeep) {
      for (let i = 0; i < rows.length; i++) if (this.filterKeep[i]) order.push(i);
      return;
    }
    let skipBelow = -1;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (skipBelow >= 0) {
        if (r.depth > skipBelow) continue;
        skipBelow = -1;
      }
      order.push(i);
      if (r.children && this.collapsed.has(r.spanId)) skipBelow = r.depth;
    }
  }

  rowIndex(spanId: string | null): number {
    return spanId && this.layout ? this.layout.rows.findIndex((r) => r.spanId === spanId) : -1;
  }

  /** Opens the collapsed ancestors of row i, so it can be drawn. */
  expandTo(i: number): void {
    const rows = this.layout?.rows;
    if (!rows) return;
    for (let p = rows[i]?.parent; p !== undefined && p >= 0; p = rows[p].parent) this.collapsed.delete(rows[p].spanId);
  }
}
