/**
 * What the chart keeps across hide/show (VS Code's setState): value or rate, and which Series it shows, which is
 * what restores the panel after a window reload (the host's panel serializer).
 */
import type { MetricMode } from '../../core/views/metricView';

export interface SeriesIds {
  instanceKey: string;
  streamKey: string;
  seriesKey: string;
}

export interface MetricState {
  mode: MetricMode;
  target: SeriesIds | null;
}

function isTarget(t: unknown): t is SeriesIds {
  if (!t || typeof t !== 'object') return false;
  const { instanceKey, streamKey, seriesKey } = t as Record<string, unknown>;
  return typeof instanceKey === 'string' && typeof streamKey === 'string' && typeof seriesKey === 'string';
}

/** The Series this page was made for (the host writes it in the body's data-target). */
function pageTarget(): SeriesIds | null {
  try {
    const t: unknown = JSON.parse(document.body.dataset.target ?? 'null');
    return isTarget(t) ? { instanceKey: t.instanceKey, streamKey: t.streamKey, seriesKey: t.seriesKey } : null;
  } catch {
    return null;
  }
}

export function restoreState(saved: Partial<MetricState>): MetricState {
  return {
    mode: saved.mode === 'value' || saved.mode === 'rate' ? saved.mode : 'rate',
    target: pageTarget() ?? (isTarget(saved.target) ? saved.target : null),
  };
}
