/** Rows for Prometheus series, shared by the Pushgateway and Scrape Targets views. */
import { promSeriesName, summarizePromSeries, type FlatSeries } from '../../format/promSeries';
import { markdownTip, md, type NodeData, type RowTooltip, type TreeRow } from './treeRow';

/** contextValue of a "… N more" row (no menus). */
export const MORE_CONTEXT = 'more';

export function promSeriesRow<D extends NodeData>(node: D, flat: FlatSeries, contextValue: string): TreeRow<D> {
  return {
    node,
    label: promSeriesName(flat.family.name, flat.series.labels),
    collapsible: 'none',
    contextValue,
    description: summarizePromSeries(flat.series, flat.family),
    icon: { id: 'symbol-field' },
  };
}

export function promSeriesTooltip(flat: FlatSeries): RowTooltip {
  return markdownTip(
    `\`${promSeriesName(flat.family.name, flat.series.labels).replace(/`/g, "'")}\`\n\n${flat.family.type}${flat.family.help ? ` · ${md(flat.family.help)}` : ''}\n\nlatest: ${md(summarizePromSeries(flat.series, flat.family))}`,
  );
}

export function moreSeriesRow<D extends NodeData>(node: D, hidden: number): TreeRow<D> {
  return { node, label: `… ${hidden.toLocaleString('en-US')} more`, collapsible: 'none', contextValue: MORE_CONTEXT, description: 'series not listed' };
}
