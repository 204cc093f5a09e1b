/** Prometheus series (Pushgateway groups, scrape targets) as tree rows say them. No 'vscode' here. */
import { formatEpochValue } from './epochTime';
import { formatNumber } from './format';
import { formatLabels, labelKey, type PromFamily, type PromSeries } from '../scrape/exposition';

/**
 * The latest value on one line: the value (a time, for a gauge that holds seconds since the epoch such as
 * `push_time_seconds`, given its family), or count/sum (and quantiles) for histograms and summaries.
 */
export function summarizePromSeries(series: PromSeries, family?: Pick<PromFamily, 'name' | 'type'>, nowMs: number = Date.now()): string {
  if (series.value !== undefined) {
    const time = family && (family.type === 'gauge' || family.type === 'untyped') ? formatEpochValue(series.value, '', family.name, nowMs) : undefined;
    return time ?? formatNumber(series.value);
  }
  const parts: string[] = [];
  if (series.count !== undefined) parts.push(`count ${formatNumber(series.count)}`);
  if (series.sum !== undefined) parts.push(`sum ${formatNumber(series.sum)}`);
  for (const q of series.quantiles ?? []) parts.push(`p${formatNumber(q.quantile * 100)} ${formatNumber(q.value)}`);
  if (!parts.length && series.buckets) parts.push(`${series.buckets.length} buckets`);
  return parts.join(', ');
}

/** `name{a="1", b="x"}`, as Prometheus writes a series. */
export function promSeriesName(family: string, labels: Record<string, string>): string {
  return family + formatLabels(labels);
}

/** One series with its family, named by a key that is stable across polls. */
export interface FlatSeries {
  key: string;
  family: PromFamily;
  series: PromSeries;
}

/** Every series of the families, by family name then labels. */
export function flattenFamilies(families: readonly PromFamily[]): FlatSeries[] {
  const out: FlatSeries[] = [];
  for (const family of [...families].sort((a, b) => a.name.localeCompare(b.name))) {
    const series = [...family.series].sort((a, b) => labelKey(a.labels).localeCompare(labelKey(b.labels)));
    for (const s of series) out.push({ key: `${family.name}${labelKey(s.labels)}`, family, series: s });
  }
  return out;
}
