/**
 * The trace search webview (bundled by esbuild into dist/webview/search.js). The user types a filter; the host
 * searches every instance's traces (core/search) and posts what matched, prepared (core/views/traceSearchView);
 * this draws the counts, the histogram and only the rows on screen. Live updates keep the user's place: the row
 * at the top of the view stays there while newer traces arrive above it.
 */
import { barRange, EMPTY_FORM, type SearchField, type SearchRow, type SearchView } from '../../core/views/traceSearchView';
import { channel } from '../shared/channel';
import { el, showApp } from '../shared/dom';
import type { SearchResultsMessage, SearchToHost, SearchToWebview } from '../shared/messages';
import { focusName, viewStateReporter } from '../shared/viewState';
import { VirtualList } from '../shared/virtualList';
import { barTitle, durationFraction, rowTitle, serviceChip, startText } from './labels';
import { buildPage, fillList, readForm, writeForm } from './page';
import { restoreState, type SearchState } from './state';

/** Must match --row-h in search.css. */
const ROW_H = 24;

const ch = channel<SearchToHost, SearchToWebview, SearchState>();
const state = restoreState(ch.savedState());
const page = buildPage();
writeForm(page, state.form);

let view: SearchView | null = null;
let generation = 0;
let seq = 0;
/** The question the list on screen answers: an answer to the same one again is a live update. */
let answered = -1;
let reported = -1;
let maxMs = 0;
let minMs = 0;
let firstDraw = true;

const list = new VirtualList({
  viewport: page.viewport,
  rowHeight: ROW_H,
  make: () => {
    const row = el('div', 'srow trace');
    row.setAttribute('role', 'option');
    const dur = el('span', 'c-duration');
    dur.append(el('span', 'dbar'), el('span', 'dtext'));
    row.append(el('span', 'c-start'), el('span', 'c-name'), el('span', 'c-service'), el('span', 'c-instance'), dur, el('span', 'c-spans'));
    return row;
  },
  key: (i) => `${generation}|${view?.rows[i]?.traceId === state.selected}`,
  fill: (row, i) => fillRow(row, view!.rows[i]),
});

const report = viewStateReporter(ch.post, () => ({
  generation,
  heading: page.h1.textContent ?? '',
  note: page.banner.hidden ? '' : (page.banner.textContent ?? ''),
  scrollTop: page.viewport.scrollTop,
  scrollHeight: page.viewport.scrollHeight,
  clientHeight: page.viewport.clientHeight,
  topItem: view?.rows[list.topIndex()]?.traceId ?? null,
  selected: state.selected,
  focus: focusName(),
}));

function fillRow(row: HTMLElement, r: SearchRow): void {
  const [start, name, service, instance, duration, spans] = [...row.children] as HTMLElement[];
  row.classList.toggle('selected', r.traceId === state.selected);
  row.classList.toggle('error', r.errors > 0);
  row.setAttribute('aria-selected', String(r.traceId === state.selected));
  row.title = rowTitle(r);
  start.textContent = startText(r.startMs, Date.now());
  name.textContent = `${r.errors ? '⚠ ' : ''}${r.name}${r.partial ? ' ⤴' : ''}`;
  service.textContent = r.service;
  instance.textContent = r.instance;
  const [bar, text] = [...duration.children] as HTMLElement[];
  bar.style.width = `${durationFraction(r.durationMs, maxMs, minMs) * 100}%`;
  text.textContent = r.duration;
  spans.textContent = r.errors ? `${r.spans} · ${r.errors}⚠` : String(r.spans);
}

function saveState(): void {
  state.scrollTop = page.viewport.scrollTop;
  ch.setState(state);
}

let frame = 0;
function scheduleRender(): void {
  if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
}

function render(): number {
  const n = list.render();
  report.changed();
  return n;
}

// ---- the form ------------------------------------------------------------------------------------------------

let searchTimer = 0;
function search(now = false): void {
  clearTimeout(searchTimer);
  const send = () => {
    state.form = readForm(page);
    saveState();
    ch.post({ type: 'search', form: state.form, seq: ++seq });
  };
  if (now) send();
  else searchTimer = window.setTimeout(send, 250);
}

page.form.addEventListener('input', (e) => search((e.target as HTMLInputElement).type === 'checkbox'));
page.form.addEventListener('submit', (e) => {
  e.preventDefault();
  search(true);
});
page.form.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown' && (e.target as HTMLElement).tagName === 'INPUT' && !(e.target as HTMLInputElement).list) {
    e.preventDefault();
    page.viewport.focus();
    if (view?.rows.length && !view.rows.some((r) => r.traceId === state.selected)) select(0);
  }
});
page.clear.addEventListener('click', () => {
  writeForm(page, EMPTY_FORM);
  search(true);
});

function showErrors(errors: SearchResultsMessage['errors']): void {
  for (const [f, e] of page.errors) {
    const found = errors.find((x) => x.field === f);
    e.textContent = found ? found.message : '';
    page.inputs[f as SearchField].classList.toggle('invalid', !!found);
    page.inputs[f as SearchField].setAttribute('aria-invalid', String(!!found));
  }
}

// ---- the overview --------------------------------------------------------------------------------------------

