/**
 * OTLP/JSON decoding of ExportTraceServiceRequest into SpanRecords (the same records as the protobuf decoder).
 */
import type { Scope, SpanEvent, SpanLink, SpanRecord, TracesPayload } from '../../model/records';
import {
  arrayField,
  attributesField,
  element,
  enumField,
  enumNames,
  idField,
  objectField,
  stringField,
  uint32Field,
  uint64Field,
  withSegment,
  type JsonObject,
  decodeJsonRequest,
  resourceBatchesFromJson,
  type SignalLayout,
} from './common';
import { LazySpan } from '../protobuf/lazySpan';
import type { SpanParts } from '../protobuf/spanParts';

const SPAN_KIND_NAMES = enumNames([
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
]);
const STATUS_CODE_NAMES = enumNames(['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR']);

const LAYOUT: SignalLayout<SpanRecord> = {
  resources: ['resourceSpans', 'resource_spans', 'a ResourceSpans'],
  scopes: ['scopeSpans', 'scope_spans', 'a ScopeSpans'],
  items: ['spans', undefined, 'a Span'],
  decodeItem: decodeSpan,
};

export function decodeTracesJson(body: Uint8Array): TracesPayload {
  return decodeJsonRequest(body, LAYOUT);
}

/** The mapping of an already parsed ExportTraceServiceRequest; throws JsonShapeError (a DecodeError). */
export function tracesFromJson(root: JsonObject): TracesPayload {
  return resourceBatchesFromJson(root, LAYOUT);
}

/**
 * OTLP/JSON spans keep their attributes, events and links decoded: JSON is the rare, slow path (a browser or a
 * script), and re-encoding to protobuf would cost more CPU than the bytes it saves. The memory budget counts
 * them by their decoded size.
 */
function decodeSpan(o: JsonObject, scope: Scope): SpanRecord {
  const span = new LazySpan(scope);
  span.traceId = idField(o, 'traceId', 'trace_id');
  span.spanId = idField(o, 'spanId', 'span_id');
  span.parentSpanId = idField(o, 'parentSpanId', 'parent_span_id');
  span.traceState = stringField(o, 'traceState', 'trace_state');
  span.flags = uint32Field(o, 'flags');
  span.name = stringField(o, 'name');
  span.kind = enumField(o, 'kind', undefined, SPAN_KIND_NAMES);
  span.startTimeUnixNano = uint64Field(o, 'startTimeUnixNano', 'start_time_unix_nano');
  span.endTimeUnixNano = uint64Field(o, 'endTimeUnixNano', 'end_time_unix_nano');
  const parts: SpanParts = {
    attributes: attributesField(o),
    droppedAttributesCount: uint32Field(o, 'droppedAttributesCount', 'dropped_attributes_count'),
    events: [],
    droppedEventsCount: uint32Field(o, 'droppedEventsCount', 'dropped_events_count'),
    links: [],
    droppedLinksCount: uint32Field(o, 'droppedLinksCount', 'dropped_links_count'),
  };
  const events = arrayField(o, 'events');
  for (let i = 0; i < events.length; i++) {
    try {
      parts.events.push(decodeEvent(element(events[i], 'a Span.Event')));
    } catch (e) {
      throw withSegment(e, `events[${i}]`);
    }
  }
  const links = arrayField(o, 'links');
  for (let i = 0; i < links.length; i++) {
    try {
      parts.links.push(decodeLink(element(links[i], 'a Span.Link')));
    } catch (e) {
      throw withSegment(e, `links[${i}]`);
    }
  }
  span.setParts(parts);
  const status = objectField(o, 'status');
  if (status !== undefined) {
    try {
      span.statusCode = enumField(status, 'code', undefined, STATUS_CODE_NAMES);
      span.statusMessage = stringField(status, 'message');
    } catch (e) {
      throw withSegment(e, 'status');
    }
  }
  return span;
}

function decodeEvent(o: JsonObject): SpanEvent {
  return {
    timeUnixNano: uint64Field(o, 'timeUnixNano', 'time_unix_nano'),
    name: stringField(o, 'name'),
    attributes: attributesField(o),
    droppedAttributesCount: uint32Field(o, 'droppedAttributesCount', 'dropped_attributes_count'),
  };
}

function decodeLink(o: JsonObject): SpanLink {
  return {
    traceId: idField(o, 'traceId', 'trace_id'),
    spanId: idField(o, 'spanId', 'span_id'),
    traceState: stringField(o, 'traceState', 'trace_state'),
    attributes: attributesField(o),
    droppedAttributesCount: uint32Field(o, 'droppedAttributesCount', 'dropped_attributes_count'),
    flags: uint32Field(o, 'flags'),
  };
}
