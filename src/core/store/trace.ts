import type { SpanRecord } from '../model/records';
import { StatusCode } from '../model/records';

/** The spans of one trace id seen from one Instance. */
export class Trace {
  readonly spans = new Map<string, SpanRecord>();
  firstSeenMs: number;
  lastSeenMs: number;
  private boundsDirty = true;
  private start = 0;
  private end = 0;
  private errors = 0;

  constructor(
    readonly traceId: string,
    nowMs: number,
  ) {
    this.firstSeenMs = nowMs;
    this.lastSeenMs = nowMs;
  }

  put(span: SpanRecord, nowMs: number): SpanRecord | undefined {
    const previous = this.spans.get(span.spanId);
    this.spans.set(span.spanId, span);
    this.lastSeenMs = nowMs;
    this.boundsDirty = true;
    return previous;
  }

  remove(span: SpanRecord): boolean {
    if (this.spans.get(span.spanId) !== span) return false;
    this.spans.delete(span.spanId);
    this.boundsDirty = true;
    return true;
  }

  /** The span with no parent here, else the earliest span whose parent we never saw. */
  get root(): SpanRecord | undefined {
    let best: SpanRecord | undefined;
    let bestIsTrueRoot = false;
    for (const span of this.spans.values()) {
      const trueRoot = span.parentSpanId === '';
      if (!trueRoot && this.spans.has(span.parentSpanId)) continue;
      const better =
        !best || (trueRoot && !bestIsTrueRoot) || (trueRoot === bestIsTrueRoot && span.startTimeUnixNano < best.startTimeUnixNano);
      if (better) {
        best = span;
        bestIsTrueRoot = trueRoot;
      }
    }
    return best;
  }

  get startTimeUnixNano(): number {
    this.computeBounds();
    return this.start;
  }

  get endTimeUnixNano(): number {
    this.computeBounds();
    return this.end;
  }

  get durationMs(): number {
    return (this.endTimeUnixNano - this.startTimeUnixNano) / 1e6;
  }

  get errorCount(): number {
    this.computeBounds();
    return this.errors;
  }

  // Lazy: eviction removes spans one at a time, and nobody reads bounds in between.
  private computeBounds(): void {
    if (!this.boundsDirty) return;
    let start = Infinity;
    let end = -Infinity;
    let errors = 0;
    for (const span of this.spans.values()) {
      if (span.startTimeUnixNano < start) start = span.startTimeUnixNano;
      if (span.endTimeUnixNano > end) end = span.endTimeUnixNano;
      if (span.statusCode === StatusCode.Error) errors++;
    }
    this.start = start === Infinity ? 0 : start;
    this.end = end === -Infinity ? 0 : end;
    this.errors = errors;
    this.boundsDirty = false;
  }
}
