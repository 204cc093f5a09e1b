/**
 * OTLP/JSON (the proto3 JSON mapping with OTLP's deviations) → engine values: field access with type checks,
 * 64-bit integers as numbers or strings, hex ids, AnyValue, Resource and InstrumentationScope.
 *
 * Leniency, on purpose: keys are the lowerCamelCase names, and the original snake_case names are accepted too
 * (as protobuf's own JSON parsers do); enum fields also take the enum value names; `null` means "not set".
 * Anything of the wrong type is a DecodeError whose message names the field path.
 */
import { newAttributes, type AttributeValue, type Attributes } from '../../model/attributes';
import { DecodeError, type Resource, type ResourceBatch, type Scope } from '../../model/records';

export type JsonObject = Record<string, unknown>;

/** AnyValue nesting allowed before the body is rejected (the same limit as the protobuf decoder). */
export const MAX_VALUE_DEPTH = 64;

/**
 * A shape error deep in the document. Each enclosing level adds its segment on the way out; the entry point
 * turns it into a plain DecodeError whose message reads `resourceSpans[0].scopeSpans[1].spans[2].kind: …`.
 */
export class JsonShapeError extends DecodeError {
  /** Innermost segment first. */
  readonly segments: string[] = [];
  constructor(readonly reason: string, segment?: string) {
    super(reason);
    if (segment !== undefined) this.segments.push(segment);
  }
}

/** Adds `segment` to the path of a shape error passing through; other errors pass unchanged. */
export function withSegment(e: unknown, segment: string): unknown {
  if (e instanceof JsonShapeError) e.segments.push(segment);
  return e;
}

/** The error an entry point throws: a DecodeError naming the path, for any shape error. */
export function finalError(e: unknown): unknown {
  if (e instanceof JsonShapeError) {
    const path = e.segments.slice().reverse().join('.');
    return new DecodeError(`invalid OTLP/JSON: ${path ? path + ': ' : ''}${e.reason}`);
  }
  return e;
}

const utf8 = new TextDecoder('utf-8');

/** Parses the body; it must be a JSON object. */
function parseJsonBody(body: Uint8Array): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(body));
  } catch (e) {
    throw new DecodeError(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isObject(value)) throw new DecodeError(`invalid OTLP/JSON: the body must be a JSON object, got ${describe(value)}`);
  return value;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `the string "${v.slice(0, 40)}…"` : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** The value under the camelCase key, else under the snake_case one; null counts as absent. */
export function field(o: JsonObject, camel: string, snake?: string): unknown {
  let v = o[camel];
  if ((v === undefined || v === null) && snake !== undefined) v = o[snake];
  return v === null ? undefined : v;
}

const EMPTY: readonly unknown[] = Object.freeze([]);

export function arrayField(o: JsonObject, camel: string, snake?: string): readonly unknown[] {
  const v = field(o, camel, snake);
  if (v === undefined) return EMPTY;
  if (Array.isArray(v)) return v;
  throw new JsonShapeError(`expected an array, got ${describe(v)}`, camel);
}

export function objectField(o: JsonObject, camel: string, snake?: string): JsonObject | undefined {
  const v = field(o, camel, snake);
  if (v === undefined || isObject(v)) return v;
  throw new JsonShapeError(`expected an object, got ${describe(v)}`, camel);
}

/** An array element that must be an object (a message). */
export function element(v: unknown, what: string): JsonObject {
  if (isObject(v)) return v;
  throw new JsonShapeError(`expected ${what} object, got ${describe(v)}`);
}

export function stringField(o: JsonObject, camel: string, snake?: string): string {
  const v = field(o, camel, snake);
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  throw new JsonShapeError(`expected a string, got ${describe(v)}`, camel);
}

export function boolField(o: JsonObject, camel: string, snake?: string): boolean {
  const v = field(o, camel, snake);
  if (typeof v === 'boolean') return v;
  if (v === undefined) return false;
  throw new JsonShapeError(`expected a boolean, got ${describe(v)}`, camel);
}

const DECIMAL = /^-?[0-9]+$/;

/** An integer field of 32 bits (uint32, fixed32, int32, sint32): a JSON number or a decimal string. */
export function int32Field(o: JsonObject, camel: string, snake: string | undefined, signed: boolean): number {
  const v = field(o, camel, snake);
  if (v === undefined) return 0;
  const n = typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v;
  if (typeof n === 'number' && Number.isInteger(n) && (signed ? n >= -0x80000000 && n <= 0x7fffffff : n >= 0 && n <= 0xffffffff)) {
    return n;
  }
  throw new JsonShapeError(`expected a ${signed ? 'signed' : 'unsigned'} 32-bit integer, got ${describe(v)}`, camel);
}

export function uint32Field(o: JsonObject, camel: string, snake?: string): number {
  return int32Field(o, camel, snake, false);
}

/** An enum field: its number, or (leniently) its value name. */
export function enumField(o: JsonObject, camel: string, snake: string | undefined, names: ReadonlyMap<string, number>): number {
  const v = field(o, camel, snake);
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) return v;
  } else if (typeof v === 'string') {
    const n = names.get(v);
    if (n !== undefined) return n;
    if (DECIMAL.test(v)) return int32Field(o, camel, snake, true);
  } else if (v === undefined) {
    return 0;
  }
  throw new JsonShapeError(`expected an enum number or value name, got ${describe(v)}`, camel);
}

