/**
 * Attribute values and log bodies as the query API sends them: long strings, large maps and deep values are
 * clipped (saying how much was left out), so one span with a 5 MB attribute cannot blow a page's budget.
 */
import { newAttributes, type Attributes, type AttributeValue } from '../model/attributes';
import { MAX_ARRAY_ITEMS, MAX_ATTRIBUTES, MAX_DEPTH, MAX_STRING_CHARS } from './queryLimits';

/** Key under which a clipped map says how many of its keys were left out. */
export const OMITTED_KEY = '…omitted';

export function clipString(s: string, max = MAX_STRING_CHARS): string {
  return s.length > max ? `${s.slice(0, max)}…[+${s.length - max} chars]` : s;
}

function clipValue(value: AttributeValue, depth = 0): AttributeValue {
  if (typeof value === 'string') return clipString(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return clipString(JSON.stringify(value), 64);
  if (Array.isArray(value)) {
    const out = value.slice(0, MAX_ARRAY_ITEMS).map((v) => clipValue(v, depth + 1));
    if (value.length > MAX_ARRAY_ITEMS) out.push(`…[+${value.length - MAX_ARRAY_ITEMS} items]`);
    return out;
  }
  return clipAttributes(value, depth + 1);
}

export function clipAttributes(attributes: Attributes, depth = 0): Attributes {
  const out = newAttributes();
  const keys = Object.keys(attributes);
  for (const k of keys.slice(0, MAX_ATTRIBUTES)) out[clipString(k, 256)] = clipValue(attributes[k], depth);
  if (keys.length > MAX_ATTRIBUTES) out[OMITTED_KEY] = keys.length - MAX_ATTRIBUTES;
  return out;
}

/** ISO time from Unix ms; null when unknown. */
export function isoTime(ms: number | undefined): string | null {
  return ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}
