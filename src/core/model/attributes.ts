/**
 * Attribute values as the engine keeps them. OTLP's AnyValue maps onto plain JS values so views can
 * render them directly: int64 becomes a number when it is a safe integer and a decimal string otherwise
 * (no silent precision loss), bytes become a base64 string, kvlist becomes an attribute map.
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | Attributes;

/** A map with no prototype, so attribute keys such as `__proto__` are plain keys. */
export interface Attributes {
  [key: string]: AttributeValue;
}

export function newAttributes(): Attributes {
  return Object.create(null) as Attributes;
}

/** Stable text for an attribute set, used as a Series key: keys sorted, values JSON-encoded. */
export function attributesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  keys.sort();
  let out = '';
  for (const k of keys) out += (out ? ',' : '') + JSON.stringify(k) + '=' + JSON.stringify(attributes[k]);
  return out;
}

/** Short human form of a value, for trees and terminals. */
export function formatAttributeValue(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
