/** Attributes as the panels list them: [key, value as text] pairs, sorted by key. */
import { formatAttributeValue, type Attributes } from '../model/attributes';

export type KeyValue = [key: string, value: string];

export function keyValues(attributes: Attributes): KeyValue[] {
  return Object.keys(attributes)
    .sort()
    .map((k) => [k, formatAttributeValue(attributes[k])]);
}
