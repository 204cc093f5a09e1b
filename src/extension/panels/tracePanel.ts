/**
 * The trace waterfall: one webview panel per trace (of one instance, or of every instance holding it). The
 * layout is prepared in core/views/traceLayout and posted in one message; the webview draws only the rows on
 * screen, and asks here for what needs the spans themselves (the filter, a span's details, its source).
 * The messages both ways are TraceToHost and TraceToWebview (webview/shared/messages).
 */
import * as vscode from 'vscode';
import type { SpanRecord } from '../../core/model/records';
import { serviceDisplayName } from '../../core/store/identity';
import type { Instance } from '../../core/store/instance';
import type { StoreChange } from '../../core/store/change';
import { spanDetails } from '../../core/views/spanDetails';
import { filterRows, filterTokens, layoutTrace, spanMatches, type TraceLayout } from '../../core/views/traceLayout';
import type { CommonToHost, TraceGone, TraceToHost, TraceToWebview } from '../../webview/shared/messages';
import { LivePanel, type PanelHost } from './livePanel';

export const TRACE_VIEW_TYPE = 'telemetryInspector.trace';

/** A trace as a panel shows it: from one instance, or (instanceKey undefined) from every instance holding it. */
export interface TraceTarget {
  traceId: string;
  instanceKey?: string;
}

/** The manager, as the trace panel reaches it: also to open sources and other traces from the waterfall. */
export interface TracePanelHost extends PanelHost {
  openSpanSource(target: TraceTarget & { spanId: string }, options: { beside?: boolean }): Promise<unknown>;
  openTrace(target: TraceTarget): Promise<unknown>;
}

export function traceKey(t: TraceTarget): string {
  return `trace:${t.traceId}:${t.instanceKey ?? '*'}`;
}

interface Held {
  span: SpanRecord;
  instance: Instance;
  service: string;
}

export class TracePanel extends LivePanel<TraceToHost, TraceToWebview> {
  private held = new Map<string, Held>();
  private layout: TraceLayout | undefined;
  private signature = '';
  /** The store was cleared since the panel last found the trace. */
  private cleared = false;
  /** Set once the store no longer holds the trace: the panel keeps the layout and spans it had. */
  private gone: TraceGone | undefined;
  /** A span to select once the webview has the layout (a log record's span, opened from the tree). */
  private spanToReveal: string | undefined;

  constructor(
    protected override readonly host: TracePanelHost,
    readonly target: TraceTarget,
  ) {
    super(host, traceKey(target), TRACE_VIEW_TYPE, 'trace', `Trace ${target.traceId.slice(0, 8)}`);
    this.collect();
    this.panel.title = this.title();
  }

  /** Rows in the current layout. */
  get rows(): number {
    return this.layout?.rows.length ?? 0;
  }

  /** Reads the trace's spans from the store; returns whether anything changed since the last read. */
  private collect(): boolean {
    const store = this.host.engine.store;
    const sources: Instance[] = [];
    if (this.target.instanceKey !== undefined) {
      const i = store.instances.get(this.target.instanceKey);
      if (i?.traces.has(this.target.traceId)) sources.push(i);
    } else {
      for (const { instance } of store.findTrace(this.target.traceId)) sources.push(instance);
    }
    let signature = '';
    for (const i of sources) {
      const t = i.traces.get(this.target.traceId)!;
      signature += `${i.key}:${t.spans.size}:${t.lastSeenMs};`;
    }
    // Logs in their trace (issue 15): records arriving for the trace redraw it too.
    if (sources.length) signature += `logs:${store.traceLogs.countOfTrace(this.target.traceId)}`;
    if (signature === this.signature && this.layout) return false;
    this.signature = signature;
    if (sources.length === 0 && this.layout && this.layout.rows.length > 0) {
      // Cleared or evicted: keep showing (and answering about) what it was, and say which.
      this.gone = this.cleared ? 'cleared' : 'evicted';
      this.generation++;
      return true;
    }
    this.cleared = false;
    this.gone = undefined;
    const services = serviceLabels(sources);
    const held = new Map<string, Held>();
    for (const instance of sources) {
      const service = services.get(instance)!;
      for (const span of instance.traces.get(this.target.traceId)!.spans.values()) {
        if (!held.has(span.spanId)) held.set(span.spanId, { span, instance, service });
      }
    }
    this.held = held;
    const spans = [...held.values()];
    const serviceOf = new Map(spans.map((h) => [h.span, h.service]));
    this.layout = layoutTrace(
      this.target.traceId,
      spans.map((h) => h.span),
      { serviceOf: (s) => serviceOf.get(s) ?? '', logs: store.traceLogs.logsOfTrace(this.target.traceId).map((e) => e.record) },
    );
    this.generation++;
    return true;
  }

