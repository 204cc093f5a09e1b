/**
 * The trace panels' sessions, where the spans live: each open panel's trace (of one instance, or of every instance
 * holding it), laid out, with the spans the layout was made of held, so the panel keeps showing (and answering
 * about: details, filter, source) a trace that was cleared or evicted since, and says which.
 */
import type { SpanRecord } from '../model/records';
import type { StoreChange } from '../store/change';
import { serviceDisplayName } from '../store/identity';
import type { Instance } from '../store/instance';
import type { TelemetryStore } from '../store/store';
import { spanDetails, type SpanDetails } from '../views/spanDetails';
import { filterRows, filterTokens, layoutTrace, spanMatches, type TraceLayout } from '../views/traceLayout';
import type { SpanRef, TraceFilterAnswer, TraceGoneReason, TraceTarget, TraceViewAnswer } from './engineApi';

interface Held {
  span: SpanRecord;
  instance: Instance;
  service: string;
}

interface Session {
  target: TraceTarget;
  held: Map<string, Held>;
  layout: TraceLayout | undefined;
  signature: string;
  /** The store was cleared since the session last found the trace. */
  cleared: boolean;
  gone: TraceGoneReason | undefined;
}

export class TraceSessions {
  private readonly sessions = new Map<string, Session>();

  /** `storeOf` gives live data's store (no capture), or an opened capture's (undefined once it is closed). */
  constructor(private readonly storeOf: (capture: string | undefined) => TelemetryStore | undefined) {}

  onStoreChange(change: StoreChange): void {
    // Clear Data clears live data only: a capture's trace stays.
    if (change.cleared) for (const s of this.sessions.values()) if (s.target.capture === undefined) s.cleared = true;
  }

  close(key: string): void {
    this.sessions.delete(key);
  }

  /** Reads the trace's spans from the store; answers what changed since the last read. */
  view(key: string, target: TraceTarget): TraceViewAnswer {
    let s = this.sessions.get(key);
    if (!s || s.target.traceId !== target.traceId || s.target.instanceKey !== target.instanceKey || s.target.capture !== target.capture) {
      s = { target, held: new Map(), layout: undefined, signature: '', cleared: false, gone: undefined };
      this.sessions.set(key, s);
    }
    const store = this.storeOf(target.capture);
    // A closed capture is gone as cleared data is.
    if (!store && target.capture !== undefined) s.cleared = true;
    const sources: Instance[] = [];
    if (!store) {
      // nothing to read
    } else if (target.instanceKey !== undefined) {
      const i = store.instances.get(target.instanceKey);
      if (i?.traces.has(target.traceId)) sources.push(i);
    } else {
      for (const { instance } of store.findTrace(target.traceId)) sources.push(instance);
    }
    let signature = '';
    for (const i of sources) {
      const t = i.traces.get(target.traceId)!;
      signature += `${i.key}:${t.spans.size}:${t.lastSeenMs};`;
    }
    // Logs in their trace: records arriving for the trace redraw it too.
    if (store && sources.length) signature += `logs:${store.traceLogs.countOfTrace(target.traceId)}`;
    if (signature === s.signature && s.layout) return { changed: false };
    s.signature = signature;
    if (sources.length === 0 && s.layout && s.layout.rows.length > 0) {
      // Cleared or evicted: keep showing (and answering about) what it was, and say which.
      s.gone = s.cleared ? 'cleared' : 'evicted';
      return this.answer(s);
    }
    s.cleared = false;
    s.gone = undefined;
    const services = serviceLabels(sources);
    const held = new Map<string, Held>();
    for (const instance of sources) {
      const service = services.get(instance)!;
      for (const span of instance.traces.get(target.traceId)!.spans.values()) {
        if (!held.has(span.spanId)) held.set(span.spanId, { span, instance, service });
      }
    }
    s.held = held;
    const spans = [...held.values()];
    const serviceOf = new Map(spans.map((h) => [h.span, h.service]));
    s.layout = layoutTrace(
      target.traceId,
      spans.map((h) => h.span),
      { serviceOf: (span) => serviceOf.get(span) ?? '', logs: store?.traceLogs.logsOfTrace(target.traceId).map((e) => e.record) ?? [] },
    );
    return this.answer(s);
  }

  details(key: string, spanId: string): SpanDetails | null {
    const s = this.sessions.get(key);
    const held = s?.held.get(spanId);
    if (!held || !s?.layout) return null;
    const logs = this.storeOf(s.target.capture)?.traceLogs.logsOfSpan(s.target.traceId, spanId).map((e) => e.record) ?? [];
    return spanDetails(held.span, s.layout.startTimeUnixNano, held.service, held.instance.resource, logs);
  }

  filter(key: string, query: string): TraceFilterAnswer | null {
    const s = this.sessions.get(key);
    const layout = s?.layout;
    if (!s || !layout) return null;
    const tokens = filterTokens(query);
    if (tokens.length === 0) return { visible: null, matches: [] };
    const rows = layout.rows;
    return filterRows(rows, (i) => {
      const held = s.held.get(rows[i].spanId);
      return held !== undefined && spanMatches(held.span, held.service, tokens);
    });
  }

  spanRef(key: string, spanId: string): (SpanRef & { spanId: string }) | undefined {
    const s = this.sessions.get(key);
    const held = s?.held.get(spanId);
    return held && s ? { traceId: s.target.traceId, spanId: held.span.spanId, instanceKey: held.instance.key, ...(s.target.capture !== undefined ? { capture: s.target.capture } : {}) } : undefined;
  }

  private answer(s: Session): TraceViewAnswer {
    return { changed: true, layout: s.layout, gone: s.gone, services: [...new Set([...s.held.values()].map((h) => h.service))] };
  }
}

/** How each instance is named in a trace: its service, with its instance label where two share a service. */
function serviceLabels(instances: Instance[]): Map<Instance, string> {
  const names = instances.map((i) => serviceDisplayName(i));
  const out = new Map<Instance, string>();
  instances.forEach((i, k) => {
    const shared = names.filter((n) => n === names[k]).length > 1;
    out.set(i, shared && i.instanceLabel ? `${names[k]} · ${i.instanceLabel}` : names[k]);
  });
  return out;
}