/**
 * A 64-bit integer field (fixed64, uint64, sfixed64, int64) as a double: a JSON number or a decimal string
 * (proto3 JSON writes them as strings). Number() of the decimal string rounds once, exactly like the
 * protobuf decoder's hi * 2^32 + lo, so both decoders agree to the last bit.
 */
export function int64Field(o: JsonObject, camel: string, snake: string | undefined, signed: boolean): number {
  const v = field(o, camel, snake);
  if (v === undefined) return 0;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && (signed || v >= 0)) return v;
  } else if (typeof v === 'string' && DECIMAL.test(v) && (signed || v.charCodeAt(0) !== 45)) {
    return Number(v);
  }
  throw new JsonShapeError(`expected ${signed ? 'a' : 'an unsigned'} 64-bit integer (number or decimal string), got ${describe(v)}`, camel);
}

export function uint64Field(o: JsonObject, camel: string, snake?: string): number {
  return int64Field(o, camel, snake, false);
}

/** A double: a JSON number, or one of the strings proto3 JSON allows ("NaN", "Infinity", "-Infinity", numerals). */
export function toDouble(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    if (/^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(v)) return Number(v);
  }
  return undefined;
}

export function doubleField(o: JsonObject, camel: string, snake?: string): number {
  const v = field(o, camel, snake);
  if (v === undefined) return 0;
  const n = toDouble(v);
  if (n !== undefined) return n;
  throw new JsonShapeError(`expected a number, got ${describe(v)}`, camel);
}

/** An optional double: undefined when the key is absent or null. */
export function optionalDoubleField(o: JsonObject, camel: string, snake?: string): number | undefined {
  const v = field(o, camel, snake);
  if (v === undefined) return undefined;
  const n = toDouble(v);
  if (n !== undefined) return n;
  throw new JsonShapeError(`expected a number, got ${describe(v)}`, camel);
}

/** A trace or span id: hex (case-insensitive per the spec), returned lowercase; '' when absent. */
export function idField(o: JsonObject, camel: string, snake?: string): string {
  const v = field(o, camel, snake);
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new JsonShapeError(`expected a hex id string, got ${describe(v)}`, camel);
  let upper = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue;
    if (c >= 65 && c <= 70) {
      upper = true;
      continue;
    }
    throw new JsonShapeError(`expected a hex id, got ${describe(v)}`, camel);
  }
  if (v.length % 2 !== 0) throw new JsonShapeError(`expected a hex id of whole bytes, got ${v.length} digits`, camel);
  return upper ? v.toLowerCase() : v;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An AnyValue int_value: a number when it is a safe integer, else the exact decimal string. */
