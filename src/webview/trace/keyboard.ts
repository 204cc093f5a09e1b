/** Keys on the span list: arrows, pages, Home/End move the selection; Left/Right collapse and expand; Enter opens the source. */
import { ROW_H } from './rows';
import type { Waterfall } from './waterfall';

export function listenToKeys(w: Waterfall): void {
  const { viewport } = w.page;
  viewport.addEventListener('keydown', (e) => {
    const { layout, order, collapsed, filterKeep } = w.session;
    if (!layout || order.length === 0) return;
    const rows = layout.rows;
    const i = w.session.rowIndex(w.state.selected);
    const k = order.indexOf(i);
    const page = Math.max(1, Math.floor(viewport.clientHeight / ROW_H) - 1);
    let next = -1;
    switch (e.key) {
      case 'ArrowDown': next = k < 0 ? 0 : Math.min(order.length - 1, k + 1); break;
      case 'ArrowUp': next = k < 0 ? 0 : Math.max(0, k - 1); break;
      case 'PageDown': next = Math.min(order.length - 1, Math.max(0, k) + page); break;
      case 'PageUp': next = Math.max(0, k - page); break;
      case 'Home': next = 0; break;
      case 'End': next = order.length - 1; break;
      case 'ArrowRight':
        if (i >= 0 && collapsed.has(rows[i].spanId)) w.toggle(i);
        else if (k >= 0 && k + 1 < order.length && rows[order[k + 1]].parent === i) next = k + 1;
        break;
      case 'ArrowLeft':
        if (i >= 0 && rows[i].children && !collapsed.has(rows[i].spanId) && !filterKeep) w.toggle(i);
        else if (i >= 0 && rows[i].parent >= 0) next = order.indexOf(rows[i].parent);
        break;
      case 'Enter':
        if (i >= 0) w.openSelectedSource();
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next >= 0) {
      w.select(rows[order[next]].spanId);
      w.rows.scrollToOrder(next);
    }
  });
}
