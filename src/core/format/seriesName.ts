/** A Series named the way people write it in queries and notes: `name{key="value",...}`. No 'vscode' here. */
import { formatAttributeValue, type Attributes } from '../model/attributes';

/** Attribute keys sorted (the Series key's order); values quoted with \\, " and newlines escaped as PromQL does. */
export function seriesName(metricName: string, attributes: Attributes): string {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return metricName;
  const labels = keys.map((k) => `${k}="${formatAttributeValue(attributes[k]).replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`);
  return `${metricName}{${labels.join(',')}}`;
}
