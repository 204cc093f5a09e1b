/**
 * Protobuf decoding of ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) into SpanRecords.
 * Ids, name, kind, times, status, flags and trace state are decoded at once; attributes, events and links are
 * validated and left in the body for LazySpan to decode when read (spanParts.ts).
 */
import type { Scope, TracesPayload } from '../../model/records';
import { decodeProtobufRequest, type ProtoSignalLayout } from './common';
import { LazySpan } from './lazySpan';
import type { ProtoReader } from './reader';
import { validateSpanPart } from './spanParts';

const LAYOUT: ProtoSignalLayout<LazySpan> = {
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
const SPAN_STATUS = (15 << 3) | 2;
const SPAN_FLAGS = (16 << 3) | 5;
/** Fields 9–14 (attributes, events, links and their dropped counts), whatever their wire type. */
const FIRST_LAZY_FIELD = 9;
const LAST_LAZY_FIELD = 14;

function decodeSpan(r: ProtoReader, end: number, scope: Scope): LazySpan {
  const span = new LazySpan(scope);
  // The region from the first lazy field's tag to the last one's end: fields in between that are not lazy
  // (the wire does not fix the order) are skipped again when the region is decoded.
  let lazyStart = -1;
  let lazyEnd = -1;
  while (r.pos < end) {
    const at = r.pos;
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
      case SPAN_STATUS:
        decodeStatus(r, r.messageEnd(), span);
        break;
      case SPAN_FLAGS:
        span.flags = r.fixed32();
        break;
      default: {
        const field = tag >>> 3;
        if (field >= FIRST_LAZY_FIELD && field <= LAST_LAZY_FIELD) {
          validateSpanPart(r, tag);
          if (lazyStart < 0) lazyStart = at;
          lazyEnd = r.pos;
        } else {
          r.skip(tag);
        }
      }
    }
  }
  r.checkEnd(end, 'Span');
  if (lazyStart >= 0) span.setRegion(r.bytes, lazyStart, lazyEnd);
  return span;
}

const STATUS_MESSAGE = (2 << 3) | 2;
const STATUS_CODE = (3 << 3) | 0;

function decodeStatus(r: ProtoReader, end: number, span: LazySpan): void {
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === STATUS_MESSAGE) span.statusMessage = r.string();
    else if (tag === STATUS_CODE) span.statusCode = r.int32();
    else r.skip(tag); // 1: the deprecated code, reserved since v0.x
  }
  r.checkEnd(end, 'Status');
}
