// The metric chart webview. Plain JS, no dependencies: SVG drawn here from the view the extension prepares
// (src/core/views/metricView.ts) — a line chart over time and, for histograms, the latest bucket counts with
// p50/p90/p99 marked. State kept across hide/show (vscode.setState): value or rate.
// @ts-check
(function () {
  'use strict';
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  // Anything the Content-Security-Policy blocks is reported, so tests can see that nothing is.
  document.addEventListener('securitypolicyviolation', (e) => {
    vscode.postMessage({ type: 'cspViolation', directive: e.violatedDirective, blocked: e.blockedURI });
  });
  const SVG = 'http://www.w3.org/2000/svg';

  const saved = vscode.getState() || {};
  const state = { mode: saved.mode === 'value' || saved.mode === 'rate' ? saved.mode : 'rate' };

  /** @type {any} */
  let msg = null;
  let reported = false;
  let receivedAt = 0;

  // ---- DOM ---------------------------------------------------------------------------------------------------
  const app = /** @type {HTMLElement} */ (document.getElementById('app'));
  /** @param {string} tag @param {string} [cls] @param {string} [text] */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  /** @param {string} tag @param {Record<string, string | number>} [attrs] @param {string} [cls] */
  function svg(tag, attrs, cls) {
    const e = document.createElementNS(SVG, tag);
    if (attrs) for (const k in attrs) e.setAttribute(k, String(attrs[k]));
    if (cls) e.setAttribute('class', cls);
    return e;
  }

  const header = el('header', 'toolbar');
  const titleBox = el('div', 'title');
  const h1 = el('h1');
  const labels = el('div', 'labels');
  const meta = el('div', 'meta');
  titleBox.append(h1, labels, meta);
  const controls = el('div', 'controls');
  const modeGroup = el('div', 'segmented');
  modeGroup.setAttribute('role', 'radiogroup');
  modeGroup.setAttribute('aria-label', 'Show');
  const btnValue = el('button', '', 'Value');
  const btnRate = el('button', '', 'Rate /s');
  for (const [b, mode] of /** @type {[HTMLElement, string][]} */ ([[btnValue, 'value'], [btnRate, 'rate']])) {
    b.setAttribute('role', 'radio');
    b.addEventListener('click', () => {
      if (state.mode === mode) return;
      state.mode = mode;
      vscode.setState(state);
      vscode.postMessage({ type: 'mode', mode });
    });
    modeGroup.append(b);
  }
  controls.append(modeGroup);
  header.append(titleBox, controls);

  const banner = el('div', 'banner');
  banner.hidden = true;
  const body = el('div', 'body');
  const stats = el('div', 'stats');
  const lineCard = el('section', 'card');
  const lineHead = el('div', 'card-head');
  const lineTitle = el('h2');
  const legend = el('div', 'legend');
  lineHead.append(lineTitle, legend);
  const lineBox = el('div', 'chart line-chart');
  const tooltip = el('div', 'tooltip');
  tooltip.hidden = true;
  lineBox.append(tooltip);
  lineCard.append(lineHead, lineBox);
  const histCard = el('section', 'card');
  const histHead = el('div', 'card-head');
  const histTitle = el('h2');
  const histNote = el('div', 'legend');
  histHead.append(histTitle, histNote);
  const histBox = el('div', 'chart bar-chart');
  histCard.append(histHead, histBox);
  body.append(stats, lineCard, histCard);

  // ---- formatting --------------------------------------------------------------------------------------------
  /** @param {number} v */
  function num(v) {
    if (!isFinite(v)) return String(v);
    const a = Math.abs(v);
    if (Number.isInteger(v) && a < 1e15) return v.toLocaleString('en-US');
    if (a !== 0 && (a < 1e-3 || a >= 1e15)) return v.toExponential(3);
    return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 });
  }
  /** Short axis labels: 1.2k, 3.4M. @param {number} v @param {number} step */
  function axisNum(v, step) {
    const a = Math.abs(v);
    if (a >= 1e9) return `${+(v / 1e9).toFixed(2)}G`;
    if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
    if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
    const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step || 1))));
    return v.toFixed(decimals);
  }
  /** A value with its unit; seconds under one read better as milliseconds. @param {number} v @param {string} unit */
  function withUnit(v, unit) {
    if (unit === 's' && Math.abs(v) < 1 && v !== 0) return `${num(v * 1000)} ms`;
    return unit ? `${num(v)} ${unit}` : num(v);
  }
  /** Quantile lines wear their marker's colour; other lines the palette's. @param {string} label @param {number} i */
  const lineClass = (label, i) => (/^p(50|90|99)$/.test(label) ? `q-${label}` : `c-${i % 6}`);
  /** @param {number} ms */
  function clock(ms) {
    const d = new Date(ms);
    return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  }
  function niceStep(span, target) {
    if (!(span > 0)) return 1;
    const raw = span / target;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  }
  const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

  /** A chart's height: its share of the window below the header and the stats, within sensible bounds. */
  function chartHeight(share, max) {
    const avail = window.innerHeight - 250;
    return Math.round(Math.max(170, Math.min(max, avail * share)));
  }

  // ---- line chart --------------------------------------------------------------------------------------------
  /** @param {any} view */
  function drawLines(view) {
    for (const old of lineBox.querySelectorAll('svg')) old.remove();
    legend.replaceChildren();
    const lines = view.lines.filter((/** @type {any} */ l) => l.points.length > 0);
    lineTitle.textContent =
      view.kind === 'histogram' || view.kind === 'exponentialHistogram'
        ? `Quantiles per interval${view.axisUnit ? ` (${view.axisUnit})` : ''}`
        : view.kind === 'summary'
          ? `Quantiles${view.axisUnit ? ` (${view.axisUnit})` : ''}`
          : view.mode === 'rate'
            ? `Rate${view.axisUnit ? ` (${view.axisUnit})` : ''}`
            : `Value${view.axisUnit ? ` (${view.axisUnit})` : ''}`;
    if (lines.length > 1 || view.kind !== 'gauge' && view.kind !== 'sum') {
      lines.forEach((/** @type {any} */ l, /** @type {number} */ i) => {
        const item = el('span', `legend-item ${lineClass(l.label, i)}`);
        item.append(el('span', 'swatch'), document.createTextNode(l.label));
        legend.append(item);
      });
    }
    const W = Math.max(320, lineBox.clientWidth || 600);
    const H = chartHeight(view.histogram ? 0.5 : 1, view.histogram ? 320 : 520);
    const m = { l: 64, r: 18, t: 14, b: 28 };
    const pw = W - m.l - m.r;
    const ph = H - m.t - m.b;
    const root = svg('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
    root.setAttribute('aria-label', lineTitle.textContent || 'chart');
    lineBox.prepend(root);
    if (lines.length === 0) {
      const t = svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'empty-text');
      t.textContent =
        view.mode === 'rate' && view.pointCount < 2 ? 'A rate needs two points: waiting for the next export…' : 'No points yet.';
      root.append(t);
      return 0;
    }
    let t0 = Infinity, t1 = -Infinity, v0 = Infinity, v1 = -Infinity;
    for (const l of lines) for (const [t, v] of l.points) {
      if (t < t0) t0 = t;
      if (t > t1) t1 = t;
      if (v < v0) v0 = v;
      if (v > v1) v1 = v;
    }
    if (t1 - t0 < 1000) { t0 -= 30000; t1 += 30000; }
    if (v0 > 0) v0 = 0; // counts, rates and durations read best from zero
    if (v1 === v0) v1 = v0 + (Math.abs(v0) || 1);
    const ystep = niceStep(v1 - v0, 5);
    v0 = Math.floor(v0 / ystep) * ystep;
    v1 = Math.ceil(v1 / ystep) * ystep;
    const x = (/** @type {number} */ t) => m.l + ((t - t0) / (t1 - t0)) * pw;
    const y = (/** @type {number} */ v) => m.t + ph - ((v - v0) / (v1 - v0)) * ph;

    const g = svg('g', {}, 'axes');
    for (let v = v0; v <= v1 + ystep * 1e-9; v += ystep) {
      g.append(svg('line', { x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v) }, v === 0 ? 'grid zero' : 'grid'));
      const label = svg('text', { x: m.l - 8, y: y(v) + 4, 'text-anchor': 'end' });
      label.textContent = axisNum(v, ystep);
      g.append(label);
    }
    const tstep = TIME_STEPS.find((s) => (t1 - t0) / s <= Math.max(2, Math.floor(pw / 90))) || 86400000;
    for (let t = Math.ceil(t0 / tstep) * tstep; t <= t1; t += tstep) {
      g.append(svg('line', { x1: x(t), x2: x(t), y1: m.t + ph, y2: m.t + ph + 4 }, 'tickmark'));
      const label = svg('text', { x: x(t), y: H - 8, 'text-anchor': 'middle' });
      label.textContent = clock(t);
      g.append(label);
    }
    g.append(svg('line', { x1: m.l, x2: m.l + pw, y1: m.t + ph, y2: m.t + ph }, 'axis-line'));
    root.append(g);

    lines.forEach((/** @type {any} */ l, /** @type {number} */ i) => {
      const d = l.points.map((/** @type {number[]} */ p, /** @type {number} */ k) => `${k ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
      if (lines.length === 1 && l.points.length > 1) {
        const first = l.points[0];
        const last = l.points[l.points.length - 1];
        const base = y(Math.max(v0, Math.min(0, v1)));
        root.append(svg('path', { d: `${d}L${x(last[0]).toFixed(1)},${base}L${x(first[0]).toFixed(1)},${base}Z` }, `area c-${i % 6}`));
      }
      root.append(svg('path', { d }, `line ${lineClass(l.label, i)}`));
      if (l.points.length <= 60) {
        for (const p of l.points) root.append(svg('circle', { cx: x(p[0]), cy: y(p[1]), r: 2.5 }, `dot ${lineClass(l.label, i)}`));
      }
    });

    // Hover: the nearest time of the first line, with every line's value there.
    const cursor = svg('line', { x1: 0, x2: 0, y1: m.t, y2: m.t + ph }, 'cursor');
    cursor.setAttribute('visibility', 'hidden');
    const overlay = svg('rect', { x: m.l, y: m.t, width: pw, height: ph }, 'overlay');
    root.append(cursor, overlay);
    overlay.addEventListener('mousemove', (e) => {
      const rect = root.getBoundingClientRect();
      const t = t0 + ((e.clientX - rect.left - m.l) / pw) * (t1 - t0);
      const pts = lines[0].points;
      let best = 0;
      for (let k = 1; k < pts.length; k++) if (Math.abs(pts[k][0] - t) < Math.abs(pts[best][0] - t)) best = k;
      const at = pts[best][0];
      cursor.setAttribute('x1', String(x(at)));
      cursor.setAttribute('x2', String(x(at)));
      cursor.setAttribute('visibility', 'visible');
      tooltip.replaceChildren(el('div', 'tt-time', clock(at)));
      lines.forEach((/** @type {any} */ l, /** @type {number} */ i) => {
        const p = l.points.find((/** @type {number[]} */ q) => q[0] === at);
        if (!p) return;
        const row = el('div', `tt-row ${lineClass(l.label, i)}`);
        row.append(el('span', 'swatch'), document.createTextNode(`${l.label}: ${withUnit(p[1], view.axisUnit)}`));
        tooltip.append(row);
      });
      tooltip.hidden = false;
      const left = x(at) + 12;
      tooltip.style.left = `${left + 180 > W ? x(at) - 12 - tooltip.offsetWidth : left}px`;
      tooltip.style.top = `${m.t + 4}px`;
    });
    overlay.addEventListener('mouseleave', () => {
      cursor.setAttribute('visibility', 'hidden');
      tooltip.hidden = true;
    });
    return lines.length;
  }

  // ---- bar chart ---------------------------------------------------------------------------------------------
  /** @param {any} view */
  function drawBars(view) {
    histBox.replaceChildren();
    histNote.replaceChildren();
    const h = view.histogram;
    if (!h) return 0;
    histTitle.textContent = `Buckets ${h.window}${view.axisUnit ? ` (${view.axisUnit})` : ''}`;
    for (const q of h.quantiles) {
      const item = el('span', `legend-item q-${q.label}`);
      item.append(el('span', 'swatch'), document.createTextNode(`${q.label} ≈ ${withUnit(q.value, view.axisUnit)}`));
      histNote.append(item);
    }
    const buckets = h.buckets;
    const W = Math.max(320, histBox.clientWidth || 600);
    const H = chartHeight(0.5, 300);
    const m = { l: 64, r: 18, t: 22, b: 40 };
    const pw = W - m.l - m.r;
    const ph = H - m.t - m.b;
    const root = svg('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
    root.setAttribute('aria-label', 'bucket counts');
    histBox.append(root);
    if (buckets.length === 0 || h.count === 0) {
      const t = svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'empty-text');
      t.textContent = 'No observations yet.';
      root.append(t);
      return 0;
    }
    let max = 0;
    for (const b of buckets) if (b.count > max) max = b.count;
    const ystep = niceStep(max, 4);
    const top = Math.max(ystep, Math.ceil(max / ystep) * ystep);
    const y = (/** @type {number} */ v) => m.t + ph - (v / top) * ph;
    const slot = pw / buckets.length;
    const g = svg('g', {}, 'axes');
    for (let v = 0; v <= top + ystep * 1e-9; v += ystep) {
      g.append(svg('line', { x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v) }, v === 0 ? 'grid zero' : 'grid'));
      const label = svg('text', { x: m.l - 8, y: y(v) + 4, 'text-anchor': 'end' });
      label.textContent = axisNum(v, ystep);
      g.append(label);
    }
    const ylabel = svg('text', { x: m.l - 8, y: m.t - 8, 'text-anchor': 'end' }, 'unit');
    ylabel.textContent = 'count';
    g.append(ylabel);
    // Labels of every k-th bucket, so they do not overlap.
    const every = Math.max(1, Math.ceil(70 / slot));
    buckets.forEach((/** @type {any} */ b, /** @type {number} */ i) => {
      if (i % every !== 0 && i !== buckets.length - 1) return;
      const label = svg('text', { x: m.l + slot * (i + 0.5), y: m.t + ph + 16, 'text-anchor': 'middle' });
      label.textContent = b.label;
      g.append(label);
    });
    root.append(g);
    buckets.forEach((/** @type {any} */ b, /** @type {number} */ i) => {
      const bx = m.l + slot * i + Math.min(3, slot * 0.1);
      const bw = Math.max(1, slot - 2 * Math.min(3, slot * 0.1));
      const bar = svg('rect', { x: bx, y: y(b.count), width: bw, height: Math.max(0, m.t + ph - y(b.count)) }, 'bucket');
      const tip = svg('title');
      tip.textContent = `${b.label}${view.axisUnit ? ` ${view.axisUnit}` : ''}: ${num(b.count)}`;
      bar.append(tip);
      root.append(bar);
      if (slot > 34 && b.count > 0) {
        const c = svg('text', { x: m.l + slot * (i + 0.5), y: y(b.count) - 4, 'text-anchor': 'middle' }, 'bar-count');
        c.textContent = axisNum(b.count, 1);
        root.append(c);
      }
    });
    let lastX = -Infinity;
    for (const q of h.quantiles) {
      const qx = m.l + slot * q.position;
      root.append(svg('line', { x1: qx, x2: qx, y1: m.t - 4, y2: m.t + ph }, `qline q-${q.label}`));
      const label = svg('text', { x: qx, y: m.t - 8, 'text-anchor': 'middle' }, `qlabel q-${q.label}`);
      label.textContent = q.label;
      // Quantiles that fall close together would print over each other: nudge the later label.
      if (qx - lastX < 26) label.setAttribute('x', String(lastX + 26));
      lastX = Number(label.getAttribute('x'));
      root.append(label);
    }
    return buckets.length;
  }

  // ---- the whole view ----------------------------------------------------------------------------------------
  function stat(label, value, cls) {
    const s = el('div', `stat${cls ? ` ${cls}` : ''}`);
    s.append(el('div', 'stat-label', label), el('div', 'stat-value', value));
    return s;
  }

  function draw() {
    if (!msg) return 0;
    const view = msg.view;
    if (!app.contains(body)) {
      app.replaceChildren(header, banner, body);
      app.removeAttribute('aria-busy');
      document.body.classList.remove('loading');
    }
    if (!view) {
      h1.textContent = 'Series no longer kept';
      body.hidden = true;
      return 0;
    }
    body.hidden = false;
    h1.textContent = view.name;
    h1.title = msg.series;
    labels.replaceChildren();
    for (const [k, v] of msg.attributes || []) {
      const chip = el('span', 'label');
      chip.append(el('span', 'k', `${k}=`), document.createTextNode(v));
      labels.append(chip);
    }
    labels.hidden = labels.childElementCount === 0;
    meta.replaceChildren();
    for (const part of [msg.instance, view.kindLabel, view.unit ? `unit ${view.unit}` : '', `${view.pointCount.toLocaleString('en-US')} points kept`, msg.updated ? `updated ${msg.updated}` : '']) {
      if (part) meta.append(el('span', '', part));
    }
    if (view.description) h1.title = `${msg.series}\n${view.description}`;
    modeGroup.hidden = !view.canRate;
    btnValue.setAttribute('aria-checked', String(view.mode === 'value'));
    btnRate.setAttribute('aria-checked', String(view.mode === 'rate'));
    btnValue.classList.toggle('on', view.mode === 'value');
    btnRate.classList.toggle('on', view.mode === 'rate');

    const notes = [];
    if (msg.gone) notes.push('This series is no longer kept (evicted or cleared): showing its last state.');
    if (view.resets) notes.push(`${view.resets === 1 ? 'One counter reset' : `${view.resets} counter resets`} (a restart): the rate counts from zero after each.`);
    banner.textContent = notes.join(' ');
    banner.hidden = notes.length === 0;

    stats.replaceChildren(stat('latest', view.latest, 'latest'));
    const h = view.histogram;
    if (h) {
      for (const q of h.quantiles) stats.append(stat(`${q.label} (est.)`, withUnit(q.value, view.axisUnit), `q-${q.label}`));
      if (h.min !== undefined) stats.append(stat('min', withUnit(h.min, view.axisUnit)));
      if (h.max !== undefined) stats.append(stat('max', withUnit(h.max, view.axisUnit)));
    } else if (view.lines.length === 1 && view.lines[0].points.length) {
      const vs = view.lines[0].points.map((/** @type {number[]} */ p) => p[1]);
      const label = view.mode === 'rate' ? 'rate' : 'value';
      stats.append(stat(`${label} now`, withUnit(vs[vs.length - 1], view.axisUnit)));
      stats.append(stat(`${label} min`, withUnit(Math.min(...vs), view.axisUnit)));
      stats.append(stat(`${label} max`, withUnit(Math.max(...vs), view.axisUnit)));
    }
    const rendered = drawLines(view);
    histCard.hidden = !h;
    const bars = h ? drawBars(view) : 0;
    return rendered + bars;
  }

  let resizeFrame = 0;
  window.addEventListener('resize', () => {
    if (!resizeFrame) resizeFrame = requestAnimationFrame(() => ((resizeFrame = 0), draw()));
  });

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || m.type !== 'view') return;
    receivedAt = performance.now();
    msg = m;
    const rendered = draw();
    if (!reported) {
      reported = true;
      const points = m.view ? m.view.lines.reduce((/** @type {number} */ n, /** @type {any} */ l) => n + l.points.length, 0) : 0;
      vscode.postMessage({ type: 'ready', points, rendered, renderMs: performance.now() - receivedAt });
    }
  });

  vscode.postMessage({ type: 'hello', mode: state.mode });
})();
