/** The three OTLP/JSON request documents' keys, one table for the code that walks them as plain JSON. */
import type { Signal } from '../model/records';

export interface JsonLayout {
  resources: string;
  scopes: string;
  items: string;
}

export const JSON_LAYOUT: Readonly<Record<Signal, JsonLayout>> = {
  traces: { resources: 'resourceSpans', scopes: 'scopeSpans', items: 'spans' },
  metrics: { resources: 'resourceMetrics', scopes: 'scopeMetrics', items: 'metrics' },
  logs: { resources: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords' },
};

/** The data field of a Metric in OTLP/JSON, whichever kind it is. */
export const METRIC_DATA_FIELDS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

/** The signal a document's top-level key names, in either spelling the decoders accept. */
export const SIGNAL_KEYS: readonly [string, Signal][] = [
  ['resourceSpans', 'traces'],
  ['resource_spans', 'traces'],
  ['resourceMetrics', 'metrics'],
  ['resource_metrics', 'metrics'],
  ['resourceLogs', 'logs'],
  ['resource_logs', 'logs'],
];