function int64Value(v: unknown): number | string {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v;
    if (Number.isInteger(v)) {
      // Past 2^53 JSON.parse has already rounded; 2^63 is what int64 max becomes, so clamp that one.
      let b = BigInt(v);
      if (b === INT64_MAX + 1n) b = INT64_MAX;
      if (b >= INT64_MIN && b <= INT64_MAX) return b.toString();
    }
  } else if (typeof v === 'string' && DECIMAL.test(v)) {
    if (v.length <= 15) return Number(v);
    const b = BigInt(v);
    if (b >= INT64_MIN && b <= INT64_MAX) {
      const n = Number(b);
      return Number.isSafeInteger(n) ? n : b.toString();
    }
  }
  throw new JsonShapeError(`expected a 64-bit integer (number or decimal string), got ${describe(v)}`, 'intValue');
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function bytesValue(v: unknown): string {
  if (typeof v === 'string' && BASE64.test(v) && v.length % 4 !== 1) {
    // Re-encode so URL-safe or unpadded input reads the same as the protobuf decoder's output.
    return Buffer.from(v, 'base64').toString('base64');
  }
  throw new JsonShapeError(`expected a base64 string, got ${describe(v)}`, 'bytesValue');
}

/** An AnyValue object → the engine's value; no value set (or null, or absent) → null. */
export function anyValue(v: unknown, depth: number): AttributeValue {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new JsonShapeError(`expected an AnyValue object, got ${describe(v)}`);
  let x = field(v, 'stringValue', 'string_value');
  if (x !== undefined) {
    if (typeof x === 'string') return x;
    throw new JsonShapeError(`expected a string, got ${describe(x)}`, 'stringValue');
  }
  x = field(v, 'intValue', 'int_value');
  if (x !== undefined) return int64Value(x);
  x = field(v, 'boolValue', 'bool_value');
  if (x !== undefined) {
    if (typeof x === 'boolean') return x;
    throw new JsonShapeError(`expected a boolean, got ${describe(x)}`, 'boolValue');
  }
  x = field(v, 'doubleValue', 'double_value');
  if (x !== undefined) {
    const n = toDouble(x);
    if (n !== undefined) return n;
    throw new JsonShapeError(`expected a number, got ${describe(x)}`, 'doubleValue');
  }
  x = field(v, 'arrayValue', 'array_value');
  if (x !== undefined) {
    try {
      return arrayValue(x, depth + 1);
    } catch (e) {
      throw withSegment(e, 'arrayValue');
    }
  }
  x = field(v, 'kvlistValue', 'kvlist_value');
  if (x !== undefined) {
    try {
      if (!isObject(x)) throw new JsonShapeError(`expected a KeyValueList object, got ${describe(x)}`);
      checkDepth(depth + 1);
      const list = newAttributes();
      keyValues(arrayField(x, 'values'), list, depth + 1, 'values');
      return list;
    } catch (e) {
      throw withSegment(e, 'kvlistValue');
    }
  }
  x = field(v, 'bytesValue', 'bytes_value');
  if (x !== undefined) return bytesValue(x);
  return null;
}

function checkDepth(depth: number): void {
  if (depth > MAX_VALUE_DEPTH) throw new JsonShapeError(`AnyValue nested deeper than ${MAX_VALUE_DEPTH}`);
}

function arrayValue(x: unknown, depth: number): AttributeValue[] {
  if (!isObject(x)) throw new JsonShapeError(`expected an ArrayValue object, got ${describe(x)}`);
  checkDepth(depth);
  const values = arrayField(x, 'values');
  const out: AttributeValue[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    try {
      out[i] = anyValue(values[i], depth);
    } catch (e) {
      throw withSegment(e, `values[${i}]`);
    }
  }
  return out;
}

/** A `repeated KeyValue` array into `into`; `name` is the field's name, for error paths. */
export function keyValues(list: readonly unknown[], into: Attributes, depth: number, name: string): void {
  for (let i = 0; i < list.length; i++) {
    const kv = list[i];
    try {
      if (!isObject(kv)) throw new JsonShapeError(`expected a KeyValue object, got ${describe(kv)}`);
      const key = kv.key;
      if (typeof key !== 'string' && key !== undefined && key !== null) {
        throw new JsonShapeError(`expected a string, got ${describe(key)}`, 'key');
      }
      let value: AttributeValue;
      try {
        value = anyValue(kv.value, depth);
      } catch (e) {
        throw withSegment(e, 'value');
      }
      into[typeof key === 'string' ? key : ''] = value;
    } catch (e) {
      throw withSegment(e, `${name}[${i}]`);
    }
  }
}

