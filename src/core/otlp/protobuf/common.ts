/**
 * Protobuf decoding of opentelemetry.proto.common.v1 and resource.v1: AnyValue, KeyValue lists,
 * InstrumentationScope and Resource, straight into the engine's values.
 */
import { newAttributes, type AttributeValue, type Attributes } from '../../model/attributes';
import { DecodeError, type Resource, type Scope } from '../../model/records';
import { int64PartsToValue, type ProtoReader } from './reader';

/** AnyValue nesting (arrays and kvlists inside each other) allowed before the body is rejected. */
export const MAX_VALUE_DEPTH = 64;

// Tags (field number << 3 | wire type), so a known field with the wrong wire type is skipped as unknown.
const ANY_STRING = (1 << 3) | 2;
const ANY_BOOL = (2 << 3) | 0;
const ANY_INT = (3 << 3) | 0;
const ANY_DOUBLE = (4 << 3) | 1;
const ANY_ARRAY = (5 << 3) | 2;
const ANY_KVLIST = (6 << 3) | 2;
const ANY_BYTES = (7 << 3) | 2;
const KV_KEY = (1 << 3) | 2;
const KV_VALUE = (2 << 3) | 2;
const LIST_VALUES = (1 << 3) | 2;

/** Decodes an AnyValue message ending at `end`; no value set → null. */
export function decodeAnyValue(r: ProtoReader, end: number, depth: number): AttributeValue {
  let value: AttributeValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case ANY_STRING:
        value = r.string();
        break;
      case ANY_BOOL:
        value = r.bool();
        break;
      case ANY_INT:
        r.varint64();
        value = int64PartsToValue(r.lo, r.hi);
        break;
      case ANY_DOUBLE:
        value = r.double();
        break;
      case ANY_ARRAY:
        value = decodeArrayValue(r, r.messageEnd(), depth + 1);
        break;
      case ANY_KVLIST: {
        const list = newAttributes();
        decodeKeyValueList(r, r.messageEnd(), list, depth + 1);
        value = list;
        break;
      }
      case ANY_BYTES:
        value = r.bytesBase64();
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'AnyValue');
  return value;
}

function decodeArrayValue(r: ProtoReader, end: number, depth: number): AttributeValue[] {
  if (depth > MAX_VALUE_DEPTH) throw new DecodeError(`invalid protobuf: AnyValue nested deeper than ${MAX_VALUE_DEPTH}`);
  const values: AttributeValue[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === LIST_VALUES) values.push(decodeAnyValue(r, r.messageEnd(), depth));
    else r.skip(tag);
  }
  r.checkEnd(end, 'ArrayValue');
  return values;
}

function decodeKeyValueList(r: ProtoReader, end: number, into: Attributes, depth: number): void {
  if (depth > MAX_VALUE_DEPTH) throw new DecodeError(`invalid protobuf: AnyValue nested deeper than ${MAX_VALUE_DEPTH}`);
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === LIST_VALUES) decodeKeyValue(r, r.messageEnd(), into, depth);
    else r.skip(tag);
  }
  r.checkEnd(end, 'KeyValueList');
}

/** Decodes one KeyValue message ending at `end` into `into` (a repeated key keeps its last value). */
export function decodeKeyValue(r: ProtoReader, end: number, into: Attributes, depth: number): void {
  let key = '';
  let value: AttributeValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === KV_KEY) key = r.string();
    else if (tag === KV_VALUE) value = decodeAnyValue(r, r.messageEnd(), depth);
    else r.skip(tag);
  }
  r.checkEnd(end, 'KeyValue');
  into[key] = value;
}

/** Reads one `repeated KeyValue` element (its tag already read) into `into`. */
export function readAttribute(r: ProtoReader, into: Attributes): void {
  decodeKeyValue(r, r.messageEnd(), into, 0);
}

const RESOURCE_ATTRIBUTES = (1 << 3) | 2;
const RESOURCE_DROPPED = (2 << 3) | 0;

/** Decodes a Resource message into `resource` (filled in place, so repeated occurrences merge). */
export function decodeResource(r: ProtoReader, end: number, resource: Resource): void {
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case RESOURCE_ATTRIBUTES:
        readAttribute(r, resource.attributes);
        break;
      case RESOURCE_DROPPED:
        resource.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'Resource');
}

const SCOPE_NAME = (1 << 3) | 2;
const SCOPE_VERSION = (2 << 3) | 2;
const SCOPE_ATTRIBUTES = (3 << 3) | 2;

/**
 * Decodes an InstrumentationScope into `scope`, in place: items decoded before the scope field (the wire
 * does not fix field order) already hold this object and see the values.
 */
export function decodeScope(r: ProtoReader, end: number, scope: Scope): void {
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case SCOPE_NAME:
        scope.name = r.string();
        break;
      case SCOPE_VERSION:
        scope.version = r.string();
        break;
      case SCOPE_ATTRIBUTES:
        readAttribute(r, scope.attributes);
        break;
      default:
        r.skip(tag); // 4: dropped_attributes_count, which Scope does not keep
    }
  }
  r.checkEnd(end, 'InstrumentationScope');
}

export function newResource(): Resource {
  return { attributes: newAttributes(), droppedAttributesCount: 0 };
}

export function newScope(): Scope {
  return { name: '', version: '', attributes: newAttributes() };
}
