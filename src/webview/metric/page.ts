/** The chart's page: toolbar (name, labels, facts, value/rate switch), banner, stat cards, line chart, bucket chart. */
import type { MetricMode } from '../../core/views/metricView';
import { el } from '../shared/dom';

export interface MetricPage {
  app: HTMLElement;
  header: HTMLElement;
  h1: HTMLHeadingElement;
  labels: HTMLElement;
  meta: HTMLElement;
  modeGroup: HTMLElement;
  modeButtons: [HTMLButtonElement, MetricMode][];
  banner: HTMLElement;
  body: HTMLElement;
  stats: HTMLElement;
  lineTitle: HTMLElement;
  legend: HTMLElement;
  lineBox: HTMLElement;
  tooltip: HTMLElement;
  histCard: HTMLElement;
  histTitle: HTMLElement;
  histNote: HTMLElement;
  histBox: HTMLElement;
  /** An exemplar's dot was clicked (main.ts posts it to the host). */
  onExemplar: (traceId: string, spanId: string) => void;
}

export function buildPage(): MetricPage {
  const app = document.getElementById('app')!;
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
  const modeButtons: [HTMLButtonElement, MetricMode][] = [
    [el('button', '', 'Value'), 'value'],
    [el('button', '', 'Rate /s'), 'rate'],
  ];
  for (const [b, mode] of modeButtons) {
    b.setAttribute('role', 'radio');
    b.dataset.focus = `mode:${mode}`;
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
  return { app, header, h1, labels, meta, modeGroup, modeButtons, banner, body, stats, lineTitle, legend, lineBox, tooltip, histCard, histTitle, histNote, histBox, onExemplar: () => undefined };
}

/** A chart's height: its share of the window below the header and the stats, within sensible bounds. */
export function chartHeight(share: number, max: number): number {
  const avail = window.innerHeight - 250;
  return Math.round(Math.max(170, Math.min(max, avail * share)));
}
