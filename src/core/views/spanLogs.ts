/**
 * A trace's log records as the waterfall shows them: grouped by the span they name (marks on its bar), and each as
 * a line of the span's details (time, severity, body, attributes). Records whose span the trace does not hold
 * (no span id, or a span not received) are counted, so the page can say they exist.
 */
import { severityName } from '../format/format';
import { formatAttributeValue } from '../model/attributes';
import type { LogRecord } from '../model/records';
import { keyValues, type KeyValue } from './keyValues';

/** Severity in three bands, for colour: ERROR and FATAL, WARN, and everything else. */
export type LogLevel = 'error' | 'warn' | 'info';

export function logLevel(severityNumber: number, severityText = ''): LogLevel {
  if (severityNumber >= 17) return 'error';
  if (severityNumber >= 13) return 'warn';
  // Producers that set only the text (a bridged logger) still say what they mean.
  if (severityNumber === 0 && /^(error|fatal|critical|crit|alert|emerg)/i.test(severityText)) return 'error';
  if (severityNumber === 0 && /^warn/i.test(severityText)) return 'warn';
  return 'info';
}

/** A record's own time, else when the collector observed it. */
export function logTime(record: LogRecord): number {
  return record.timeUnixNano || record.observedTimeUnixNano;
}

/** One line of a span's "Logs" section. */
export interface SpanLogLine {
  /** From the span's start (negative: logged before the span started, as a clock skew can make it). */
  offsetMs: number;
  /** ISO time. */
  time: string;
  severity: string;
  level: LogLevel;
  body: string;
  /** The record's event name (a log record that is an event), '' otherwise. */
  eventName: string;
  attributes: KeyValue[];
}

/** Records of one span, oldest first, as lines of its details. */
export function spanLogLines(records: readonly LogRecord[], spanStartUnixNano: number): SpanLogLine[] {
  return [...records]
    .sort((a, b) => logTime(a) - logTime(b))
    .map((r) => {
      const t = logTime(r);
      return {
        offsetMs: t ? (t - spanStartUnixNano) / 1e6 : 0,
        time: t ? new Date(t / 1e6).toISOString() : '',
        severity: severityName(r.severityNumber, r.severityText),
        level: logLevel(r.severityNumber, r.severityText),
        body: formatAttributeValue(r.body),
        eventName: r.eventName,
        attributes: keyValues(r.attributes),
      };
    });
}

/** Records grouped by span id ('' holds those naming no span), each group in the order given. */
export function logsBySpan(records: Iterable<LogRecord>): Map<string, LogRecord[]> {
  const out = new Map<string, LogRecord[]>();
  for (const r of records) {
    let list = out.get(r.spanId);
    if (!list) out.set(r.spanId, (list = []));
    list.push(r);
  }
  return out;
}
