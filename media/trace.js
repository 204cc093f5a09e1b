// The trace waterfall webview. Plain JS, no dependencies: the extension posts the prepared layout once
// (src/core/views/traceLayout.ts) and this draws only the rows on screen (fixed row height, a pool of DOM rows).
// The filter, span details and jump to source are asked of the extension, which holds the spans.
// State kept across hide/show (vscode.setState): filter text, selected span, scroll position, collapsed spans.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  // Anything the Content-Security-Policy blocks is reported, so tests can see that nothing is.
  document.addEventListener('securitypolicyviolation', (e) => {
    vscode.postMessage({ type: 'cspViolation', directive: e.violatedDirective, blocked: e.blockedURI });
  });

  /** Must match --row-h in trace.css. */
  const ROW_H = 22;
  const OVERSCAN = 10;
  const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
  const KIND_SHORT = ['—', 'int', 'srv', 'cli', 'pro', 'con'];
  const SERVICE_COLORS = 6;

  const saved = vscode.getState() || {};
  const state = {
    filter: typeof saved.filter === 'string' ? saved.filter : '',
    selected: typeof saved.selected === 'string' ? saved.selected : null,
    scrollTop: typeof saved.scrollTop === 'number' ? saved.scrollTop : 0,
    collapsed: Array.isArray(saved.collapsed) ? saved.collapsed : [],
    /** Width of the name column in px, once the user dragged it. */
    nameWidth: typeof saved.nameWidth === 'number' ? saved.nameWidth : null,
  };
  let saveTimer = 0;
  function saveState() {
    if (saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = 0;
      state.collapsed = [...collapsed];
      vscode.setState(state);
    }, 150);
  }

  /** @type {any} */
  let layout = null;
  let generation = 0;
  let gone = false;
  /** Row indices drawn, in order (after the filter and collapsed subtrees). */
  let order = [];
  /** @type {Uint8Array | null} rows kept by the filter; null = no filter */
  let filterKeep = null;
  /** @type {Set<number>} */
  let matches = new Set();
  const collapsed = new Set(state.collapsed);
  let filterSeq = 0;
  let firstLayout = true;
  /** Generations whose first draw was reported. */
  let reported = -1;
  let receivedAt = 0;
  /** Index of services, for bar colours. */
  let serviceIndex = new Map();
  /** @type {any} */
  let details = null;

  // ---- DOM ---------------------------------------------------------------------------------------------------
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  /** @param {string} tag @param {string} [cls] @param {string} [text] */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const header = el('header', 'toolbar');
  const titleBox = el('div', 'title');
  const h1 = el('h1');
  const meta = el('div', 'meta');
  titleBox.append(h1, meta);
  const filterBox = el('div', 'filter');
  const filterInput = /** @type {HTMLInputElement} */ (el('input'));
  filterInput.type = 'search';
  filterInput.placeholder = 'Filter: name, service, attribute (http.route=/cart)…';
  filterInput.setAttribute('aria-label', 'Filter spans');
  filterInput.spellcheck = false;
  filterInput.value = state.filter;
  const filterCount = el('span', 'filter-count');
  filterBox.append(filterInput, filterCount);
  header.append(titleBox, filterBox);

  const banner = el('div', 'banner');
  banner.hidden = true;

  const main = el('div', 'main');
  const waterfall = el('section', 'waterfall');
  const axis = el('div', 'axis');
  const axisName = el('div', 'axis-name', 'Span');
  const splitter = el('div', 'splitter');
  splitter.title = 'Drag to resize the name column';
  axisName.append(splitter);
  const axisTicks = el('div', 'axis-ticks');
  axis.append(axisName, axisTicks);
  const viewport = el('div', 'viewport');
  viewport.tabIndex = 0;
  viewport.setAttribute('role', 'tree');
  viewport.setAttribute('aria-label', 'Spans');
  const spacer = el('div', 'spacer');
  const grid = el('div', 'grid');
  spacer.append(grid);
  viewport.append(spacer);
  const empty = el('div', 'empty');
  empty.hidden = true;
  waterfall.append(axis, viewport, empty);
  const aside = el('aside', 'details');
  aside.setAttribute('aria-label', 'Span details');
  main.append(waterfall, aside);

  /** @type {HTMLElement[]} */
  const pool = [];

  // ---- formatting --------------------------------------------------------------------------------------------
  /** @param {number} ms */
  function dur(ms) {
    if (!isFinite(ms) || ms < 0) return '?';
    if (ms === 0) return '0';
    if (ms < 1) return `${Math.round(ms * 1000)}µs`;
    if (ms < 1000) return `${ms < 10 ? ms.toFixed(ms < 1 ? 2 : 1).replace(/\.0$/, '') : Math.round(ms)}ms`;
    if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1).replace(/\.?0+$/, '')}s`;
    const m = Math.floor(ms / 60000);
    const s = Math.round((ms % 60000) / 1000);
    return `${m}m${s ? ` ${s}s` : ''}`;
  }
  /** @param {number} n */
  const count = (n) => n.toLocaleString('en-US');
  /** Local wall-clock time with milliseconds. @param {Date} d */
  const clock = (d) => `${[d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  /** @param {number} n @param {string} one @param {string} [many] */
  const plural = (n, one, many) => `${count(n)} ${n === 1 ? one : many || one + 's'}`;

  /** A step of 1, 2 or 5 × 10^k giving about `target` ticks over `span`. */
  function niceStep(span, target) {
    const raw = span / target;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  }

  // ---- building the view -------------------------------------------------------------------------------------
  function drawHeader() {
    h1.textContent = layout.rootName || '(no spans)';
    h1.title = `trace ${layout.traceId}`;
    meta.replaceChildren();
    const parts = [
      ['duration', dur(layout.durationMs)],
      ['spans', plural(layout.rows.length, 'span')],
    ];
    if (layout.services.length > 1) parts.push(['services', plural(layout.services.length, 'service')]);
    else if (layout.services.length === 1) parts.push(['services', layout.services[0]]);
    parts.push(['depth', `depth ${layout.maxDepth + 1}`]);
    if (layout.startTimeUnixNano) parts.push(['start', `started ${clock(new Date(layout.startTimeUnixNano / 1e6))}`]);
    for (const [cls, text] of parts) meta.append(el('span', `m-${cls}`, text));
    if (layout.errorCount) meta.append(el('span', 'm-errors', `⚠ ${plural(layout.errorCount, 'error')}`));
    const id = el('span', 'm-trace', layout.traceId);
    id.title = 'Trace id';
    meta.append(id);
    const notes = [];
    if (layout.orphanCount) notes.push(`${plural(layout.orphanCount, 'span')} name a parent that was not received; shown at the top level, marked ⤴.`);
    if (layout.cycleCount) notes.push(`${plural(layout.cycleCount, 'parent loop')} broken (marked ↻).`);
    if (gone) notes.unshift('This trace is no longer kept (evicted or cleared): showing what it was.');
    banner.textContent = notes.join(' ');
    banner.hidden = notes.length === 0;
  }

  function drawAxis() {
    axisTicks.replaceChildren();
    grid.replaceChildren();
    const total = layout.durationMs;
    if (!(total > 0)) return;
    const step = niceStep(total, 6);
    for (let t = 0; t <= total + step * 1e-9; t += step) {
      const frac = t / total;
      if (frac > 1.0001) break;
      const label = el('span', 'tick', dur(t));
      label.style.left = `${frac * 100}%`;
      if (frac > 0.97) label.classList.add('last');
      axisTicks.append(label);
      const line = el('div', 'gridline');
      line.style.left = `${frac * 100}%`;
      grid.append(line);
    }
  }

  function computeOrder() {
    order = [];
    if (!layout) return;
    const rows = layout.rows;
    if (filterKeep) {
      for (let i = 0; i < rows.length; i++) if (filterKeep[i]) order.push(i);
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
      if (r.children && collapsed.has(r.spanId)) skipBelow = r.depth;
    }
  }

  function makeRow() {
    const row = el('div', 'row');
    row.setAttribute('role', 'treeitem');
    const name = el('div', 'cell-name');
    const twisty = el('span', 'twisty');
    const kind = el('span', 'kind');
    const label = el('span', 'name');
    const svc = el('span', 'svc');
    const flag = el('span', 'flag');
    name.append(twisty, kind, label, svc, flag);
    const time = el('div', 'cell-time');
    const bar = el('div', 'bar');
    const durLabel = el('span', 'dur');
    time.append(bar, durLabel);
    row.append(name, time);
    spacer.append(row);
    return row;
  }

  /** @param {HTMLElement} rowEl @param {number} i */
  function fillRow(rowEl, i) {
    const r = layout.rows[i];
    const key = `${generation}|${i}|${r.spanId === state.selected}|${matches.has(i)}|${collapsed.has(r.spanId)}`;
    if (rowEl.dataset.key === key) return;
    rowEl.dataset.key = key;
    rowEl.dataset.i = String(i);
    rowEl.classList.toggle('selected', r.spanId === state.selected);
    rowEl.classList.toggle('error', r.error);
    rowEl.classList.toggle('match', matches.has(i));
    rowEl.setAttribute('aria-level', String(r.depth + 1));
    rowEl.setAttribute('aria-selected', String(r.spanId === state.selected));
    if (r.children) rowEl.setAttribute('aria-expanded', String(!collapsed.has(r.spanId)));
    else rowEl.removeAttribute('aria-expanded');
    const [nameCell, timeCell] = /** @type {HTMLElement[]} */ ([...rowEl.children]);
    nameCell.style.paddingLeft = `${4 + Math.min(r.depth, 40) * 14}px`;
    const [twisty, kind, label, svc, flag] = /** @type {HTMLElement[]} */ ([...nameCell.children]);
    twisty.textContent = r.children ? (collapsed.has(r.spanId) && !filterKeep ? '▸' : '▾') : '';
    twisty.title = r.children ? `${plural(r.children, 'child', 'children')}` : '';
    kind.textContent = KIND_SHORT[r.kind] || String(r.kind);
    kind.className = `kind k-${KIND[r.kind] || 'other'}`;
    kind.title = `${KIND[r.kind] || `kind ${r.kind}`} span`;
    label.textContent = r.name || '(unnamed)';
    svc.textContent = r.service;
    svc.className = r.service ? `svc s-${serviceIndex.get(r.service) % SERVICE_COLORS}` : 'svc';
    flag.textContent = r.error ? '⚠' : r.orphan ? '⤴' : r.cycle ? '↻' : '';
    flag.title = r.error ? `error${r.statusMessage ? `: ${r.statusMessage}` : ''}` : r.orphan ? 'its parent span was not received' : r.cycle ? 'its parent chain loops' : '';
    const [bar, durLabel] = /** @type {HTMLElement[]} */ ([...timeCell.children]);
    bar.className = `bar s-${r.service ? serviceIndex.get(r.service) % SERVICE_COLORS : 0}${r.error ? ' err' : ''}`;
    bar.style.left = `${r.offset * 100}%`;
    bar.style.width = `${r.width * 100}%`;
    bar.replaceChildren();
    for (let k = 0; k < r.marks.length; k++) {
      const mark = el('span', r.exceptionMarks.includes(k) ? 'mark exc' : 'mark');
      mark.style.left = `${r.width > 0 ? ((r.marks[k] - r.offset) / r.width) * 100 : 0}%`;
      bar.append(mark);
    }
    durLabel.textContent = dur(r.durationMs);
    // The duration sits after the bar, or before it when the bar reaches the right edge.
    const right = r.offset + r.width;
    durLabel.classList.toggle('before', right > 0.85);
    durLabel.style.left = right > 0.85 ? '' : `${right * 100}%`;
    durLabel.style.right = right > 0.85 ? `${(1 - r.offset) * 100}%` : '';
    rowEl.title = `${r.name} — ${dur(r.durationMs)}, starts at +${dur(r.startMs)}${r.service ? ` · ${r.service}` : ''}${r.error && r.statusMessage ? ` · ${r.statusMessage}` : ''}`;
  }

  let frame = 0;
  function scheduleRender() {
    if (!frame) frame = requestAnimationFrame(() => ((frame = 0), render()));
  }

  /** Draws the rows in view; returns how many DOM rows are showing. */
  function render() {
    if (!layout) return 0;
    spacer.style.height = `${order.length * ROW_H}px`;
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_H) - OVERSCAN);
    const last = Math.min(order.length, Math.ceil((top + height) / ROW_H) + OVERSCAN);
    const needed = Math.max(0, last - first);
    while (pool.length < needed) pool.push(makeRow());
    for (let j = 0; j < pool.length; j++) {
      const rowEl = pool[j];
      if (j < needed) {
        const k = first + j;
        rowEl.hidden = false;
        rowEl.style.transform = `translateY(${k * ROW_H}px)`;
        fillRow(rowEl, order[k]);
      } else if (!rowEl.hidden) {
        rowEl.hidden = true;
        rowEl.dataset.key = '';
      }
    }
    empty.hidden = order.length > 0;
    empty.textContent = layout.rows.length === 0 ? 'No spans.' : `No span matches “${state.filter}”.`;
    return needed;
  }

  function updateCount() {
    if (!layout) return;
    if (filterKeep) filterCount.textContent = `${plural(matches.size, 'match', 'matches')} · ${count(order.length)} of ${count(layout.rows.length)} shown`;
    else filterCount.textContent = '';
  }

  // ---- details -----------------------------------------------------------------------------------------------
  /** @param {[string, string][]} kvs */
  function kvTable(kvs) {
    const table = el('table', 'kv');
    for (const [k, v] of kvs) {
      const tr = el('tr');
      const th = el('th', '', k);
      th.title = k;
      tr.append(th, el('td', '', v));
      table.append(tr);
    }
    return table;
  }

  /** @param {string} title @param {number | undefined} n */
  function section(title, n) {
    const s = el('section');
    s.append(el('h3', '', n === undefined ? title : `${title} (${count(n)})`));
    return s;
  }

  function drawDetails() {
    aside.replaceChildren();
    const d = details;
    if (!d || d.spanId !== state.selected) {
      aside.append(el('p', 'placeholder', 'Select a span to see its attributes, events and links.'));
      return;
    }
    const head = el('div', 'd-head');
    head.append(el('h2', '', d.name || '(unnamed)'));
    const badges = el('div', 'badges');
    badges.append(el('span', `badge k-${d.kind}`, d.kind));
    badges.append(el('span', `badge st-${d.status}`, d.status === 'error' ? 'error' : d.status === 'ok' ? 'ok' : 'status unset'));
    badges.append(el('span', 'badge', dur(d.durationMs)));
    head.append(badges);
    if (d.statusMessage) head.append(el('p', d.status === 'error' ? 'status-message error' : 'status-message', d.statusMessage));
    if (d.source) {
      const a = /** @type {HTMLAnchorElement} */ (el('a', 'source'));
      a.href = '#';
      const where = `${d.source.path}${d.source.line ? `:${d.source.line}` : ''}`;
      a.textContent = `⤷ ${d.source.function ? `${d.source.function} — ` : ''}${where}`;
      a.title = `Open ${where} in the editor`;
      a.addEventListener('click', (e) => {
        e.preventDefault();
        vscode.postMessage({ type: 'openSource', spanId: d.spanId });
      });
      head.append(a);
    }
    aside.append(head);

    const facts = [
      ['service', d.service],
      ['starts', `+${dur(d.startMs)} (${clock(new Date(d.start))})`],
      ['duration', dur(d.durationMs)],
      ['span id', d.spanId],
      ['parent id', d.parentSpanId || '(root)'],
      ['trace id', d.traceId],
    ];
    if (d.scope) facts.push(['scope', d.scope]);
    const f = section('Span');
    f.append(kvTable(facts));
    aside.append(f);

    const attrs = section('Attributes', d.attributes.length);
    attrs.append(d.attributes.length ? kvTable(d.attributes) : el('p', 'none', 'none'));
    if (d.dropped.attributes) attrs.append(el('p', 'dropped', `${plural(d.dropped.attributes, 'attribute')} dropped by the producer`));
    aside.append(attrs);

    const events = section('Events', d.events.length);
    for (const ev of d.events) {
      const box = el('div', ev.name === 'exception' ? 'event exc' : 'event');
      const line = el('div', 'event-head');
      line.append(el('span', 'event-time', `+${dur(ev.offsetMs)}`), el('span', 'event-name', ev.name));
      box.append(line);
      if (ev.attributes.length) box.append(kvTable(ev.attributes));
      events.append(box);
    }
    if (!d.events.length) events.append(el('p', 'none', 'none'));
    if (d.dropped.events) events.append(el('p', 'dropped', `${plural(d.dropped.events, 'event')} dropped by the producer`));
    aside.append(events);

    const links = section('Links', d.links.length);
    for (const l of d.links) {
      const box = el('div', 'link');
      const a = /** @type {HTMLAnchorElement} */ (el('a', '', `trace ${l.traceId.slice(0, 12)}… span ${l.spanId}`));
      a.href = '#';
      a.title = l.traceId === d.traceId ? 'Select this span' : `Open trace ${l.traceId}`;
      a.addEventListener('click', (e) => {
        e.preventDefault();
        if (l.traceId === d.traceId) select(l.spanId, true);
        else vscode.postMessage({ type: 'openTrace', traceId: l.traceId });
      });
      box.append(a);
      if (l.attributes.length) box.append(kvTable(l.attributes));
      links.append(box);
    }
    if (!d.links.length) links.append(el('p', 'none', 'none'));
    if (d.dropped.links) links.append(el('p', 'dropped', `${plural(d.dropped.links, 'link')} dropped by the producer`));
    aside.append(links);

    const res = el('details', 'resource');
    res.append(el('summary', '', `Resource (${count(d.resource.length)})`), kvTable(d.resource));
    aside.append(res);
  }

  // ---- interaction -------------------------------------------------------------------------------------------
  /** @param {string | null} spanId @param {boolean} [scroll] */
  function select(spanId, scroll) {
    state.selected = spanId;
    saveState();
    if (spanId) vscode.postMessage({ type: 'select', spanId });
    drawDetails();
    if (scroll && spanId && layout) {
      const i = layout.rows.findIndex((/** @type {any} */ r) => r.spanId === spanId);
      let k = order.indexOf(i);
      if (k < 0 && !filterKeep) {
        // Inside a collapsed subtree: open its ancestors.
        for (let p = layout.rows[i]?.parent; p !== undefined && p >= 0; p = layout.rows[p].parent) collapsed.delete(layout.rows[p].spanId);
        computeOrder();
        k = order.indexOf(i);
      }
      if (k >= 0) scrollToOrder(k);
    }
    scheduleRender();
  }

  /** @param {number} k */
  function scrollToOrder(k) {
    const top = k * ROW_H;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + ROW_H > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_H - viewport.clientHeight;
  }

  /** @param {number} i */
  function toggle(i) {
    const r = layout.rows[i];
    if (!r.children || filterKeep) return;
    if (collapsed.has(r.spanId)) collapsed.delete(r.spanId);
    else collapsed.add(r.spanId);
    saveState();
    computeOrder();
    scheduleRender();
  }

  spacer.addEventListener('click', (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    const rowEl = /** @type {HTMLElement | null} */ (target.closest('.row'));
    if (!rowEl || !layout) return;
    const i = Number(rowEl.dataset.i);
    if (target.classList.contains('twisty')) toggle(i);
    else select(layout.rows[i].spanId);
  });
  spacer.addEventListener('dblclick', (e) => {
    const rowEl = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (e.target).closest('.row'));
    if (rowEl && layout) toggle(Number(rowEl.dataset.i));
  });

  viewport.addEventListener('keydown', (e) => {
    if (!layout || order.length === 0) return;
    const i = state.selected ? layout.rows.findIndex((/** @type {any} */ r) => r.spanId === state.selected) : -1;
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
        if (i >= 0 && collapsed.has(layout.rows[i].spanId)) toggle(i);
        else if (k >= 0 && k + 1 < order.length && layout.rows[order[k + 1]].parent === i) next = k + 1;
        break;
      case 'ArrowLeft':
        if (i >= 0 && layout.rows[i].children && !collapsed.has(layout.rows[i].spanId) && !filterKeep) toggle(i);
        else if (i >= 0 && layout.rows[i].parent >= 0) next = order.indexOf(layout.rows[i].parent);
        break;
      case 'Enter':
        if (i >= 0 && details && details.source && details.spanId === state.selected) vscode.postMessage({ type: 'openSource', spanId: state.selected });
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next >= 0) {
      select(layout.rows[order[next]].spanId);
      scrollToOrder(next);
    }
  });

  viewport.addEventListener('scroll', () => {
    state.scrollTop = viewport.scrollTop;
    saveState();
    scheduleRender();
  });
  window.addEventListener('resize', scheduleRender);

  // The name column's width: dragged by the splitter at its right edge, kept with the panel's state.
  function applyNameWidth() {
    if (state.nameWidth) document.documentElement.style.setProperty('--name-w', `${state.nameWidth}px`);
  }
  applyNameWidth();
  splitter.addEventListener('mousedown', (e) => {
    e.preventDefault();
    const left = waterfall.getBoundingClientRect().left;
    splitter.classList.add('dragging');
    /** @param {MouseEvent} ev */
    const move = (ev) => {
      const max = waterfall.clientWidth - 160;
      state.nameWidth = Math.round(Math.max(140, Math.min(max, ev.clientX - left)));
      applyNameWidth();
    };
    const up = () => {
      splitter.classList.remove('dragging');
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      saveState();
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  });

  let filterTimer = 0;
  filterInput.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(sendFilter, 150);
  });
  filterInput.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && filterInput.value) {
      filterInput.value = '';
      sendFilter();
    } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      viewport.focus();
      if (order.length && layout && !order.some((k) => layout.rows[k].spanId === state.selected)) select(layout.rows[order[0]].spanId);
    }
  });

  function sendFilter() {
    state.filter = filterInput.value;
    saveState();
    if (!state.filter.trim()) {
      filterKeep = null;
      matches = new Set();
      filterSeq++;
      computeOrder();
      updateCount();
      scheduleRender();
      return;
    }
    vscode.postMessage({ type: 'filter', query: state.filter, seq: ++filterSeq });
  }

  // ---- messages ----------------------------------------------------------------------------------------------
  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'layout') onLayout(msg);
    else if (msg.type === 'filtered') {
      if (msg.seq !== filterSeq || msg.generation !== generation || !layout) return;
      if (msg.visible === null) filterKeep = null;
      else {
        filterKeep = new Uint8Array(layout.rows.length);
        for (const i of msg.visible) filterKeep[i] = 1;
      }
      matches = new Set(msg.matches);
      computeOrder();
      updateCount();
      viewport.scrollTop = 0;
      scheduleRender();
    } else if (msg.type === 'details') {
      if (msg.spanId !== state.selected) return;
      details = msg.details;
      drawDetails();
    }
  });

  /** @param {any} msg */
  function onLayout(msg) {
    receivedAt = performance.now();
    if (msg.gone && layout) {
      // Keep drawing what was there; say it is gone.
      gone = true;
      drawHeader();
      return;
    }
    gone = !!msg.gone;
    layout = msg.layout;
    generation = msg.generation;
    serviceIndex = new Map(layout.services.map((/** @type {string} */ s, /** @type {number} */ i) => [s, i]));
    if (!app.contains(main)) {
      app.replaceChildren(header, banner, main);
      app.removeAttribute('aria-busy');
      document.body.classList.remove('loading');
    }
    // A new generation may hold other rows: the filter is asked again, the pool redrawn.
    filterKeep = null;
    matches = new Set();
    for (const rowEl of pool) rowEl.dataset.key = '';
    drawHeader();
    drawAxis();
    computeOrder();
    if (state.filter.trim()) sendFilter();
    updateCount();
    if (firstLayout) {
      firstLayout = false;
      spacer.style.height = `${order.length * ROW_H}px`;
      viewport.scrollTop = state.scrollTop;
      if (state.selected && layout.rows.some((/** @type {any} */ r) => r.spanId === state.selected)) select(state.selected);
      else if (!state.selected && layout.rows.length) select(layout.rows[0].spanId);
      else drawDetails();
    } else if (state.selected) {
      vscode.postMessage({ type: 'select', spanId: state.selected });
    }
    const rendered = render();
    if (reported !== generation) {
      reported = generation;
      vscode.postMessage({ type: 'ready', generation, rows: layout.rows.length, rendered, renderMs: performance.now() - receivedAt });
    }
  }

  vscode.postMessage({ type: 'hello' });
})();
