/**
 * Protobuf decoding of ExportLogsServiceRequest (opentelemetry/proto/collector/logs/v1) into LogRecords.
 */
import { newAttributes } from '../../model/attributes';
import type { LogRecord, LogsPayload, Scope } from '../../model/records';
import { decodeAnyValue, decodeProtobufRequest, readAttribute, type ProtoSignalLayout } from './common';
import type { ProtoReader } from './reader';

const LAYOUT: ProtoSignalLayout<LogRecord> = {
  messages: ['ExportLogsServiceRequest', 'ResourceLogs', 'ScopeLogs'],
  decodeItem: decodeLogRecord,
};

export function decodeLogsProtobuf(body: Uint8Array): LogsPayload {
  return decodeProtobufRequest(body, LAYOUT);
}

const LOG_TIME = (1 << 3) | 1;
const LOG_SEVERITY_NUMBER = (2 << 3) | 0;
const LOG_SEVERITY_TEXT = (3 << 3) | 2;
const LOG_BODY = (5 << 3) | 2;
const LOG_ATTRIBUTES = (6 << 3) | 2;
const LOG_DROPPED_ATTRIBUTES = (7 << 3) | 0;
const LOG_FLAGS = (8 << 3) | 5;
const LOG_TRACE_ID = (9 << 3) | 2;
const LOG_SPAN_ID = (10 << 3) | 2;
const LOG_OBSERVED_TIME = (11 << 3) | 1;
const LOG_EVENT_NAME = (12 << 3) | 2;

function decodeLogRecord(r: ProtoReader, end: number, scope: Scope): LogRecord {
  const log: LogRecord = {
    timeUnixNano: 0,
    observedTimeUnixNano: 0,
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: newAttributes(),
    droppedAttributesCount: 0,
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
    scope,
  };
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag) {
      case LOG_TIME:
        log.timeUnixNano = r.fixed64();
        break;
      case LOG_SEVERITY_NUMBER:
        log.severityNumber = r.int32();
        break;
      case LOG_SEVERITY_TEXT:
        log.severityText = r.string();
        break;
      case LOG_BODY:
        log.body = decodeAnyValue(r, r.messageEnd(), 0);
        break;
      case LOG_ATTRIBUTES:
        readAttribute(r, log.attributes);
        break;
      case LOG_DROPPED_ATTRIBUTES:
        log.droppedAttributesCount = r.uint32();
        break;
      case LOG_FLAGS:
        log.flags = r.fixed32();
        break;
      case LOG_TRACE_ID:
        log.traceId = r.bytesHex();
        break;
      case LOG_SPAN_ID:
        log.spanId = r.bytesHex();
        break;
      case LOG_OBSERVED_TIME:
        log.observedTimeUnixNano = r.fixed64();
        break;
      case LOG_EVENT_NAME:
        log.eventName = r.string();
        break;
      default:
        r.skip(tag); // 4: the removed `name`
    }
  }
  r.checkEnd(end, 'LogRecord');
  return log;
}
