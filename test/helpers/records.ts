import { newAttributes, type Attributes, type AttributeValue } from '../../src/core/model/attributes';
import type { LogRecord, MetricRecord, NumberPoint, ResourceBatch, Scope, SpanRecord } from '../../src/core/model/records';

/** Small builders for engine records, for tests that exercise the store without a wire format. */
export function attrs(o: Record<string, AttributeValue> = {}): Attributes {
  const a = newAttributes();
  for (const [k, v] of Object.entries(o)) a[k] = v;
  return a;
}

export const scope: Scope = { name: 'test', version: '1.0.0', attributes: attrs() };

export function resource(o: Record<string, AttributeValue>): ResourceBatch<never>['resource'] {
  return { attributes: attrs(o), droppedAttributesCount: 0 };
}

export function batch<T>(res: Record<string, AttributeValue>, items: T[]): ResourceBatch<T> {
  return { resource: resource(res), schemaUrl: '', items };
}

let seq = 1;
export function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

export function span(over: Partial<SpanRecord> = {}): SpanRecord {
  const n = seq++;
  return {
    traceId: hex(n, 32),
    spanId: hex(n, 16),
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: `span-${n}`,
    kind: 1,
    startTimeUnixNano: 1.7e18 + n * 1e6,
    endTimeUnixNano: 1.7e18 + n * 1e6 + 5e6,
    attributes: attrs(),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
    scope,
    ...over,
  };
}

export function log(over: Partial<LogRecord> = {}): LogRecord {
  return {
    timeUnixNano: 1.7e18,
    observedTimeUnixNano: 1.7e18,
    severityNumber: 9,
    severityText: 'INFO',
    body: 'hello',
    attributes: attrs(),
    droppedAttributesCount: 0,
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
    scope,
    ...over,
  };
}

export function gauge(name: string, points: { value: number; attributes?: Record<string, AttributeValue> }[]): MetricRecord {
  return {
    name,
    description: '',
    unit: '1',
    scope,
    kind: 'gauge',
    temporality: 'unspecified',
    points: points.map(
      (p, i): NumberPoint => ({ attributes: attrs(p.attributes ?? {}), startTimeUnixNano: 0, timeUnixNano: 1.7e18 + i, flags: 0, value: p.value }),
    ),
  };
}
