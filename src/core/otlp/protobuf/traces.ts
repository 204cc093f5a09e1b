/**
 * Protobuf decoding of ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) into SpanRecords.
 */
import { newAttributes } from '../../model/attributes';
import type { Scope, SpanEvent, SpanLink, SpanRecord, TracesPayload } from '../../model/records';
import { decodeProtobufRequest, readAttribute, type ProtoSignalLayout } from './common';
import type { ProtoReader } from './reader';

const LAYOUT: ProtoSignalLayout<SpanRecord> = {
  messages: ['ExportTraceServiceRequest', 'ResourceSpans', 'ScopeSpans'],
  decodeItem: decodeSpan,
};

export function decodeTracesProtobuf(body: Uint8Array): TracesPayload {
  return decodeProtobufRequest(body, LAYOUT);
}

const SPAN_TRACE_ID = (1 << 3) | 2;
const SPAN_SPAN_ID = (2 << 3) | 2;
const SPAN_TRACE_STATE = (3 << 3) | 2;
const SPAN_PARENT_SPAN_ID = (4 << 3) | 2;
const SPAN_NAME = (5 << 3) | 2;
const SPAN_KIND = (6 << 3) | 0;
const SPAN_START = (7 << 3) | 1;
const SPAN_END = (8 << 3) | 1;
const SPAN_ATTRIBUTES = (9 << 3) | 2;
const SPAN_DROPPED_ATTRIBUTES = (10 << 3) | 0;
const SPAN_EVENTS = (11 << 3) | 2;
const SPAN_DROPPED_EVENTS = (12 << 3) | 0;
const SPAN_LINKS = (13 << 3) | 2;
const SPAN_DROPPED_LINKS = (14 << 3) | 0;
const SPAN_STATUS = (15 << 3) | 2;
const SPAN_FLAGS = (16 << 3) | 5;

function decodeSpan(r: ProtoReader, end: number, scope: Scope): SpanRecord {
  const span: SpanRecord = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: '',
    kind: 0,
    startTimeUnixNano: 0,
    endTimeUnixNano: 0,
    attributes: newAttributes(),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
    scope,
  };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case SPAN_TRACE_ID:
        span.traceId = r.bytesHex();
        break;
      case SPAN_SPAN_ID:
        span.spanId = r.bytesHex();
        break;
      case SPAN_TRACE_STATE:
        span.traceState = r.string();
        break;
      case SPAN_PARENT_SPAN_ID:
        span.parentSpanId = r.bytesHex();
        break;
      case SPAN_NAME:
        span.name = r.string();
        break;
      case SPAN_KIND:
        span.kind = r.int32();
        break;
      case SPAN_START:
        span.startTimeUnixNano = r.fixed64();
        break;
      case SPAN_END:
        span.endTimeUnixNano = r.fixed64();
        break;
      case SPAN_ATTRIBUTES:
        readAttribute(r, span.attributes);
        break;
      case SPAN_DROPPED_ATTRIBUTES:
        span.droppedAttributesCount = r.uint32();
        break;
      case SPAN_EVENTS:
        span.events.push(decodeEvent(r, r.messageEnd()));
        break;
      case SPAN_DROPPED_EVENTS:
        span.droppedEventsCount = r.uint32();
        break;
      case SPAN_LINKS:
        span.links.push(decodeLink(r, r.messageEnd()));
        break;
      case SPAN_DROPPED_LINKS:
        span.droppedLinksCount = r.uint32();
        break;
      case SPAN_STATUS:
        decodeStatus(r, r.messageEnd(), span);
        break;
      case SPAN_FLAGS:
        span.flags = r.fixed32();
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'Span');
  // push() leaves spare capacity behind; a span is kept for long, so it keeps an exact-size copy.
  if (span.events.length) span.events = span.events.slice();
  return span;
}

const STATUS_MESSAGE = (2 << 3) | 2;
const STATUS_CODE = (3 << 3) | 0;

function decodeStatus(r: ProtoReader, end: number, span: SpanRecord): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === STATUS_MESSAGE) span.statusMessage = r.string();
    else if (tag === STATUS_CODE) span.statusCode = r.int32();
    else r.skip(tag); // 1: the deprecated code, reserved since v0.x
  }
  r.checkEnd(end, 'Status');
}

const EVENT_TIME = (1 << 3) | 1;
const EVENT_NAME = (2 << 3) | 2;
const EVENT_ATTRIBUTES = (3 << 3) | 2;
const EVENT_DROPPED = (4 << 3) | 0;

function decodeEvent(r: ProtoReader, end: number): SpanEvent {
  const event: SpanEvent = { timeUnixNano: 0, name: '', attributes: newAttributes(), droppedAttributesCount: 0 };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case EVENT_TIME:
        event.timeUnixNano = r.fixed64();
        break;
      case EVENT_NAME:
        event.name = r.string();
        break;
      case EVENT_ATTRIBUTES:
        readAttribute(r, event.attributes);
        break;
      case EVENT_DROPPED:
        event.droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'Span.Event');
  return event;
}

const LINK_TRACE_ID = (1 << 3) | 2;
const LINK_SPAN_ID = (2 << 3) | 2;
const LINK_TRACE_STATE = (3 << 3) | 2;
const LINK_ATTRIBUTES = (4 << 3) | 2;
const LINK_DROPPED = (5 << 3) | 0;
const LINK_FLAGS = (6 << 3) | 5;

function decodeLink(r: ProtoReader, end: number): SpanLink {
  const link: SpanLink = {
    traceId: '',
    spanId: '',
    traceState: '',
    attributes: newAttributes(),
    droppedAttributesCount: 0,
    flags: 0,
  };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case LINK_TRACE_ID:
        link.traceId = r.bytesHex();
        break;
      case LINK_SPAN_ID:
        link.spanId = r.bytesHex();
        break;
      case LINK_TRACE_STATE:
        link.traceState = r.string();
        break;
      case LINK_ATTRIBUTES:
        readAttribute(r, link.attributes);
        break;
      case LINK_DROPPED:
        link.droppedAttributesCount = r.uint32();
        break;
      case LINK_FLAGS:
        link.flags = r.fixed32();
        break;
      default:
        r.skip(tag);
    }
  }
  r.checkEnd(end, 'Span.Link');
  return link;
}
