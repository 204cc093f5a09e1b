/**
 * The trace waterfall: one webview panel per trace (of one instance, or of every instance holding it). The layout
 * is prepared where the spans live (core/views/traceLayout, in the engine's trace session for this panel) and
 * posted in one message; the webview draws only the rows on screen, and asks here for what needs the spans
 * themselves (the filter, a span's details, its source), which the session answers.
 * The messages both ways are TraceToHost and TraceToWebview (webview/shared/messages).
 */
import * as vscode from 'vscode';
import type { SpanRef, StoreChange, TraceTarget } from '../../core/api/engineApi';
import type { TraceLayout } from '../../core/views/traceLayout';
import type { CommonToHost, TraceGone, TraceToHost, TraceToWebview } from '../../webview/shared/messages';
import { LivePanel, type PanelHost } from './livePanel';

export type { TraceTarget };

export const TRACE_VIEW_TYPE = 'telemetryInspector.trace';

/** The manager, as the trace panel reaches it: also to open sources and other traces from the waterfall. */
export interface TracePanelHost extends PanelHost {
  openSpanSource(target: SpanRef, options: { beside?: boolean }): Promise<unknown>;
  openTrace(target: TraceTarget): Promise<unknown>;
}

export function traceKey(t: TraceTarget): string {
  return `trace:${t.traceId}:${t.instanceKey ?? '*'}${t.capture !== undefined ? `:${t.capture}` : ''}`;
}

export class TracePanel extends LivePanel<TraceToHost, TraceToWebview> {
  private layout: TraceLayout | undefined;
  private services: string[] = [];
  /** Set once the engine no longer holds the trace: the panel keeps the layout it had. */
  private gone: TraceGone | undefined;
  /** A span to select once the webview has the layout (a log record's span, opened from the tree). */
  private spanToReveal: string | undefined;

  constructor(
    protected override readonly host: TracePanelHost,
    readonly target: TraceTarget,
    restored?: vscode.WebviewPanel,
  ) {
    super(host, traceKey(target), TRACE_VIEW_TYPE, 'trace', `Trace ${target.traceId.slice(0, 8)}`, { traceId: target.traceId, instanceKey: target.instanceKey }, restored);
    void this.collect().then(() => (this.panel.title = this.title()), () => undefined);
  }

  /** Rows in the current layout. */
  get rows(): number {
    return this.layout?.rows.length ?? 0;
  }

  override dispose(): void {
    void this.host.engine.closeTraceView(this.key).catch(() => undefined);
    super.dispose();
  }

  /** Asks the engine for the trace as it is now; returns whether anything changed since the last read. */
  private async collect(): Promise<boolean> {
    const answer = await this.host.engine.traceView(this.key, this.target);
    if (!answer.changed) return false;
    if (this.layout && this.layout.rows.length > 0 && (answer.layout?.rows.length ?? 0) === 0) {
      // A restarted engine holds nothing of what was drawn: the panel keeps it, as after Clear Data.
      this.gone = answer.gone ?? 'cleared';
    } else {
      this.layout = answer.layout;
      this.gone = answer.gone;
      this.services = answer.services;
    }
    this.generation++;
    return true;
  }

  /** "Trace: GET /checkout · 4bf92f35": the root's name, and the short id that tells two of them apart. */
  private title(): string {
    const id = this.target.traceId.slice(0, 8);
    const name = this.layout?.rootName;
    const title = name ? `Trace: ${name.length > 48 ? `${name.slice(0, 47)}…` : name} · ${id}` : `Trace ${id}`;
    const from = this.target.capture !== undefined ? `${title} · capture` : title;
    return this.gone ? `${from} (${this.gone})` : from;
  }

  protected concerns(change: StoreChange): boolean {
    if (this.target.capture !== undefined) return false; // a capture never changes; live data's events are not about it
    if (change.cleared) return true;
    const mine = (key: string): boolean => this.target.instanceKey === undefined || key === this.target.instanceKey;
    for (const [key, signals] of change.updated) if ((signals.has('traces') && mine(key)) || signals.has('logs')) return true;
    return change.removed.some(mine);
  }

  protected async refresh(): Promise<void> {
    if (await this.collect()) this.postLayout();
  }

  private postLayout(): void {
    this.panel.title = this.title();
    this.updates++;
    if (!this.layout || this.layout.rows.length === 0) {
      // Nothing of it is held (a panel restored after a reload whose trace was not kept): say so, plainly.
      void this.post({ type: 'missing', generation: this.generation, traceId: this.target.traceId });
      return;
    }
    void this.post({ type: 'layout', generation: this.generation, layout: this.layout, gone: this.gone, instances: this.services });
  }

  protected async onMessage(msg: Exclude<TraceToHost, CommonToHost>): Promise<void> {
    switch (msg.type) {
      case 'hello':
        // The webview (re)loaded: after creation, or when shown again after being hidden.
        await this.collect().catch(() => false);
        this.postLayout();
        if (this.spanToReveal) void this.post({ type: 'revealSpan', spanId: this.spanToReveal });
        break;
      case 'compare':
        void vscode.commands.executeCommand('telemetryInspector.compareTrace', this.target);
        break;
      case 'filter': {
        if (!this.layout) return;
        const generation = this.generation;
        const result = await this.host.engine.traceFilter(this.key, msg.query);
        if (result) void this.post({ type: 'filtered', seq: msg.seq, generation, ...result });
        break;
      }
      case 'select': {
        const details = await this.host.engine.traceSpanDetails(this.key, msg.spanId);
        void this.post({ type: 'details', spanId: msg.spanId, details });
        break;
      }
      case 'openSource': {
        const ref = await this.host.engine.traceSpanRef(this.key, msg.spanId);
        if (ref) void this.host.openSpanSource(ref, { beside: true });
        break;
      }
      case 'openTrace':
        void this.host.openTrace({ traceId: msg.traceId, ...(this.target.capture !== undefined ? { capture: this.target.capture } : {}) });
        break;
    }
  }

  /** Selects a span in the waterfall and scrolls to it, now and whenever the page (re)loads. */
  revealSpan(spanId: string): void {
    this.spanToReveal = spanId;
    void this.post({ type: 'revealSpan', spanId });
  }
}
