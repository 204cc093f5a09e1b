/**
 * The trace diff webview (bundled by esbuild into dist/webview/diff.js): two traces side by side, their spans
 * matched (core/views/traceDiff) and prepared (core/views/traceDiffView) by the host; this draws the header, the
 * largest changes, and only the rows of the matched tree that are on screen.
 */
import type { DiffRowView, TraceDiffView } from '../../core/views/traceDiffView';
import { channel } from '../shared/channel';
import { el, showApp } from '../shared/dom';
import type { DiffToHost, DiffToWebview, DiffViewMessage } from '../shared/messages';
import { focusName, viewStateReporter } from '../shared/viewState';
import { VirtualList } from '../shared/virtualList';
import { changeText, diffRowTitle, sideFacts } from './labels';

/** Must match --row-h in diff.css. */
const ROW_H = 22;

interface DiffState {
  selected: number | null;
  scrollTop: number;
}

const ch = channel<DiffToHost, DiffToWebview, DiffState>();
const saved = ch.savedState();
const state: DiffState = { selected: typeof saved.selected === 'number' ? saved.selected : null, scrollTop: typeof saved.scrollTop === 'number' ? saved.scrollTop : 0 };

const app = document.getElementById('app')!;
const header = el('header', 'toolbar');
const h1 = el('h1');
const summary = el('div', 'meta');
const actions = el('div', 'actions');
const pick = el('button', '', 'Other baseline…');
pick.title = 'Compare with another trace';
const swap = el('button', '', 'Swap');
swap.title = 'Make the baseline this trace, and this trace the baseline';
actions.append(pick, swap);
const titleBox = el('div', 'title');
titleBox.append(h1, summary);
header.append(titleBox, actions);
const sides = el('div', 'sides');
const banner = el('div', 'banner');
banner.hidden = true;
const changes = el('section', 'changes');
const heads = el('div', 'drow heads');
heads.append(el('span', 'c-name', 'Span'), el('span', 'c-side', 'Baseline'), el('span', 'c-side', 'This trace'), el('span', 'c-delta', 'Change'));
const viewport = el('div', 'viewport');
viewport.tabIndex = 0;
viewport.setAttribute('role', 'tree');
viewport.setAttribute('aria-label', 'Spans of both traces');
viewport.dataset.focus = 'spans';
const table = el('section', 'table');
table.append(heads, viewport);

let view: TraceDiffView | null = null;
let generation = 0;
let reported = -1;
let first = true;

function bar(cell: HTMLElement, side: DiffRowView['baseline'], tone: string): void {
  const [b, label] = [...cell.children] as HTMLElement[];
  if (!side) {
    b.hidden = true;
    label.textContent = '';
    return;
  }
  b.hidden = false;
  b.className = `dbar t-${tone}${side.error ? ' err' : ''}`;
  b.style.left = `${side.offset * 100}%`;
  b.style.width = `${side.width * 100}%`;
  label.textContent = side.duration;
  // After the bar where there is room; else before it, so it never covers the bar.
  const end = side.offset + side.width;
  label.classList.toggle('before', end > 0.8);
  label.style.left = end > 0.8 ? '' : `${end * 100}%`;
  label.style.right = end > 0.8 ? `${(1 - side.offset) * 100}%` : '';
}

const list = new VirtualList({
  viewport,
  rowHeight: ROW_H,
  make: () => {
    const row = el('div', 'drow');
    row.setAttribute('role', 'treeitem');
    const name = el('span', 'c-name');
    name.append(el('span', 'sign'), el('span', 'name'), el('span', 'ord'), el('span', 'svc'));
    const side = () => {
      const c = el('span', 'c-side');
      c.append(el('span', 'dbar'), el('span', 'dlabel'));
      return c;
    };
    row.append(name, side(), side(), el('span', 'c-delta'));
    return row;
  },
  key: (i) => `${generation}|${state.selected === i}`,
  fill: (row, i) => {
    const r = view!.rows[i];
    const [name, base, cur, delta] = [...row.children] as HTMLElement[];
    row.className = `drow vrow k-${r.kind} t-${r.tone}${state.selected === i ? ' selected' : ''}${r.statusChange ? ' status' : ''}`;
    row.title = diffRowTitle(r);
    row.setAttribute('aria-level', String(r.depth + 1));
    name.style.paddingLeft = `${4 + Math.min(r.depth, 30) * 14}px`;
    const [sign, label, ord, svc] = [...name.children] as HTMLElement[];
    sign.textContent = r.kind === 'currentOnly' ? '+' : r.kind === 'baselineOnly' ? '−' : '';
    label.textContent = r.name || '(unnamed)';
    ord.textContent = r.ordinal;
    svc.textContent = r.service;
    bar(base, r.baseline, r.kind === 'matched' ? 'base' : r.tone);
    bar(cur, r.current, r.tone);
    delta.textContent = [r.delta, r.ratio].filter((s) => s).join(' ') + (r.statusChange ? ` · ${r.statusChange}` : '');
  },
});

