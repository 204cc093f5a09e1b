/** The latest point's buckets as bars, with p50/p90/p99 marked where they fall. */
import { niceStep, thinLabels } from '../../core/views/axisLabels';
import type { MetricView } from '../../core/views/metricView';
import { el, svg, textMeasurer } from '../shared/dom';
import { axisNumber, countText, valueText } from './labels';
import { chartHeight, type MetricPage } from './page';

/** Axis labels are 11px in the page's font (.axes text in metric.css). */
let measure: ((text: string) => number) | undefined;

/**
 * Draws the bars; returns how many. Built aside and swapped in for the old chart in one step, so the page never
 * gets shorter in between and the user's scroll position holds.
 */
export function drawBars(page: MetricPage, view: MetricView): number {
  const { histBox, histNote } = page;
  const h = view.histogram;
  if (!h) {
    histBox.replaceChildren();
    histNote.replaceChildren();
    return 0;
  }
  // Measured before anything changes (reading a size lays the page out).
  const W = Math.max(320, histBox.clientWidth || 600);
  measure ??= textMeasurer(`11px ${getComputedStyle(document.body).fontFamily}`);
  page.histTitle.textContent = `Buckets ${h.window}${view.axisUnit ? ` (${view.axisUnit})` : ''}`;
  histNote.replaceChildren(
    ...h.quantiles.map((q) => {
      const item = el('span', `legend-item q-${q.label}`);
      item.append(el('span', 'swatch'), document.createTextNode(`${q.label} ≈ ${valueText(q.value, view)}`));
      return item;
    }),
  );
  const buckets = h.buckets;
  const H = chartHeight(0.5, 300);
  const m = { l: 64, r: 18, t: 22, b: 40 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const root = svg('svg', { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img' });
  root.setAttribute('aria-label', 'bucket counts');
  histBox.replaceChildren(root);
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
  const y = (v: number) => m.t + ph - (v / top) * ph;
  const slot = pw / buckets.length;
  const g = svg('g', {}, 'axes');
  for (let v = 0; v <= top + ystep * 1e-9; v += ystep) {
    g.append(svg('line', { x1: m.l, x2: m.l + pw, y1: y(v), y2: y(v) }, v === 0 ? 'grid zero' : 'grid'));
    const label = svg('text', { x: m.l - 8, y: y(v) + 4, 'text-anchor': 'end' });
    label.textContent = axisNumber(v, ystep);
    g.append(label);
  }
  const ylabel = svg('text', { x: m.l - 8, y: m.t - 8, 'text-anchor': 'end' }, 'unit');
  ylabel.textContent = 'count';
  g.append(ylabel);
  // Labels of every k-th bucket, k as small as their measured widths allow without touching.
  const centers = buckets.map((_, i) => m.l + slot * (i + 0.5));
  for (const i of thinLabels(centers, buckets.map((b) => measure!(b.label)), { minX: 0, maxX: W })) {
    const label = svg('text', { x: centers[i], y: m.t + ph + 16, 'text-anchor': 'middle' });
    label.textContent = buckets[i].label;
    g.append(label);
  }
  root.append(g);
  buckets.forEach((b, i) => {
    const bx = m.l + slot * i + Math.min(3, slot * 0.1);
    const bw = Math.max(1, slot - 2 * Math.min(3, slot * 0.1));
    const bar = svg('rect', { x: bx, y: y(b.count), width: bw, height: Math.max(0, m.t + ph - y(b.count)) }, 'bucket');
    const tip = svg('title');
    tip.textContent = `${b.label}${view.axisUnit ? ` ${view.axisUnit}` : ''}: ${countText(b.count)}`;
    bar.append(tip);
    root.append(bar);
    if (slot > 34 && b.count > 0) {
      const c = svg('text', { x: m.l + slot * (i + 0.5), y: y(b.count) - 4, 'text-anchor': 'middle' }, 'bar-count');
      c.textContent = axisNumber(b.count, 1);
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
