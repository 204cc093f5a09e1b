import type { LogRecord } from '../model/records';
import type { Instance } from './instance';

/** A log record held for a trace, with the instance that sent it (its service, for the waterfall). */
export interface TraceLog {
  instance: Instance;
  record: LogRecord;
}

/**
 * Trace id → the held log records that carry it, so a waterfall shows a request's logs without scanning every
 * record. The store keeps it in step: a record is added as it arrives and removed as it is evicted (or its
 * instance is), so the index never holds more than the store does.
 */
export class TraceLogIndex {
  private readonly byTrace = new Map<string, TraceLog[]>();
  private indexed = 0;

  /** Records indexed (those with a trace id). */
  get size(): number {
    return this.indexed;
  }

  /** Trace ids with at least one record. */
  get traceCount(): number {
    return this.byTrace.size;
  }

  add(instance: Instance, record: LogRecord): void {
    if (!record.traceId) return;
    let list = this.byTrace.get(record.traceId);
    if (!list) this.byTrace.set(record.traceId, (list = []));
    list.push({ instance, record });
    this.indexed++;
  }

  /** The record left the store. */
  remove(record: LogRecord | undefined): void {
    if (!record?.traceId) return;
    const list = this.byTrace.get(record.traceId);
    if (!list) return;
    // The store evicts oldest first, so the record is almost always first in its list.
    const i = list[0]?.record === record ? 0 : list.findIndex((e) => e.record === record);
    if (i === -1) return;
    list.splice(i, 1);
    this.indexed--;
    if (list.length === 0) this.byTrace.delete(record.traceId);
  }

  /** The instance left the store with all its records. */
  removeInstance(instance: Instance): void {
    for (const record of instance.logs) this.remove(record);
  }

  clear(): void {
    this.byTrace.clear();
    this.indexed = 0;
  }

  /** The trace's records, oldest first by their time (arrival order when times tie). */
  logsOfTrace(traceId: string): TraceLog[] {
    const list = this.byTrace.get(traceId);
    if (!list) return [];
    return list.map((e, i) => ({ e, i })).sort((x, y) => timeOf(x.e.record) - timeOf(y.e.record) || x.i - y.i).map((x) => x.e);
  }

  /** The records of one span of the trace. */
  logsOfSpan(traceId: string, spanId: string): TraceLog[] {
    return this.logsOfTrace(traceId).filter((e) => e.record.spanId === spanId);
  }
}

/** A record without a time stamp was still observed at some moment. */
function timeOf(record: LogRecord): number {
  return record.timeUnixNano || record.observedTimeUnixNano;
}
