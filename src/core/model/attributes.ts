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

/** An attribute map whose prototype chain has no Object.prototype, so keys such as `__proto__` are plain keys. */
export interface Attributes {
  [key: string]: AttributeValue;
}

/**
 * Attribute maps are made with `new` on a constructor whose prototype is itself prototype-less: V8 then gives
 * them its fast object layout, where `Object.create(null)` objects always live as hash tables (measured: about
 * 460 bytes less per span at 100,000 spans, and faster decoding).
 */
const AttributesBag = function AttributesBag(this: Attributes) {} as unknown as { new (): Attributes; prototype: object };
AttributesBag.prototype = Object.create(null) as object;

export function newAttributes(): Attributes {
  return new AttributesBag();
}

/**
 * Stable text for an attribute set, used as a Series key on every data point: keys in sorted order, each part
 * length-prefixed so no key or value can be mistaken for a separator, and no JSON encoding for the common
 * scalar values (this runs once per point on the ingest path).
 */
export function attributesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  // Producers send their keys in a fixed order, usually sorted already: sort only when they are not.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1] > keys[i]) {
      keys.sort();
      break;
    }
  }
  let out = '';
  for (const k of keys) {
    const v = attributes[k];
    out += `${k.length}:${k}`;
    if (typeof v === 'string') out += `s${v.length}:${v}`;
    else if (typeof v === 'number') out += `n${v};`;
    else if (typeof v === 'boolean') out += v ? 'T' : 'F';
    else {
      const json = JSON.stringify(v);
      out += `j${json.length}:${json}`;
    }
  }
  return out;
}

/** Short human form of a value, for trees and terminals. */
export function formatAttributeValue(value: AttributeValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
