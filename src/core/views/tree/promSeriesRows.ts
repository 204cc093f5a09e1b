/** Rows for Prometheus series, shared by the Pushgateway and Scrape Targets views. */
import { flattenFamilies, promSeriesName, summarizePromSeries, type FlatSeries } from '../../format/promSeries';
import type { PromFamily } from '../../scrape/exposition';
import { markdownTip, md, type NodeData, type RowTooltip, type TreeRow } from './treeRow';

/** contextValue of a "… N more" row (no menus). */
export const MORE_CONTEXT = 'more';

interface Flattened {
  all: FlatSeries[];
  byKey: Map<string, FlatSeries>;
}

/**
 * The families of one poll or scrape, flattened once: a redraw asks for each drawn series row on its own, and
 * flattening (sorting every series) per row made a redraw cost rows × series. A poll or scrape replaces the
 * families array and never changes it, so the array itself is the key.
 */
const flattened = new WeakMap<readonly PromFamily[], Flattened>();

function flatOf(families: readonly PromFamily[]): Flattened {
  let f = flattened.get(families);
  if (!f) {
    const all = flattenFamilies(families);
    const byKey = new Map<string, FlatSeries>();
    for (const x of all) if (!byKey.has(x.key)) byKey.set(x.key, x); // the first, as a search would find it
    flattened.set(families, (f = { all, byKey }));
  }
  return f;
}

/** Every series of the families, by family name then labels (flattenFamilies, once per families array). */
export function seriesOfFamilies(families: readonly PromFamily[]): readonly FlatSeries[] {
  return flatOf(families).all;
}

/** The series with this key among the families. */
export function findPromSeries(families: readonly PromFamily[], key: string): FlatSeries | undefined {
  return flatOf(families).byKey.get(key);
}

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
