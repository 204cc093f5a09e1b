/**
 * The parts of a protobuf Span that are decoded only when a reader asks: attributes (field 9), events (11),
 * links (13) and their dropped counts (10, 12, 14). At ingest they are only validated, by a walk that reads every
 * tag and length the full decoder would and throws the same DecodeErrors, so a body the eager decoder refused is
 * still refused, and decoding the parts later cannot fail.
 */
import { newAttributes, type Attributes } from '../../model/attributes';
import { DecodeError, type SpanEvent, type SpanLink } from '../../model/records';
import { MAX_VALUE_DEPTH, readAttribute } from './common';
import type { ProtoReader } from './reader';

const SPAN_ATTRIBUTES = (9 << 3) | 2;
const SPAN_DROPPED_ATTRIBUTES = (10 << 3) | 0;
const SPAN_EVENTS = (11 << 3) | 2;
const SPAN_DROPPED_EVENTS = (12 << 3) | 0;
const SPAN_LINKS = (13 << 3) | 2;
const SPAN_DROPPED_LINKS = (14 << 3) | 0;

/** The lazily decoded parts of a span, as a reader sees them. */
export interface SpanParts {
  attributes: Attributes;
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
}

export type SpanPart = 'attributes' | 'events' | 'links' | 'dropped' | 'all';

/**
 * Decodes the wanted parts from a region of a Span message that starts at a tag and ends at a field's end (the
 * region was validated at ingest). Fields outside 9–14 inside the region are skipped.
 */
export function decodeSpanParts(r: ProtoReader, end: number, want: SpanPart, into: SpanParts): void {
  const attributes = want === 'attributes' || want === 'all';
  const events = want === 'events' || want === 'all';
  const links = want === 'links' || want === 'all';
  const dropped = want === 'dropped' || want === 'all';
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case SPAN_ATTRIBUTES:
        if (attributes) readAttribute(r, into.attributes);
        else r.skip(tag);
        break;
      case SPAN_EVENTS:
        if (events) into.events.push(decodeEvent(r, r.messageEnd()));
        else r.skip(tag);
        break;
      case SPAN_LINKS:
        if (links) into.links.push(decodeLink(r, r.messageEnd()));
        else r.skip(tag);
        break;
      case SPAN_DROPPED_ATTRIBUTES:
        if (dropped) into.droppedAttributesCount = r.uint32();
        else r.skip(tag);
        break;
      case SPAN_DROPPED_EVENTS:
        if (dropped) into.droppedEventsCount = r.uint32();
        else r.skip(tag);
        break;
      case SPAN_DROPPED_LINKS:
        if (dropped) into.droppedLinksCount = r.uint32();
        else r.skip(tag);
        break;
      default:
        r.skip(tag);
    }
  }
}

export function emptySpanParts(): SpanParts {
  return { attributes: newAttributes(), droppedAttributesCount: 0, events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0 };
}

const EVENT_TIME = (1 << 3) | 1;
const EVENT_NAME = (2 << 3) | 2;
const EVENT_ATTRIBUTES = (3 << 3) | 2;
const EVENT_DROPPED = (4 << 3) | 0;

export function decodeEvent(r: ProtoReader, end: number): SpanEvent {
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

export function decodeLink(r: ProtoReader, end: number): SpanLink {
  const link: SpanLink = { traceId: '', spanId: '', traceState: '', attributes: newAttributes(), droppedAttributesCount: 0, flags: 0 };
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

// Validation: the same walk as the decoders above and in common.ts, reading tags and skipping values, with the
// same checks (message ends, nesting depth, varint and fixed lengths).

const ANY_ARRAY = (5 << 3) | 2;
const ANY_KVLIST = (6 << 3) | 2;
const KV_VALUE = (2 << 3) | 2;
const LIST_VALUES = (1 << 3) | 2;

function validateAnyValue(r: ProtoReader, end: number, depth: number): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === ANY_ARRAY) validateList(r, r.messageEnd(), depth + 1, false);
    else if (tag === ANY_KVLIST) validateList(r, r.messageEnd(), depth + 1, true);
    else r.skip(tag);
  }
  r.checkEnd(end, 'AnyValue');
}

function validateList(r: ProtoReader, end: number, depth: number, keyValues: boolean): void {
  if (depth > MAX_VALUE_DEPTH) throw new DecodeError(`invalid protobuf: AnyValue nested deeper than ${MAX_VALUE_DEPTH}`);
  while (r.pos < end) {
    const tag = r.tag();
    if (tag !== LIST_VALUES) r.skip(tag);
    else if (keyValues) validateKeyValue(r, r.messageEnd(), depth);
    else validateAnyValue(r, r.messageEnd(), depth);
  }
  r.checkEnd(end, keyValues ? 'KeyValueList' : 'ArrayValue');
}

/** Validates one KeyValue message ending at `end`. */
function validateKeyValue(r: ProtoReader, end: number, depth: number): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === KV_VALUE) validateAnyValue(r, r.messageEnd(), depth);
    else r.skip(tag);
  }
  r.checkEnd(end, 'KeyValue');
}

function validateItem(r: ProtoReader, end: number, attributesTag: number, what: string): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === attributesTag) validateKeyValue(r, r.messageEnd(), 0);
    else r.skip(tag);
  }
  r.checkEnd(end, what);
}

/** Validates one lazily decoded Span field whose tag was just read (9–14). */
export function validateSpanPart(r: ProtoReader, tag: number): void {
  switch (tag) {
    case SPAN_ATTRIBUTES:
      validateKeyValue(r, r.messageEnd(), 0);
      return;
    case SPAN_EVENTS:
      validateItem(r, r.messageEnd(), EVENT_ATTRIBUTES, 'Span.Event');
      return;
    case SPAN_LINKS:
      validateItem(r, r.messageEnd(), LINK_ATTRIBUTES, 'Span.Link');
      return;
    default:
      r.skip(tag);
  }
}
