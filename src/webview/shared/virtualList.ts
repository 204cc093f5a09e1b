/**
 * A list of fixed-height rows that draws only the rows on screen: a spacer as tall as every row, and a pool of row
 * elements moved into place and re-filled as the user scrolls, so 10,000 rows cost a few dozen elements. Used by
 * the search and diff panels (the waterfall has its own, with its tree's twisties and bars).
 */
import { el } from './dom';

const OVERSCAN = 8;

export interface VirtualListOptions {
  viewport: HTMLElement;
  rowHeight: number;
  /** Makes an empty row element (filled later). */
  make: () => HTMLElement;
  /** Fills `row` with item `index`; `key` says what it showed last, so an unchanged row is skipped. */
  fill: (row: HTMLElement, index: number) => void;
  /** What makes item `index` look as it does (its data's generation, selection…): rows whose key holds are not filled again. */
  key: (index: number) => string;
}

export class VirtualList {
  readonly spacer: HTMLElement;
  private readonly pool: HTMLElement[] = [];
  count = 0;

  constructor(private readonly o: VirtualListOptions) {
    this.spacer = el('div', 'vspacer');
    o.viewport.append(this.spacer);
  }

  /** Draws the rows in view; returns how many row elements show. */
  render(): number {
    const { viewport, rowHeight: h } = this.o;
    this.spacer.style.height = `${this.count * h}px`;
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / h) - OVERSCAN);
    const last = Math.min(this.count, Math.ceil((top + height) / h) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (this.pool.length < needed) {
      const row = this.o.make();
      row.classList.add('vrow');
      this.spacer.append(row);
      this.pool.push(row);
    }
    for (let j = 0; j < this.pool.length; j++) {
      const row = this.pool[j];
      if (j < needed) {
        const i = first + j;
        row.hidden = false;
        row.style.transform = `translateY(${i * h}px)`;
        const key = `${i}|${this.o.key(i)}`;
        if (row.dataset.key !== key) {
          row.dataset.key = key;
          row.dataset.i = String(i);
          this.o.fill(row, i);
        }
      } else if (!row.hidden) {
        row.hidden = true;
        row.dataset.key = '';
      }
    }
    return needed;
  }

  /** Forces every row to be filled again. */
  invalidate(): void {
    for (const row of this.pool) row.dataset.key = '';
  }

  /** The item index under an element of the list. */
  indexAt(target: EventTarget | null): number | undefined {
    const row = target instanceof Element ? target.closest<HTMLElement>('.vrow') : null;
    return row?.dataset.i !== undefined ? Number(row.dataset.i) : undefined;
  }

  /** The first item in view. */
  topIndex(): number {
    return Math.floor(this.o.viewport.scrollTop / this.o.rowHeight);
  }

  /** Scrolls just enough to show item i. */
  scrollToIndex(i: number): void {
    const { viewport, rowHeight: h } = this.o;
    const top = i * h;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + h > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + h - viewport.clientHeight;
  }

  /** Puts item i at the top, `offset` px scrolled past (to keep the user's place when items are added above). */
  placeAtTop(i: number, offset: number): void {
    this.spacer.style.height = `${this.count * this.o.rowHeight}px`;
    this.o.viewport.scrollTop = i * this.o.rowHeight + offset;
  }
}
