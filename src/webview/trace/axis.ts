/**
 * The time axis over the span list: tick labels above, dashed grid lines through the rows. As many ticks as
 * their labels allow in the width the axis has (core/views/traceLayout.traceTicks), redrawn when it changes.
 */
import { traceTicks } from '../../core/views/traceLayout';
import { el, fontOf, textMeasurer } from '../shared/dom';
import type { TracePage } from './page';
import type { TraceSession } from './session';

export class Axis {
  private measure: ((text: string) => number) | undefined;
  /** What the ticks were drawn for: duration and width. */
  private drawnFor = '';

  constructor(private readonly page: TracePage) {}

  /** Draws the ticks again if the trace's duration or the axis's width changed. */
  draw(session: TraceSession): void {
    const { axisTicks, grid } = this.page;
    const total = session.layout?.durationMs ?? 0;
    const width = axisTicks.clientWidth;
    const key = `${total}|${width}`;
    if (key === this.drawnFor) return;
    this.drawnFor = key;
    axisTicks.replaceChildren();
    grid.replaceChildren();
    if (!(total > 0) || width <= 0) return;
    // Padding of .tick (4px) is added by traceTicks; the font is the axis's own.
    this.measure ??= textMeasurer(fontOf(axisTicks));
    for (const tick of traceTicks(total, width, this.measure)) {
      const label = el('span', tick.align === 'end' ? 'tick last' : 'tick', tick.label);
      label.style.left = `${tick.frac * 100}%`;
      axisTicks.append(label);
      const line = el('div', 'gridline');
      line.style.left = `${tick.frac * 100}%`;
      grid.append(line);
    }
  }
}
