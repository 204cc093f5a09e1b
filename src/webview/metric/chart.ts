/** The whole chart page from one 'view' message: title, labels, facts, mode switch, banner, stats and charts. */
import { formatNumber } from '../../core/format/format';
import { el, showApp } from '../shared/dom';
import type { MetricViewMessage } from '../shared/messages';
import { drawBars } from './barChart';
import { statCards } from './labels';
import { drawLines } from './lineChart';
import type { MetricPage } from './page';

/**
 * Draws everything; returns how many marks (lines and bars) were drawn. A live chart redraws every second or
 * so: each part is replaced in one step, and the scroll position is put back in case the page's height moved.
 */
export function drawChart(page: MetricPage, msg: MetricViewMessage): number {
  const scroller = document.scrollingElement ?? document.documentElement;
  const scrollTop = scroller.scrollTop;
  const n = draw(page, msg);
  if (scroller.scrollTop !== scrollTop) scroller.scrollTop = scrollTop;
  return n;
}

function draw(page: MetricPage, msg: MetricViewMessage): number {
  const view = msg.view;
  const { h1, labels, meta, banner, body, stats } = page;
  showApp(page.app, page.header, page.banner, page.body);
  if (!view) {
    h1.textContent = 'Series no longer kept';
    body.hidden = true;
    return 0;
  }
  body.hidden = false;
  h1.textContent = view.name;
  h1.title = view.description ? `${msg.series}\n${view.description}` : msg.series;
  labels.replaceChildren(
    ...msg.attributes.map(([k, v]) => {
      const chip = el('span', 'label');
      chip.append(el('span', 'k', `${k}=`), document.createTextNode(v));
      return chip;
    }),
  );
  labels.hidden = labels.childElementCount === 0;
  const parts = [msg.instance, view.kindLabel, view.unit ? `unit ${view.unit}` : '', `${formatNumber(view.pointCount)} points kept`, msg.updated ? `updated ${msg.updated}` : ''];
  meta.replaceChildren(...parts.filter((p) => p).map((p) => el('span', '', p)));
  page.modeGroup.hidden = !view.canRate;
  for (const [b, mode] of page.modeButtons) {
    b.setAttribute('aria-checked', String(view.mode === mode));
    b.classList.toggle('on', view.mode === mode);
  }

  const notes: string[] = [];
  if (msg.gone) notes.push('This series is no longer kept (evicted or cleared): showing its last state.');
  if (view.resets) notes.push(`${view.resets === 1 ? 'One counter reset' : `${view.resets} counter resets`} (a restart): the rate counts from zero after each.`);
  banner.textContent = notes.join(' ');
  banner.hidden = notes.length === 0;

  stats.replaceChildren(
    ...statCards(view).map(([label, value, cls]) => {
      const s = el('div', `stat${cls ? ` ${cls}` : ''}`);
      s.append(el('div', 'stat-label', label), el('div', 'stat-value', value));
      return s;
    }),
  );
  const rendered = drawLines(page, view);
  page.histCard.hidden = !view.histogram;
  const bars = view.histogram ? drawBars(page, view) : 0;
  return rendered + bars;
}