/** The `attributes` field (a repeated KeyValue) of a message, as a fresh Attributes. */
export function attributesField(o: JsonObject, camel = 'attributes', snake?: string): Attributes {
  const attributes = newAttributes();
  keyValues(arrayField(o, camel, snake), attributes, 0, camel);
  return attributes;
}

export function decodeResource(v: JsonObject | undefined): Resource {
  if (v === undefined) return { attributes: newAttributes(), droppedAttributesCount: 0 };
  return {
    attributes: attributesField(v),
    droppedAttributesCount: uint32Field(v, 'droppedAttributesCount', 'dropped_attributes_count'),
  };
}

export function decodeScope(v: JsonObject | undefined): Scope {
  if (v === undefined) return { name: '', version: '', attributes: newAttributes() };
  return { name: stringField(v, 'name'), version: stringField(v, 'version'), attributes: attributesField(v) };
}

/** Enum value names, for the lenient reading of enum fields. */
export function enumNames(names: readonly string[]): ReadonlyMap<string, number> {
  return new Map(names.map((n, i) => [n, i]));
}

/** How one signal's request nests: Resource{X} → Scope{X} → items, with the JSON names of each level. */
export interface SignalLayout<T> {
  /** e.g. ['resourceSpans', 'resource_spans', 'a ResourceSpans'] */
  resources: readonly [camel: string, snake: string, what: string];
  scopes: readonly [camel: string, snake: string, what: string];
  items: readonly [camel: string, snake: string | undefined, what: string];
  /** One item; null drops it (a metric of a data type this decoder does not know). */
  decodeItem(o: JsonObject, scope: Scope): T | null;
}

/**
 * Walks an Export*ServiceRequest into ResourceBatches, the same way for every signal; a shape error
 * names its path (e.g. resourceSpans[0].scopeSpans[1].spans[2].traceId).
 */
export function resourceBatchesFromJson<T>(root: JsonObject, layout: SignalLayout<T>): ResourceBatch<T>[] {
  const [resCamel, resSnake, resWhat] = layout.resources;
  const [scopeCamel, scopeSnake, scopeWhat] = layout.scopes;
  const [itemCamel, itemSnake, itemWhat] = layout.items;
  const list = arrayField(root, resCamel, resSnake);
  const out: ResourceBatch<T>[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      const o = element(list[i], resWhat);
      let resource: Resource;
      try {
        resource = decodeResource(objectField(o, 'resource'));
      } catch (e) {
        throw withSegment(e, 'resource');
      }
      const batch: ResourceBatch<T> = { resource, schemaUrl: stringField(o, 'schemaUrl', 'schema_url'), items: [] };
      const scopes = arrayField(o, scopeCamel, scopeSnake);
      for (let j = 0; j < scopes.length; j++) {
        try {
          const so = element(scopes[j], scopeWhat);
          let scope: Scope;
          try {
            scope = decodeScope(objectField(so, 'scope'));
          } catch (e) {
            throw withSegment(e, 'scope');
          }
          const items = arrayField(so, itemCamel, itemSnake);
          for (let k = 0; k < items.length; k++) {
            try {
              const item = layout.decodeItem(element(items[k], itemWhat), scope);
              if (item !== null) batch.items.push(item);
            } catch (e) {
              throw withSegment(e, `${itemCamel}[${k}]`);
            }
          }
        } catch (e) {
          throw withSegment(e, `${scopeCamel}[${j}]`);
        }
      }
      out[i] = batch;
    } catch (e) {
      throw withSegment(e, `${resCamel}[${i}]`);
    }
  }
  return out;
}

/** A whole OTLP/JSON request body of one signal into ResourceBatches; every failure is a DecodeError. */
export function decodeJsonRequest<T>(body: Uint8Array, layout: SignalLayout<T>): ResourceBatch<T>[] {
  const root = parseJsonBody(body);
  try {
    return resourceBatchesFromJson(root, layout);
  } catch (e) {
    throw finalError(e);
  }
}
