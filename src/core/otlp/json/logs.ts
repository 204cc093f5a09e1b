/**
 * OTLP/JSON decoding of ExportLogsServiceRequest into LogRecords (the same records as the protobuf decoder).
 */
import type { LogRecord, LogsPayload, ResourceBatch, Scope } from '../../model/records';
import {
  anyValue,
  arrayField,
  attributesField,
  decodeResource,
  decodeScope,
  element,
  enumField,
  enumNames,
  field,
  finalError,
  idField,
  objectField,
  parseJsonBody,
  stringField,
  uint32Field,
  uint64Field,
  withSegment,
  type JsonObject,
} from './common';

const SEVERITY_NAMES = enumNames([
  'SEVERITY_NUMBER_UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((level) =>
    ['', '2', '3', '4'].map((n) => `SEVERITY_NUMBER_${level}${n}`),
  ),
]);

export function decodeLogsJson(body: Uint8Array): LogsPayload {
  const root = parseJsonBody(body);
  try {
    return logsFromJson(root);
  } catch (e) {
    throw finalError(e);
  }
}

/** The mapping of an already parsed ExportLogsServiceRequest; throws JsonShapeError (a DecodeError). */
export function logsFromJson(root: JsonObject): LogsPayload {
  const list = arrayField(root, 'resourceLogs', 'resource_logs');
  const out: LogsPayload = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      out[i] = decodeResourceLogs(element(list[i], 'a ResourceLogs'));
    } catch (e) {
      throw withSegment(e, `resourceLogs[${i}]`);
    }
  }
  return out;
}

function decodeResourceLogs(o: JsonObject): ResourceBatch<LogRecord> {
  let resource;
  try {
    resource = decodeResource(objectField(o, 'resource'));
  } catch (e) {
    throw withSegment(e, 'resource');
  }
  const batch: ResourceBatch<LogRecord> = { resource, schemaUrl: stringField(o, 'schemaUrl', 'schema_url'), items: [] };
  const scopes = arrayField(o, 'scopeLogs', 'scope_logs');
  for (let i = 0; i < scopes.length; i++) {
    try {
      decodeScopeLogs(element(scopes[i], 'a ScopeLogs'), batch.items);
    } catch (e) {
      throw withSegment(e, `scopeLogs[${i}]`);
    }
  }
  return batch;
}

function decodeScopeLogs(o: JsonObject, items: LogRecord[]): void {
  let scope: Scope;
  try {
    scope = decodeScope(objectField(o, 'scope'));
  } catch (e) {
    throw withSegment(e, 'scope');
  }
  const records = arrayField(o, 'logRecords', 'log_records');
  for (let i = 0; i < records.length; i++) {
    try {
      items.push(decodeLogRecord(element(records[i], 'a LogRecord'), scope));
    } catch (e) {
      throw withSegment(e, `logRecords[${i}]`);
    }
  }
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
