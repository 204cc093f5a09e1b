/**
 * The trace waterfall: one webview panel per trace (of one instance, or of every instance holding it). The
 * layout is prepared in core/views/traceLayout and posted in one message; the webview draws only the rows on
 * screen, and asks here for what needs the spans themselves (the filter, a span's details, its source).
 *
 * Messages from the webview: hello · ready {generation, rows, rendered, renderMs} · filter {query, seq} ·
 * select {spanId} · openSource {spanId} · openTrace {traceId}.
 * To the webview: layout {generation, layout, title, gone} · filtered {seq, generation, visible, matches} ·
 * details {spanId, details}.
 */
import * as vscode from 'vscode';
import type { Engine } from '../../core/engine';
import type { SpanRecord } from '../../core/model/records';
import { serviceDisplayName } from '../../core/store/identity';
import type { Instance } from '../../core/store/instance';
import type { StoreChange } from '../../core/store/change';
import { spanDetails } from '../../core/views/spanDetails';
import { filterRows, filterTokens, layoutTrace, spanMatches, type TraceLayout } from '../../core/views/traceLayout';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const TRACE_VIEW_TYPE = 'telemetryInspector.trace';

/** A trace as a panel shows it: from one instance, or (instanceKey undefined) from every instance holding it. */
export interface TraceTarget {
  traceId: string;
  instanceKey?: string;
}

export interface ReadyReport {
  /** Rows in the layout. */
  rows: number;
  /** DOM rows drawn (the virtualized list draws only what is on screen). */
  rendered: number;
  /** From the panel's creation to the first 'ready', in ms (what a user waits). */
  openToReadyMs: number;
  /** The webview's own time from receiving the data to having drawn it, in ms. */
  renderMs: number;
}

export interface PanelHost {
  readonly engine: Engine;
  readonly extensionUri: vscode.Uri;
  openSpanSource(target: TraceTarget & { spanId: string }, options: { beside?: boolean }): Promise<unknown>;
  openTrace(target: TraceTarget): Promise<unknown>;
  disposed(key: string): void;
}

export function traceKey(t: TraceTarget): string {
  return `trace:${t.traceId}:${t.instanceKey ?? '*'}`;
}

/** Re-layouts of a trace that is still arriving are at most this frequent. */
const REFRESH_MS = 1000;

interface Held {
  span: SpanRecord;
  instance: Instance;
  service: string;
}

export class TracePanel implements vscode.Disposable {
  readonly key: string;
  readonly panel: vscode.WebviewPanel;
  ready: ReadyReport | undefined;
  /** What the page's Content-Security-Policy blocked (none, unless something is wrong). */
  readonly cspViolations: string[] = [];
  /** How many layouts were posted (a trace still arriving is laid out again). */
  updates = 0;
  private readonly openedAt = performance.now();
  private held = new Map<string, Held>();
  private layout: TraceLayout | undefined;
  private generation = 0;
  private signature = '';
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastRefresh = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly host: PanelHost,
    readonly target: TraceTarget,
  ) {
    this.key = traceKey(target);
    this.panel = vscode.window.createWebviewPanel(TRACE_VIEW_TYPE, `Trace ${target.traceId.slice(0, 8)}`, vscode.ViewColumn.Active, webviewOptions(host.extensionUri));
    this.collect();
    this.panel.title = this.title();
    this.panel.webview.html = webviewHtml(this.panel.webview, host.extensionUri, 'trace', this.panel.title);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.dirty) this.refresh();
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
    const off = host.engine.store.onChange((c) => this.onStoreChange(c));
    this.disposables.push({ dispose: off });
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Rows in the current layout. */
  get rows(): number {
    return this.layout?.rows.length ?? 0;
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.host.disposed(this.key);
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
    if (signature === this.signature && this.layout) return false;
    this.signature = signature;
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
      { serviceOf: (s) => serviceOf.get(s) ?? '' },
    );
    this.generation++;
    return true;
  }

  private title(): string {
    const name = this.layout?.rootName;
    return name ? `Trace: ${name}` : `Trace ${this.target.traceId.slice(0, 8)}`;
  }

  private onStoreChange(change: StoreChange): void {
    let relevant = change.cleared;
    if (!relevant) {
      for (const [key, signals] of change.updated) {
        if (signals.has('traces') && (this.target.instanceKey === undefined || key === this.target.instanceKey)) relevant = true;
      }
      for (const key of change.removed) if (this.target.instanceKey === undefined || key === this.target.instanceKey) relevant = true;
    }
    if (!relevant) return;
    if (!this.panel.visible) {
      this.dirty = true;
      return;
    }
    if (this.timer) return;
    const wait = Math.max(0, this.lastRefresh + REFRESH_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, wait);
  }

  private refresh(): void {
    this.dirty = false;
    this.lastRefresh = Date.now();
    if (this.collect()) this.postLayout();
  }

  private postLayout(): void {
    this.panel.title = this.title();
    this.updates++;
    void this.panel.webview.postMessage({
      type: 'layout',
      generation: this.generation,
      layout: this.layout,
      gone: this.held.size === 0,
      instances: [...new Set([...this.held.values()].map((h) => h.service))],
    });
  }

  private onMessage(m: unknown): void {
    if (!m || typeof m !== 'object') return;
    const msg = m as Record<string, unknown>;
    switch (msg.type) {
      case 'hello':
        // The webview (re)loaded: after creation, or when shown again after being hidden.
        this.collect();
        this.postLayout();
        break;
      case 'cspViolation':
        this.cspViolations.push(`${String(msg.directive)}: ${String(msg.blocked)}`);
        break;
      case 'ready':
        if (!this.ready && msg.generation === this.generation) {
          this.ready = {
            rows: Number(msg.rows) || 0,
            rendered: Number(msg.rendered) || 0,
            openToReadyMs: performance.now() - this.openedAt,
            renderMs: Number(msg.renderMs) || 0,
          };
        }
        break;
      case 'filter':
        this.postFilter(String(msg.query ?? ''), Number(msg.seq) || 0);
        break;
      case 'select': {
        const held = this.held.get(String(msg.spanId));
        void this.panel.webview.postMessage({
          type: 'details',
          spanId: msg.spanId,
          details: held && this.layout ? spanDetails(held.span, this.layout.startTimeUnixNano, held.service, held.instance.resource) : null,
        });
        break;
      }
      case 'openSource': {
        const held = this.held.get(String(msg.spanId));
        if (held) void this.host.openSpanSource({ traceId: this.target.traceId, spanId: held.span.spanId, instanceKey: held.instance.key }, { beside: true });
        break;
      }
      case 'openTrace':
        if (typeof msg.traceId === 'string') void this.host.openTrace({ traceId: msg.traceId });
        break;
    }
  }

  private postFilter(query: string, seq: number): void {
    const layout = this.layout;
    if (!layout) return;
    const tokens = filterTokens(query);
    if (tokens.length === 0) {
      void this.panel.webview.postMessage({ type: 'filtered', seq, generation: this.generation, visible: null, matches: [] });
      return;
    }
    const rows = layout.rows;
    const result = filterRows(rows, (i) => {
      const held = this.held.get(rows[i].spanId);
      return held !== undefined && spanMatches(held.span, held.service, tokens);
    });
    void this.panel.webview.postMessage({ type: 'filtered', seq, generation: this.generation, ...result });
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
