/** The details pane: the selected span's facts, attributes, events, links and resource, as the host prepared them. */
import { formatNumber, plural } from '../../core/format/format';
import type { KeyValue, SpanDetails } from '../../core/views/spanDetails';
import { clock } from '../shared/clock';
import { el } from '../shared/dom';
import { spanDuration } from './labels';

export interface DetailsActions {
  openSource(spanId: string): void;
  /** A link to a span of this trace selects it; to another trace, opens that. */
  followLink(traceId: string, spanId: string): void;
}

function kvTable(kvs: readonly KeyValue[]): HTMLTableElement {
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

function section(title: string, n?: number): HTMLElement {
  const s = el('section');
  s.append(el('h3', '', n === undefined ? title : `${title} (${formatNumber(n)})`));
  return s;
}

function link(text: string, title: string, onClick: () => void, cls = ''): HTMLAnchorElement {
  const a = el('a', cls, text);
  a.href = '#';
  a.title = title;
  a.addEventListener('click', (e) => {
    e.preventDefault();
    onClick();
  });
  return a;
}

export function drawDetails(aside: HTMLElement, d: SpanDetails | null, selected: string | null, actions: DetailsActions): void {
  aside.replaceChildren();
  if (!d || d.spanId !== selected) {
    aside.append(el('p', 'placeholder', 'Select a span to see its attributes, events and links.'));
    return;
  }
  const head = el('div', 'd-head');
  head.append(el('h2', '', d.name || '(unnamed)'));
  const badges = el('div', 'badges');
  badges.append(el('span', `badge k-${d.kind}`, d.kind));
  badges.append(el('span', `badge st-${d.status}`, d.status === 'error' ? 'error' : d.status === 'ok' ? 'ok' : 'status unset'));
  badges.append(el('span', 'badge', spanDuration(d.durationMs)));
  head.append(badges);
  if (d.statusMessage) head.append(el('p', d.status === 'error' ? 'status-message error' : 'status-message', d.statusMessage));
  if (d.source) {
    const where = `${d.source.path}${d.source.line ? `:${d.source.line}` : ''}`;
    head.append(link(`⤷ ${d.source.function ? `${d.source.function} — ` : ''}${where}`, `Open ${where} in the editor`, () => actions.openSource(d.spanId), 'source'));
  }
  aside.append(head);

  const facts: KeyValue[] = [
    ['service', d.service],
    ['starts', `+${spanDuration(d.startMs)} (${clock(Date.parse(d.start), true)})`],
    ['duration', spanDuration(d.durationMs)],
    ['span id', d.spanId],
    ['parent id', d.parentSpanId || '(root)'],
    ['trace id', d.traceId],
  ];
  if (d.scope) facts.push(['scope', d.scope]);
  const f = section('Span');
  f.append(kvTable(facts));
  aside.append(f);

  if (d.genai) {
    const g = section('GenAI call');
    g.append(el('p', 'genai-summary', d.genai.summary), kvTable(d.genai.facts));
    for (const m of d.genai.messages) {
      const box = el('div', `message m-${m.side}`);
      box.append(el('div', 'message-role', m.side === 'output' ? `${m.role} (completion)` : m.role), el('div', 'message-text', m.text));
      g.append(box);
    }
    aside.append(g);
  }

  const attrs = section('Attributes', d.attributes.length);
  attrs.append(d.attributes.length ? kvTable(d.attributes) : el('p', 'none', 'none'));
  if (d.dropped.attributes) attrs.append(el('p', 'dropped', `${plural(d.dropped.attributes, 'attribute')} dropped by the producer`));
  aside.append(attrs);

  const events = section('Events', d.events.length);
  for (const ev of d.events) {
    const box = el('div', ev.name === 'exception' ? 'event exc' : 'event');
    const line = el('div', 'event-head');
    line.append(el('span', 'event-time', `+${spanDuration(ev.offsetMs)}`), el('span', 'event-name', ev.name));
    box.append(line);
    if (ev.attributes.length) box.append(kvTable(ev.attributes));
    events.append(box);
  }
  if (!d.events.length) events.append(el('p', 'none', 'none'));
  if (d.dropped.events) events.append(el('p', 'dropped', `${plural(d.dropped.events, 'event')} dropped by the producer`));
  aside.append(events);

  const logs = section('Logs', d.logs.length);
  logs.classList.add('logs-section');
  for (const l of d.logs) {
    const box = el('div', `log l-${l.level}`);
    const line = el('div', 'log-head');
    const time = el('span', 'log-time', `${l.offsetMs >= 0 ? '+' : '−'}${spanDuration(Math.abs(l.offsetMs))}`);
    if (l.time) time.title = `${l.time} (${clock(Date.parse(l.time), true)})`;
    line.append(time, el('span', 'log-severity', l.severity));
    if (l.eventName) line.append(el('span', 'log-event', l.eventName));
    box.append(line, el('div', 'log-body', l.body));
    if (l.attributes.length) box.append(kvTable(l.attributes));
    logs.append(box);
  }
  if (!d.logs.length) logs.append(el('p', 'none', 'none'));
  aside.append(logs);

  const links = section('Links', d.links.length);
  for (const l of d.links) {
    const box = el('div', 'link');
    box.append(link(`trace ${l.traceId.slice(0, 12)}… span ${l.spanId}`, l.traceId === d.traceId ? 'Select this span' : `Open trace ${l.traceId}`, () => actions.followLink(l.traceId, l.spanId)));
    if (l.attributes.length) box.append(kvTable(l.attributes));
    links.append(box);
  }
  if (!d.links.length) links.append(el('p', 'none', 'none'));
  if (d.dropped.links) links.append(el('p', 'dropped', `${plural(d.dropped.links, 'link')} dropped by the producer`));
  aside.append(links);

  const res = el('details', 'resource');
  res.append(el('summary', '', `Resource (${formatNumber(d.resource.length)})`), kvTable(d.resource));
  aside.append(res);
}