function drawOverview(v: SearchView): void {
  page.histogram.replaceChildren(
    ...v.histogram.map((b) => {
      const bar = el('button', 'hbar');
      bar.type = 'button';
      bar.title = barTitle(b);
      bar.disabled = b.count === 0;
      const fill = el('span', 'hfill');
      fill.style.height = `${Math.max(b.count ? 4 : 0, b.height * 100)}%`;
      const count = el('span', 'hcount', b.count ? String(b.count) : '');
      bar.append(count, fill);
      bar.addEventListener('click', () => {
        const range = barRange(b);
        page.inputs.minDuration.value = range.minDuration;
        page.inputs.maxDuration.value = range.maxDuration;
        search(true);
      });
      return bar;
    }),
  );
  const first = v.histogram[0];
  const last = v.histogram[v.histogram.length - 1];
  page.histogramNote.replaceChildren();
  if (first && last) {
    page.histogramNote.append(el('span', '', first.label.split('–')[0].replace('≥ ', '')), el('span', 'hn-mid', 'duration (log scale)'), el('span', '', last.toMs === null ? last.label : last.label.split('–')[1]));
  }
  page.services.replaceChildren(
    ...v.services.slice(0, 12).map((s) => {
      const chip = el('button', 'chip', serviceChip(s));
      chip.type = 'button';
      chip.title = `Only traces of ${s.service}`;
      chip.addEventListener('click', () => {
        page.inputs.service.value = s.service;
        search(true);
      });
      return chip;
    }),
  );
}

// ---- the list ------------------------------------------------------------------------------------------------

function select(i: number, open = false): void {
  const r = view?.rows[i];
  if (!r) return;
  state.selected = r.traceId;
  saveState();
  list.scrollToIndex(i);
  scheduleRender();
  if (open) ch.post({ type: 'openTrace', traceId: r.traceId, instanceKey: r.instanceKey });
}

page.viewport.addEventListener('click', (e) => {
  const i = list.indexAt(e.target);
  if (i !== undefined) select(i, true);
});
page.viewport.addEventListener('keydown', (e) => {
  if (!view?.rows.length) return;
  const k = view.rows.findIndex((r) => r.traceId === state.selected);
  const pageRows = Math.max(1, Math.floor(page.viewport.clientHeight / ROW_H) - 1);
  let next = -1;
  switch (e.key) {
    case 'ArrowDown': next = Math.min(view.rows.length - 1, k + 1); break;
    case 'ArrowUp': next = Math.max(0, k - 1); break;
    case 'PageDown': next = Math.min(view.rows.length - 1, Math.max(0, k) + pageRows); break;
    case 'PageUp': next = Math.max(0, k - pageRows); break;
    case 'Home': next = 0; break;
    case 'End': next = view.rows.length - 1; break;
    case 'Enter': if (k >= 0) select(k, true); break;
    default: return;
  }
  e.preventDefault();
  if (next >= 0) select(next);
});
page.viewport.addEventListener('scroll', () => {
  saveState();
  scheduleRender();
});
window.addEventListener('resize', scheduleRender);

// ---- messages ------------------------------------------------------------------------------------------------

function onResults(msg: SearchResultsMessage): void {
  const receivedAt = performance.now();
  if (msg.form) {
    writeForm(page, msg.form);
    state.form = msg.form;
    saveState();
  }
  showErrors(msg.errors);
  // An answer to an older question is dropped; a live update answers the latest one again.
  if (msg.seq < seq) return;
  generation = msg.generation;
  if (!msg.view) {
    showApp(page.app, page.header, page.form, page.overview, page.banner, page.list);
    report.changed();
    return;
  }
  // A form the host filled in (a command's filter) is a new question too.
  const sameQuestion = view !== null && !firstDraw && msg.seq === answered && !msg.form;
  answered = msg.seq;
  // Where the user is, by trace: rows arriving above must not move what they look at (unless at the very top
  // with nothing chosen, where a live list shows the newest).
  const top = list.topIndex();
  const anchorId = view?.rows[top]?.traceId;
  const offset = page.viewport.scrollTop % ROW_H;
  const keepPlace = sameQuestion && anchorId !== undefined && (page.viewport.scrollTop > 0 || state.selected !== null);
  view = msg.view;
  maxMs = view.rows.reduce((m, r) => Math.max(m, r.durationMs), 0);
  minMs = view.rows.reduce((m, r) => (r.durationMs > 0 ? Math.min(m, r.durationMs) : m), Infinity);
  showApp(page.app, page.header, page.form, page.overview, page.banner, page.list);
  page.meta.replaceChildren(el('span', 'm-summary', view.summary), ...(view.filterText ? [el('span', 'm-filter', view.filterText)] : []));
  page.banner.textContent = view.truncated;
  page.banner.hidden = !view.truncated;
  fillList(page.datalists.services, view.options.services);
  fillList(page.datalists.instances, view.options.instances);
  fillList(page.datalists.names, view.options.names);
  drawOverview(view);
  list.count = view.rows.length;
  list.invalidate();
  page.empty.hidden = view.rows.length > 0;
  page.empty.textContent = view.searched === 0 ? 'No traces received yet.' : 'No trace matches this filter.';
  if (firstDraw) {
    firstDraw = false;
    list.placeAtTop(0, 0);
    page.viewport.scrollTop = state.scrollTop;
  } else if (keepPlace) {
    const k = view.rows.findIndex((r) => r.traceId === anchorId);
    if (k >= 0) list.placeAtTop(k, offset);
  } else if (!sameQuestion) {
    page.viewport.scrollTop = 0;
  }
  const rendered = render();
  if (reported !== generation) {
    reported = generation;
    ch.post({ type: 'ready', generation, rows: view.rows.length, rendered, renderMs: performance.now() - receivedAt });
  }
}

ch.onMessage((msg) => {
  switch (msg.type) {
    case 'results':
      onResults(msg);
      break;
    case 'activateRow':
      select(msg.index, true);
      break;
    case 'scrollTo':
      page.viewport.scrollTop = msg.top;
      saveState();
      render();
      break;
  }
});

ch.post({ type: 'hello', form: state.form });
