/** The waterfall's page: toolbar (title, facts, filter), banner, axis, the scrolling span list, the details pane. */
import { el } from '../shared/dom';

export interface TracePage {
  app: HTMLElement;
  header: HTMLElement;
  h1: HTMLHeadingElement;
  meta: HTMLElement;
  filterInput: HTMLInputElement;
  filterCount: HTMLElement;
  /** Compare with…: another trace beside this one. */
  compare: HTMLButtonElement;
  banner: HTMLElement;
  main: HTMLElement;
  waterfall: HTMLElement;
  splitter: HTMLElement;
  axisTicks: HTMLElement;
  /** The scroller of the span list. */
  viewport: HTMLElement;
  /** As tall as every row drawn; holds the pool of row elements. */
  spacer: HTMLElement;
  grid: HTMLElement;
  empty: HTMLElement;
  aside: HTMLElement;
}

export function buildPage(filter: string): TracePage {
  const app = document.getElementById('app')!;
  const header = el('header', 'toolbar');
  const titleBox = el('div', 'title');
  const h1 = el('h1');
  const meta = el('div', 'meta');
  titleBox.append(h1, meta);
  const filterBox = el('div', 'filter');
  const filterInput = el('input');
  filterInput.type = 'search';
  filterInput.placeholder = 'Filter: name, service, attribute (http.route=/cart)…';
  filterInput.setAttribute('aria-label', 'Filter spans');
  filterInput.dataset.focus = 'filter';
  filterInput.spellcheck = false;
  filterInput.value = filter;
  const filterCount = el('span', 'filter-count');
  filterBox.append(filterInput, filterCount);
  const compare = el('button', 'compare', 'Compare with…');
  compare.type = 'button';
  compare.title = 'Put another trace beside this one: by default the latest other trace with the same root name';
  header.append(titleBox, filterBox, compare);

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
  viewport.dataset.focus = 'spans';
  const spacer = el('div', 'spacer');
  const grid = el('div', 'grid');
  spacer.append(grid);
  viewport.append(spacer);
  const empty = el('div', 'empty');
  empty.hidden = true;
  waterfall.append(axis, viewport, empty);
  const aside = el('aside', 'details');
  aside.setAttribute('aria-label', 'Span details');
  aside.dataset.focus = 'details';
  main.append(waterfall, aside);
  return { app, header, h1, meta, filterInput, filterCount, compare, banner, main, waterfall, splitter, axisTicks, viewport, spacer, grid, empty, aside };
}
