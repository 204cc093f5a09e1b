/**
 * The numbers and words the chart draws. Values go through the same formatters as the tree and the CLI
 * (core/format); only axis ticks are shortened ("1.2k") to fit beside the plot. Pure (no DOM): unit-tested.
 */
import { formatNumber } from '../../core/format/format';
import { withWords } from '../../core/format/units';
import type { ExemplarDot, MetricView } from '../../core/views/metricView';
import { clock } from '../shared/clock';

/**
 * A value with the chart's unit in the right number, as the tree writes it: "77.65 ms", "1 request", "0.25 requests/s".
 */
export function valueText(v: number, view: Pick<MetricView, 'axisUnit' | 'axisUnitOne'>): string {
  return withWords(formatNumber(v), { one: view.axisUnitOne, other: view.axisUnit });
}

/** A count, as the tree writes it. */
export function countText(n: number): string {
  return formatNumber(n);
}

/** Short axis labels: 1.2k, 3.4M, 2G; below 10,000 with the decimals the step needs. */
export function axisNumber(v: number, step: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(2)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step || 1))));
  return v.toFixed(decimals);
}

/** Quantile lines wear their marker's colour; other lines the palette's. */
export function lineClass(label: string, i: number): string {
  return /^p(50|90|99)$/.test(label) ? `q-${label}` : `c-${i % 6}`;
}

/** The line chart's heading. */
export function lineTitle(view: MetricView): string {
  const unit = view.axisUnit ? ` (${view.axisUnit})` : '';
  if (view.kind === 'histogram' || view.kind === 'exponentialHistogram') return `Quantiles per interval${unit}`;
  if (view.kind === 'summary') return `Quantiles${unit}`;
  if (view.mode === 'rate') return `${view.rateWindow ? `Rate over ${view.rateWindow.label.replace(/^rate over /, '')}` : 'Rate'}${unit}`;
  return `Value${unit}`;
}

/** The stat cards: [label, value, class]. */
export function statCards(view: MetricView): [string, string, string][] {
  const cards: [string, string, string][] = [['latest', view.latest, 'latest']];
  const h = view.histogram;
  if (h) {
    for (const q of h.quantiles) cards.push([`${q.label} (est.)`, valueText(q.value, view), `q-${q.label}`]);
    if (h.min !== undefined) cards.push(['min', valueText(h.min, view), '']);
    if (h.max !== undefined) cards.push(['max', valueText(h.max, view), '']);
  } else {
    // "rate now" is the latest rate over the view's window, worded by the view model as the tree words values.
    for (const stat of view.lineStats ?? []) cards.push([stat.label, stat.text, '']);
  }
  return cards;
}

/** An exemplar dot's tooltip: its value and time, and whether clicking opens its trace. */
export function exemplarTitle(e: ExemplarDot): string {
  const what = `exemplar ${e.text} at ${clock(e.t, true)}`;
  if (!e.traceId) return `${what} (recorded outside a sampled span)`;
  const id = `trace ${e.traceId.slice(0, 8)}… span ${e.spanId}`;
  return e.held ? `${what} — click to open ${id}` : `${what} — ${id} is not held (not received, or evicted)`;
}
