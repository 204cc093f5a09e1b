/** The time axis over the span list: tick labels above, dashed grid lines through the rows. */
import { niceStep } from '../../core/views/axisLabels';
import { el } from '../shared/dom';
import { tickLabel } from './labels';
import type { TracePage } from './page';
import type { TraceSession } from './session';

export function drawAxis(page: TracePage, session: TraceSession): void {
  const { axisTicks, grid } = page;
  axisTicks.replaceChildren();
  grid.replaceChildren();
  const total = session.layout?.durationMs ?? 0;
  if (!(total > 0)) return;
  const step = niceStep(total, 6);
  for (let t = 0; t <= total + step * 1e-9; t += step) {
    const frac = t / total;
    if (frac > 1.0001) break;
    const label = el('span', 'tick', tickLabel(t));
    label.style.left = `${frac * 100}%`;
    if (frac > 0.97) label.classList.add('last');
    axisTicks.append(label);
    const line = el('div', 'gridline');
    line.style.left = `${frac * 100}%`;
    grid.append(line);
  }
}
