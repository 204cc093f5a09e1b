/**
 * The trace waterfall webview (bundled by esbuild into dist/webview/trace.js). The host posts the prepared
 * layout (core/views/traceLayout) once per change; this draws only the rows on screen, and asks the host for
 * what needs the spans themselves (the filter, a span's details, its source).
 */
import { channel } from '../shared/channel';
import type { TraceToHost, TraceToWebview } from '../shared/messages';
import { listenToKeys } from './keyboard';
import { buildPage } from './page';
import { listenToSplitter } from './splitter';
import { restoreState, type TraceState } from './state';
import { Waterfall } from './waterfall';

const ch = channel<TraceToHost, TraceToWebview, TraceState>();
const state = restoreState(ch.savedState());
const page = buildPage(state.filter);
const w = new Waterfall(page, state, ch);
// Saved at once, not only when the user changes something: a window reload restores the panel from it.
ch.setState(state);

page.spacer.addEventListener('click', (e) => {
  const i = w.rows.rowAt(e.target);
  const rows = w.session.layout?.rows;
  if (i === undefined || !rows) return;
  if ((e.target as Element).classList.contains('twisty')) w.toggle(i);
  else w.select(rows[i].spanId);
});
page.spacer.addEventListener('dblclick', (e) => {
  const i = w.rows.rowAt(e.target);
  if (i !== undefined) w.toggle(i);
});
listenToKeys(w);
page.viewport.addEventListener('scroll', () => w.onScroll());
window.addEventListener('resize', () => w.scheduleRender());
listenToSplitter(w, () => w.scheduleRender());

let filterTimer = 0;
page.filterInput.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = window.setTimeout(() => w.sendFilter(), 150);
});
page.filterInput.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && page.filterInput.value) {
    page.filterInput.value = '';
    w.sendFilter();
  } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
    e.preventDefault();
    page.viewport.focus();
    const { order, layout } = w.session;
    if (order.length && layout && !order.some((k) => layout.rows[k].spanId === state.selected)) w.select(layout.rows[order[0]].spanId);
  }
});

page.compare.addEventListener('click', () => w.post({ type: 'compare' }));

ch.onMessage((msg) => w.receive(msg));
ch.post({ type: 'hello' });
