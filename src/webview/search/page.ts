/**
 * The search panel's page: toolbar (title, counts), the filter form, the duration histogram and services of what
 * matches, the list's column heads, and the scrolling list of traces.
 */
import type { SearchField, SearchForm } from '../../core/views/traceSearchView';
import { el } from '../shared/dom';

export interface SearchPage {
  app: HTMLElement;
  header: HTMLElement;
  h1: HTMLHeadingElement;
  meta: HTMLElement;
  form: HTMLFormElement;
  inputs: { [K in SearchField]: HTMLInputElement };
  errors: Map<SearchField, HTMLElement>;
  clear: HTMLButtonElement;
  datalists: { services: HTMLDataListElement; instances: HTMLDataListElement; names: HTMLDataListElement };
  overview: HTMLElement;
  histogram: HTMLElement;
  histogramNote: HTMLElement;
  services: HTMLElement;
  banner: HTMLElement;
  list: HTMLElement;
  heads: HTMLElement;
  viewport: HTMLElement;
  empty: HTMLElement;
}

function field(label: string, input: HTMLInputElement, error: HTMLElement, cls = ''): HTMLElement {
  const box = el('label', `field${cls ? ` ${cls}` : ''}`);
  box.append(el('span', 'field-label', label), input, error);
  return box;
}

function textInput(name: SearchField, placeholder: string, list?: string): HTMLInputElement {
  const input = el('input');
  input.type = 'text';
  input.name = name;
  input.placeholder = placeholder;
  input.spellcheck = false;
  input.autocomplete = 'off';
  input.dataset.focus = name;
  if (list) input.setAttribute('list', list);
  return input;
}

function checkbox(name: SearchField): HTMLInputElement {
  const input = el('input');
  input.type = 'checkbox';
  input.name = name;
  input.dataset.focus = name;
  return input;
}

export function buildPage(): SearchPage {
  const app = document.getElementById('app')!;
  const header = el('header', 'toolbar');
  const titleBox = el('div', 'title');
  const h1 = el('h1', '', 'Find Traces');
  const meta = el('div', 'meta');
  titleBox.append(h1, meta);
  header.append(titleBox);

  const inputs = {
    service: textInput('service', 'any service', 'dl-services'),
    instance: textInput('instance', 'any instance', 'dl-instances'),
    name: textInput('name', 'contains…', 'dl-names'),
    exactName: checkbox('exactName'),
    errorsOnly: checkbox('errorsOnly'),
    minDuration: textInput('minDuration', 'min: 200ms'),
    maxDuration: textInput('maxDuration', 'max: 2s'),
    since: textInput('since', '15m', 'dl-since'),
    until: textInput('until', 'now'),
    attributes: textInput('attributes', 'http.route=/checkout  user.id=42'),
  } satisfies { [K in SearchField]: HTMLInputElement };
  const errors = new Map<SearchField, HTMLElement>();
  const err = (f: SearchField) => {
    const e = el('span', 'field-error');
    e.setAttribute('role', 'alert');
    errors.set(f, e);
    return e;
  };

  const form = el('form', 'search-form');
  form.setAttribute('aria-label', 'Trace filter');
  const name = field('Root span', inputs.name, err('name'), 'wide');
  const exact = el('label', 'check');
  exact.append(inputs.exactName, document.createTextNode('exact'));
  name.append(exact);
  const errorsOnly = el('label', 'check errors-only');
  errorsOnly.append(inputs.errorsOnly, document.createTextNode('errors only'));
  errorsOnly.append(err('errorsOnly'));
  const duration = el('div', 'field range');
  duration.append(el('span', 'field-label', 'Duration'));
  const durationInputs = el('div', 'pair');
  durationInputs.append(inputs.minDuration, el('span', 'dash', '–'), inputs.maxDuration);
  duration.append(durationInputs, err('minDuration'), err('maxDuration'));
  const time = el('div', 'field range');
  time.append(el('span', 'field-label', 'Started since / until'));
  const timeInputs = el('div', 'pair');
  timeInputs.append(inputs.since, el('span', 'dash', '–'), inputs.until);
  time.append(timeInputs, err('since'), err('until'));
  const clear = el('button', 'clear', 'Clear');
  clear.type = 'button';
  clear.title = 'Clear every filter';
  form.append(
    field('Service', inputs.service, err('service')),
    field('Instance', inputs.instance, err('instance')),
    name,
    duration,
    time,
    field('Attributes (on any span)', inputs.attributes, err('attributes'), 'wide'),
    errorsOnly,
    clear,
  );
  const since = el('datalist');
  since.id = 'dl-since';
  for (const v of ['5m', '15m', '1h', '6h', '24h']) {
    const o = el('option');
    o.value = v;
    since.append(o);
  }
  const datalists = { services: el('datalist'), instances: el('datalist'), names: el('datalist') };
  datalists.services.id = 'dl-services';
  datalists.instances.id = 'dl-instances';
  datalists.names.id = 'dl-names';
  form.append(since, datalists.services, datalists.instances, datalists.names);

  const overview = el('section', 'overview');
  const histBox = el('div', 'hist-box');
  const histogram = el('div', 'histogram');
  histogram.setAttribute('role', 'group');
  histogram.setAttribute('aria-label', 'Durations of the matching traces');
  const histogramNote = el('div', 'hist-note');
  histBox.append(histogram, histogramNote);
  const services = el('div', 'services');
  overview.append(histBox, services);

  const banner = el('div', 'banner');
  banner.hidden = true;

  const heads = el('div', 'heads srow');
  for (const [cls, text] of [
    ['c-start', 'Started'],
    ['c-name', 'Root span'],
    ['c-service', 'Service'],
    ['c-instance', 'Instance'],
    ['c-duration', 'Duration'],
    ['c-spans', 'Spans'],
  ]) heads.append(el('span', cls, text));
  const viewport = el('div', 'viewport');
  viewport.tabIndex = 0;
  viewport.setAttribute('role', 'listbox');
  viewport.setAttribute('aria-label', 'Traces');
  viewport.dataset.focus = 'traces';
  const empty = el('div', 'empty');
  empty.hidden = true;
  const list = el('section', 'list');
  list.append(heads, viewport, empty);
  return { app, header, h1, meta, form, inputs, errors, clear, datalists, overview, histogram, histogramNote, services, banner, list, heads, viewport, empty };
}

/** The form's values as typed. */
export function readForm(page: SearchPage): SearchForm {
  const i = page.inputs;
  return {
    service: i.service.value,
    instance: i.instance.value,
    name: i.name.value,
    exactName: i.exactName.checked,
    errorsOnly: i.errorsOnly.checked,
    minDuration: i.minDuration.value,
    maxDuration: i.maxDuration.value,
    since: i.since.value,
    until: i.until.value,
    attributes: i.attributes.value,
  };
}

export function writeForm(page: SearchPage, form: SearchForm): void {
  const i = page.inputs;
  for (const k of Object.keys(form) as SearchField[]) {
    const v = form[k];
    if (typeof v === 'boolean') i[k].checked = v;
    else i[k].value = v;
  }
}

/** Fills a datalist with suggestions. */
export function fillList(list: HTMLDataListElement, values: readonly string[]): void {
  if (list.dataset.values === values.join('\n')) return;
  list.dataset.values = values.join('\n');
  list.replaceChildren(
    ...values.map((v) => {
      const o = el('option');
      o.value = v;
      return o;
    }),
  );
}
