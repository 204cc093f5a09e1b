import { severityName } from '../format/format';
import { formatAttributeValue } from '../model/attributes';
import type { LogRecord } from '../model/records';
import type { Instance } from '../store/instance';
import { clipAttributes, clipString } from './boundedJson';
import { MAX_BODY_CHARS } from './queryLimits';
import type { LogJson } from './queryTypes';

/** A record without a time stamp was still observed at some moment. */
export function logTimeNano(record: LogRecord): number {
  return record.timeUnixNano || record.observedTimeUnixNano;
}

/** One LogRecord as the query API sends it, with the instance that sent it. */
export function logJson(instance: Instance, record: LogRecord): LogJson {
  const t = logTimeNano(record);
  return {
    time: new Date(t / 1e6).toISOString(),
    timeUnixNano: t,
    severity: severityName(record.severityNumber, record.severityText),
    severityNumber: record.severityNumber,
    body: clipString(formatAttributeValue(record.body), MAX_BODY_CHARS),
    attributes: clipAttributes(record.attributes),
    traceId: record.traceId,
    spanId: record.spanId,
    service: instance.serviceName,
    instance: instance.instanceLabel,
    instanceKey: instance.key,
  };
}
