/**
 * OTLP/JSON decoding of ExportLogsServiceRequest into LogRecords (the same records as the protobuf decoder).
 */
import type { LogRecord, LogsPayload, Scope } from '../../model/records';
import {
  anyValue,
  attributesField,
  enumField,
  enumNames,
  field,
  idField,
  stringField,
  uint32Field,
  uint64Field,
  withSegment,
  type JsonObject,
  decodeJsonRequest,
  resourceBatchesFromJson,
  type SignalLayout,
} from './common';

const SEVERITY_NAMES = enumNames([
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) =>
    ['', '2', '3', '4'].map((n) => `SEVERITY_NUMBER_${level}${n}`),
  ),
]);

const LAYOUT: SignalLayout<LogRecord> = {
  resources: ['resourceLogs', 'resource_logs', 'a ResourceLogs'],
  scopes: ['scopeLogs', 'scope_logs', 'a ScopeLogs'],
  items: ['logRecords', 'log_records', 'a LogRecord'],
  decodeItem: decodeLogRecord,
};

export function decodeLogsJson(body: Uint8Array): LogsPayload {
  return decodeJsonRequest(body, LAYOUT);
}

/** The mapping of an already parsed ExportLogsServiceRequest; throws JsonShapeError (a DecodeError). */
export function logsFromJson(root: JsonObject): LogsPayload {
  return resourceBatchesFromJson(root, LAYOUT);
}

function decodeLogRecord(o: JsonObject, scope: Scope): LogRecord {
  let body;
  try {
    body = anyValue(field(o, 'body'), 0);
  } catch (e) {
    throw withSegment(e, 'body');
  }
  return {
    timeUnixNano: uint64Field(o, 'timeUnixNano', 'time_unix_nano'),
    observedTimeUnixNano: uint64Field(o, 'observedTimeUnixNano', 'observed_time_unix_nano'),
    severityNumber: enumField(o, 'severityNumber', 'severity_number', SEVERITY_NAMES),
    severityText: stringField(o, 'severityText', 'severity_text'),
    body,
    attributes: attributesField(o),
    droppedAttributesCount: uint32Field(o, 'droppedAttributesCount', 'dropped_attributes_count'),
    flags: uint32Field(o, 'flags'),
    traceId: idField(o, 'traceId', 'trace_id'),
    spanId: idField(o, 'spanId', 'span_id'),
    eventName: stringField(o, 'eventName', 'event_name'),
    scope,
  };
}