const report = viewStateReporter(ch.post, () => ({
  generation,
  heading: h1.textContent ?? '',
  note: banner.hidden ? '' : (banner.textContent ?? ''),
  scrollTop: viewport.scrollTop,
  scrollHeight: viewport.scrollHeight,
  clientHeight: viewport.clientHeight,
  topItem: view?.rows[list.topIndex()]?.path ?? null,
  selected: state.selected !== null ? (view?.rows[state.selected]?.path ?? null) : null,
  focus: focusName(),
}));

function render(): number {
  const n = list.render();
  report.changed();
  return n;
}

let frame = 0;
function scheduleRender(): void {
  if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
}

function select(i: number): void {
  state.selected = i;
  ch.setState(state);
  list.scrollToIndex(i);
  scheduleRender();
}

/** Opens the row's span in its waterfall: this trace's side where it has one. */
function open(i: number): void {
  const r = view?.rows[i];
  if (!r) return;
  if (r.current) ch.post({ type: 'openTrace', side: 'current', spanId: r.current.spanId });
  else if (r.baseline) ch.post({ type: 'openTrace', side: 'baseline', spanId: r.baseline.spanId });
}

function sideCard(label: string, t: TraceDiffView['baseline'], side: 'baseline' | 'current'): HTMLElement {
  const card = el('div', `side s-${side}`);
  const head = el('div', 'side-head');
  head.append(el('span', 'side-label', label));
  const a = el('a', 'side-name', t.rootName || '(no root span)');
  a.href = '#';
  a.title = `Open trace ${t.traceId}`;
  a.addEventListener('click', (e) => {
    e.preventDefault();
    ch.post({ type: 'openTrace', side });
  });
  head.append(a);
  card.append(head, el('div', 'side-facts', sideFacts(t)), el('div', 'side-id', t.traceId));
  return card;
}

function draw(msg: DiffViewMessage): number {
  const v = msg.view!;
  showApp(app, header, sides, banner, changes, table);
  h1.textContent = `Compare: ${v.current.rootName || '(no root span)'}`;
  summary.replaceChildren(el('span', `total t-${v.totalTone}`, v.totalDelta), el('span', '', v.summary));
  sides.replaceChildren(sideCard('Baseline', v.baseline, 'baseline'), sideCard('This trace', v.current, 'current'));
  banner.textContent = msg.gone === 'cleared' ? 'Telemetry data was cleared: this is the comparison as it was.' : msg.gone ? 'A trace of this comparison is no longer kept: this is the comparison as it was.' : '';
  banner.hidden = !msg.gone;
  changes.replaceChildren(el('h2', '', v.changes.length ? 'Largest changes' : 'No span changed by more than a few percent'));
  const ol = el('ol', 'change-list');
  for (const i of v.changes) {
    const r = v.rows[i];
    const li = el('li', `t-${r.tone}`);
    const a = el('a', '', r.path);
    a.href = '#';
    a.addEventListener('click', (e) => {
      e.preventDefault();
      select(i);
      viewport.focus();
    });
    li.append(el('span', 'change-delta', changeText(r)), a);
    ol.append(li);
  }
  changes.append(ol);
  list.count = v.rows.length;
  list.invalidate();
  if (first) {
    first = false;
    list.placeAtTop(0, 0);
    viewport.scrollTop = state.scrollTop;
  }
  return render();
}

viewport.addEventListener('click', (e) => {
  const i = list.indexAt(e.target);
  if (i !== undefined) select(i);
});
viewport.addEventListener('dblclick', (e) => {
  const i = list.indexAt(e.target);
  if (i !== undefined) open(i);
});
viewport.addEventListener('keydown', (e) => {
  if (!view?.rows.length) return;
  const k = state.selected ?? -1;
  let next = -1;
  switch (e.key) {
    case 'ArrowDown': next = Math.min(view.rows.length - 1, k + 1); break;
    case 'ArrowUp': next = Math.max(0, k - 1); break;
    case 'Home': next = 0; break;
    case 'End': next = view.rows.length - 1; break;
    case 'Enter': if (k >= 0) open(k); break;
    default: return;
  }
  e.preventDefault();
  if (next >= 0) select(next);
});
viewport.addEventListener('scroll', () => {
  state.scrollTop = viewport.scrollTop;
  ch.setState(state);
  scheduleRender();
});
window.addEventListener('resize', scheduleRender);
pick.addEventListener('click', () => ch.post({ type: 'pickBaseline' }));
swap.addEventListener('click', () => ch.post({ type: 'swap' }));

ch.onMessage((msg) => {
  switch (msg.type) {
    case 'diff': {
      const receivedAt = performance.now();
      generation = msg.generation;
      if (!msg.view) {
        showApp(app, header);
        h1.textContent = 'Neither trace is kept any more';
        report.changed();
        return;
      }
      const swapped = view && (view.baseline.traceId !== msg.view.baseline.traceId || view.current.traceId !== msg.view.current.traceId);
      if (swapped) state.selected = null;
      view = msg.view;
      const rendered = draw(msg);
      if (reported !== generation) {
        reported = generation;
        ch.post({ type: 'ready', generation, rows: view.rows.length, rendered, renderMs: performance.now() - receivedAt });
      }
      break;
    }
    case 'scrollTo':
      viewport.scrollTop = msg.top;
      render();
      break;
  }
});

ch.post({ type: 'hello' });