  /** "Trace: GET /checkout · 4bf92f35": the root's name, and the short id that tells two of them apart. */
  private title(): string {
    const id = this.target.traceId.slice(0, 8);
    const name = this.layout?.rootName;
    const title = name ? `Trace: ${name.length > 48 ? `${name.slice(0, 47)}…` : name} · ${id}` : `Trace ${id}`;
    return this.gone ? `${title} (${this.gone})` : title;
  }

  protected concerns(change: StoreChange): boolean {
    if (change.cleared) {
      this.cleared = true;
      return true;
    }
    const mine = (key: string): boolean => this.target.instanceKey === undefined || key === this.target.instanceKey;
    for (const [key, signals] of change.updated) if ((signals.has('traces') && mine(key)) || signals.has('logs')) return true;
    return change.removed.some(mine);
  }

  protected refresh(): void {
    if (this.collect()) this.postLayout();
  }

  private postLayout(): void {
    this.panel.title = this.title();
    this.updates++;
    if (!this.layout) return;
    void this.post({
      type: 'layout',
      generation: this.generation,
      layout: this.layout,
      gone: this.gone,
      instances: [...new Set([...this.held.values()].map((h) => h.service))],
    });
  }

  protected onMessage(msg: Exclude<TraceToHost, CommonToHost>): void {
    switch (msg.type) {
      case 'hello':
        // The webview (re)loaded: after creation, or when shown again after being hidden.
        this.collect();
        this.postLayout();
        if (this.spanToReveal) void this.post({ type: 'revealSpan', spanId: this.spanToReveal });
        break;
      case 'compare':
        void vscode.commands.executeCommand('telemetryInspector.compareTrace', this.target);
        break;
      case 'filter':
        this.postFilter(msg.query, msg.seq);
        break;
      case 'select': {
        const held = this.held.get(msg.spanId);
        void this.post({
          type: 'details',
          spanId: msg.spanId,
          details:
            held && this.layout
              ? spanDetails(held.span, this.layout.startTimeUnixNano, held.service, held.instance.resource, this.host.engine.store.traceLogs.logsOfSpan(this.target.traceId, msg.spanId).map((e) => e.record))
              : null,
        });
        break;
      }
      case 'openSource': {
        const held = this.held.get(msg.spanId);
        if (held) void this.host.openSpanSource({ traceId: this.target.traceId, spanId: held.span.spanId, instanceKey: held.instance.key }, { beside: true });
        break;
      }
      case 'openTrace':
        void this.host.openTrace({ traceId: msg.traceId });
        break;
    }
  }

  /** Selects a span in the waterfall and scrolls to it, now and whenever the page (re)loads. */
  revealSpan(spanId: string): void {
    this.spanToReveal = spanId;
    void this.post({ type: 'revealSpan', spanId });
  }

  private postFilter(query: string, seq: number): void {
    const layout = this.layout;
    if (!layout) return;
    const tokens = filterTokens(query);
    if (tokens.length === 0) {
      void this.post({ type: 'filtered', seq, generation: this.generation, visible: null, matches: [] });
      return;
    }
    const rows = layout.rows;
    const result = filterRows(rows, (i) => {
      const held = this.held.get(rows[i].spanId);
      return held !== undefined && spanMatches(held.span, held.service, tokens);
    });
    void this.post({ type: 'filtered', seq, generation: this.generation, ...result });
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
