/** The waterfall's title, its facts (duration, spans, services, depth, start, errors, id) and its banner. */
import { plural } from '../../core/format/format';
import { el } from '../shared/dom';
import { headerFacts, unplacedLogsNote } from './labels';
import type { TracePage } from './page';
import type { TraceSession } from './session';

export function drawHeader(page: TracePage, session: TraceSession): void {
  const layout = session.layout;
  if (!layout) return;
  const { h1, meta, banner } = page;
  h1.textContent = layout.rootName || '(no spans)';
  h1.title = `trace ${layout.traceId}`;
  meta.replaceChildren();
  for (const [cls, text] of headerFacts(layout)) meta.append(el('span', `m-${cls}`, text));
  if (layout.errorCount) meta.append(el('span', 'm-errors', `⚠ ${plural(layout.errorCount, 'error')}`));
  const id = el('span', 'm-trace', layout.traceId);
  id.title = 'Trace id';
  meta.append(id);
  const notes: string[] = [];
  if (layout.orphanCount) notes.push(`${plural(layout.orphanCount, 'span')} name a parent that was not received; shown at the top level, marked ⤴.`);
  if (layout.cycleCount) notes.push(`${plural(layout.cycleCount, 'parent loop')} broken (marked ↻).`);
  const unplaced = unplacedLogsNote(layout);
  if (unplaced) notes.push(unplaced);
  if (session.gone === 'cleared') notes.unshift('Telemetry data was cleared: this is the trace as it was; it is no longer kept.');
  else if (session.gone) notes.unshift('This trace is no longer kept (evicted to stay within the store’s limits): this is what it was.');
  banner.textContent = notes.join(' ');
  banner.hidden = notes.length === 0;
}
