/** The line chart over time: one line per value, rate or quantile, with a hover crosshair and tooltip. */
import { niceStep } from '../../core/views/axisLabels';
import type { MetricView } from '../../core/views/metricView';
import { clock } from '../shared/clock';
import { el, svg } from '../shared/dom';
import { axisNumber, exemplarTitle, lineClass, lineTitle, valueText } from './labels';
import { chartHeight, type MetricPage } from './page';

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

/** Where the pointer is over the plot (client x), so a redraw shows the tooltip again where it was. */
let hoverX: number | undefined;

/**
 * Draws the lines; returns how many were drawn. The new chart is built aside and swapped in for the old one in
 * one step: the page never gets shorter in between, so the user's scroll position holds.
 */
export function drawLines(page: MetricPage, view: MetricView): number {
  const { lineBox, legend, tooltip } = page;
  // Measured before anything changes (reading a size lays the page out).
  const W = Math.max(320, lineBox.clientWidth || 600);
  const lines = view.lines.filter((l) => l.points.length > 0);
  page.lineTitle.textContent = lineTitle(view);
  const items: HTMLElement[] = [];
  if (lines.length > 1 || (view.kind !== 'gauge' && view.kind !== 'sum')) {
    lines.forEach((l, i) => {
      const item = el('span', `legend-item ${lineClass(l.label, i)}`);
      item.append(el('span', 'swatch'), document.createTextNode(l.label));
      items.push(item);
    });
  }
  if (view.exemplars.length) {
    const item = el('span', 'legend-item exemplar-key');
    item.append(el('span', 'dot-swatch'), document.createTextNode(`exemplars (${view.exemplars.length})`));
    item.title = 'Measurements kept with the span they were recorded in: click a filled dot to open its trace';
    items.push(item);
  }
  legend.replaceChildren(...items);
  const H = chartHeight(view.histogram ? 0.5 : 1, view.histogram ? 320 : 520);
  const m = { l: 64, r: 18, t: 14, b: 28 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const root = svg('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  root.setAttribute('aria-label', page.lineTitle.textContent || 'chart');
  const old = lineBox.querySelector('svg');
  if (old) old.replaceWith(root);
  else lineBox.prepend(root);
  if (lines.length === 0) {
    tooltip.hidden = true;
    const t = svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'empty-text');
    t.textContent = view.mode === 'rate' && view.pointCount < 2 ? 'A rate needs two points: waiting for the next export…' : 'No points yet.';
    root.append(t);
    return 0;
  }
  let t0 = Infinity;
  let t1 = -Infinity;
  let v0 = Infinity;
  let v1 = -Infinity;
  for (const l of lines) {
    for (const [t, v] of l.points) {
      if (t < t0) t0 = t;
      if (t > t1) t1 = t;
      if (v < v0) v0 = v;
      if (v > v1) v1 = v;
    }
  }
  // Exemplars drawn at their value must fit on the plot too.
  for (const e of view.exemplars) {
    if (e.onAxis || e.t < t0 || e.t > t1) continue;
    if (e.v < v0) v0 = e.v;
    if (e.v > v1) v1 = e.v;
  }
  if (t1 - t0 < 1000) {
    t0 -= 30000;
    t1 += 30000;
  }
  if (v0 > 0) v0 = 0; // counts, rates and durations read best from zero
  if (v1 === v0) v1 = v0 + (Math.abs(v0) || 1);
  const ystep = niceStep(v1 - v0, 5);
  v0 = Math.floor(v0 / ystep) * ystep;
  v1 = Math.ceil(v1 / ystep) * ystep;
  const x = (t: number) => m.l + ((t - t0) / (t1 - t0)) * pw;
  const y = (v: number) => m.t + ph - ((v - v0) / (v1 - v0)) * ph;

  const g = svg('g', {}, 'axes');
  for (let v = v0; v <= v1 + ystep * 1e-9; v += ystep) {
    g.append(svg('line', { x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v) }, v === 0 ? 'grid zero' : 'grid'));
    const label = svg('text', { x: m.l - 8, y: y(v) + 4, 'text-anchor': 'end' });
    label.textContent = axisNumber(v, ystep);
    g.append(label);
  }
  const tstep = TIME_STEPS.find((s) => (t1 - t0) / s <= Math.max(2, Math.floor(pw / 90))) ?? 86400000;
  for (let t = Math.ceil(t0 / tstep) * tstep; t <= t1; t += tstep) {
    g.append(svg('line', { x1: x(t), x2: x(t), y1: m.t + ph, y2: m.t + ph + 4 }, 'tickmark'));
    const label = svg('text', { x: x(t), y: H - 8, 'text-anchor': 'middle' });
    label.textContent = clock(t);
    g.append(label);
  }
  g.append(svg('line', { x1: m.l, x2: m.l + pw, y1: m.t + ph, y2: m.t + ph }, 'axis-line'));
  root.append(g);

  lines.forEach((l, i) => {
    const d = l.points.map((p, k) => `${k ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join('');
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
  const showAt = (clientX: number) => {
    const rect = root.getBoundingClientRect();
    const t = t0 + ((clientX - rect.left - m.l) / pw) * (t1 - t0);
    const pts = lines[0].points;
    let best = 0;
    for (let k = 1; k < pts.length; k++) if (Math.abs(pts[k][0] - t) < Math.abs(pts[best][0] - t)) best = k;
    const at = pts[best][0];
    cursor.setAttribute('x1', String(x(at)));
    cursor.setAttribute('x2', String(x(at)));
    cursor.setAttribute('visibility', 'visible');
    tooltip.replaceChildren(el('div', 'tt-time', clock(at)));
    lines.forEach((l, i) => {
      const p = l.points.find((q) => q[0] === at);
      if (!p) return;
      const row = el('div', `tt-row ${lineClass(l.label, i)}`);
      row.append(el('span', 'swatch'), document.createTextNode(`${l.label}: ${valueText(p[1], view)}`));
      tooltip.append(row);
    });
    tooltip.hidden = false;
    const left = x(at) + 12;
    tooltip.style.left = `${left + 180 > W ? x(at) - 12 - tooltip.offsetWidth : left}px`;
    tooltip.style.top = `${m.t + 4}px`;
  };
  overlay.addEventListener('mousemove', (e) => showAt((hoverX = e.clientX)));
  overlay.addEventListener('mouseleave', () => {
    hoverX = undefined;
    cursor.setAttribute('visibility', 'hidden');
    tooltip.hidden = true;
  });
  // Exemplars above the hover overlay, so they take the clicks; a filled dot's trace is held and opens.
  for (const e of view.exemplars) {
    if (e.t < t0 || e.t > t1) continue;
    const dot = svg('circle', { cx: x(e.t), cy: e.onAxis ? m.t + ph : y(e.v), r: 4 }, `exemplar${e.held ? ' held' : ''}`);
    const tip = svg('title');
    tip.textContent = exemplarTitle(e);
    dot.append(tip);
    if (e.traceId) dot.addEventListener('click', () => page.onExemplar(e.traceId, e.spanId));
    root.append(dot);
  }
  // Redrawn under the pointer: the crosshair and the values there, for the new points.
  if (hoverX !== undefined) showAt(hoverX);
  else tooltip.hidden = true;
  return lines.length;
}
