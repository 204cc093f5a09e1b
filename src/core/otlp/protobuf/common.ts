/**
 * Protobuf decoding of opentelemetry.proto.common.v1 and resource.v1: AnyValue, KeyValue lists,
 * InstrumentationScope and Resource, straight into the engine's values.
 */
import { newAttributes, type AttributeValue, type Attributes } from '../../model/attributes';
import { DecodeError, type Resource, type ResourceBatch, type Scope } from '../../model/records';
import { int64PartsToValue, ProtoReader } from './reader';

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
function decodeKeyValue(r: ProtoReader, end: number, into: Attributes, depth: number): void {
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

function newResource(): Resource {
  return { attributes: newAttributes(), droppedAttributesCount: 0 };
}

function newScope(): Scope {
  return { name: '', version: '', attributes: newAttributes() };
}

/** How one signal's request nests, Resource{X} → Scope{X} → items: the message names (for errors) and the item decoder. */
export interface ProtoSignalLayout<T> {
  /** e.g. ['ExportTraceServiceRequest', 'ResourceSpans', 'ScopeSpans'] */
  messages: readonly [request: string, resource: string, scope: string];
  /** One item message ending at `end`; null drops it (a metric of a data type this decoder does not know). */
  decodeItem(r: ProtoReader, end: number, scope: Scope): T | null;
}

// The three signals number their nesting alike: the request's field 1 is the repeated Resource{X}; Resource{X}
// has resource = 1, scope_{x} = 2, schema_url = 3; Scope{X} has scope = 1 and its items = 2 (3, the scope's
// schema_url, is not kept).
const REQUEST_RESOURCES = (1 << 3) | 2;
const RX_RESOURCE = (1 << 3) | 2;
const RX_SCOPES = (2 << 3) | 2;
const RX_SCHEMA_URL = (3 << 3) | 2;
const SX_SCOPE = (1 << 3) | 2;
const SX_ITEMS = (2 << 3) | 2;

/**
 * Walks an Export*ServiceRequest into ResourceBatches, the same way for every signal (as the JSON side's
 * resourceBatchesFromJson does); unknown fields are skipped at every level, and every read is bounds-checked.
 */
export function decodeProtobufRequest<T>(body: Uint8Array, layout: ProtoSignalLayout<T>): ResourceBatch<T>[] {
  const r = new ProtoReader(body);
  const out: ResourceBatch<T>[] = [];
  const end = r.len;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === REQUEST_RESOURCES) out.push(decodeResourceX(r, r.messageEnd(), layout));
    else r.skip(tag);
  }
  r.checkEnd(end, layout.messages[0]);
  return out;
}

function decodeResourceX<T>(r: ProtoReader, end: number, layout: ProtoSignalLayout<T>): ResourceBatch<T> {
  const batch: ResourceBatch<T> = { resource: newResource(), schemaUrl: '', items: [] };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case RX_RESOURCE:
        decodeResource(r, r.messageEnd(), batch.resource);
        break;
      case RX_SCOPES:
        decodeScopeX(r, r.messageEnd(), layout, batch.items);
        break;
      case RX_SCHEMA_URL:
        batch.schemaUrl = r.string();
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, layout.messages[1]);
  return batch;
}

function decodeScopeX<T>(r: ProtoReader, end: number, layout: ProtoSignalLayout<T>, items: T[]): void {
  // Items decoded before the scope field (the wire does not fix field order) already hold this object.
  const scope = newScope();
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case SX_SCOPE:
        decodeScope(r, r.messageEnd(), scope);
        break;
      case SX_ITEMS: {
        const item = layout.decodeItem(r, r.messageEnd(), scope);
        if (item !== null) items.push(item);
        break;
      }
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, layout.messages[2]);
}
