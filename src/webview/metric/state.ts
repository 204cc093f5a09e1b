/** What the chart keeps across hide/show (VS Code's setState): value or rate. */
import type { MetricMode } from '../../core/views/metricView';

export interface MetricState {
  mode: MetricMode;
}

export function restoreState(saved: Partial<MetricState>): MetricState {
  return { mode: saved.mode === 'value' || saved.mode === 'rate' ? saved.mode : 'rate' };
}
