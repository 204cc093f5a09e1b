/**
 * The trace diff panel: a trace beside the one it is compared with (its baseline), spans matched by their path of
 * (service, name) (core/views/traceDiff), drawn as core/views/traceDiffView prepares them. Redrawn when either
 * trace gets spans; when one is no longer kept, the last comparison stays, and says so.
 * The messages both ways are DiffToHost and DiffToWebview (webview/shared/messages).
 */
import * as vscode from 'vscode';
import type { StoreChange } from '../../core/store/change';
import type { TraceDiffView } from '../../core/views/traceDiffView';
import type { CommonToHost, DiffToHost, DiffToWebview, TraceGone } from '../../webview/shared/messages';
import { diffView, traceSignature, type SpanRef, type TraceRef } from './findData';
import { LivePanel, type PanelHost } from './livePanel';

const DIFF_VIEW_TYPE = 'telemetryInspector.diff';

function diffKey(baseline: TraceRef, current: TraceRef): string {
  return `diff:${baseline.traceId}:${baseline.instanceKey ?? '*'}|${current.traceId}:${current.instanceKey ?? '*'}`;
}

/** What the diff panel needs from the one that owns it. */
export interface DiffPanelHost extends PanelHost {
  openTrace(ref: SpanRef): Promise<unknown>;
}

export class DiffPanel extends LivePanel<DiffToHost, DiffToWebview> {
  /** The last comparison drawn (tests read it). */
  last: TraceDiffView | undefined;
  private signature = '';
  private cleared = false;
  private gone: TraceGone | undefined;
  private updating: Promise<void> = Promise.resolve();

  constructor(
    protected override readonly host: DiffPanelHost,
    public baseline: TraceRef,
    public current: TraceRef,
  ) {
    super(host, diffKey(baseline, current), DIFF_VIEW_TYPE, 'diff', `Compare ${current.traceId.slice(0, 8)} with ${baseline.traceId.slice(0, 8)}`);
  }

  /** Whether this panel compares exactly these two. */
  shows(baseline: TraceRef, current: TraceRef): boolean {
    return diffKey(baseline, current) === diffKey(this.baseline, this.current);
  }

  /** Compares with another baseline, in place. */
  setBaseline(baseline: TraceRef): void {
    this.baseline = baseline;
    this.signature = '';
    void this.update();
  }

  protected concerns(change: StoreChange): boolean {
    if (change.cleared) {
      this.cleared = true;
      return true;
    }
    if (change.removed.length) return true;
    for (const signals of change.updated.values()) if (signals.has('traces')) return true;
    return false;
  }

  protected async refresh(): Promise<void> {
    await this.update();
  }

  protected async onMessage(msg: Exclude<DiffToHost, CommonToHost>): Promise<void> {
    switch (msg.type) {
      case 'hello':
        this.signature = '';
        void this.update();
        break;
      case 'openTrace': {
        const ref = msg.side === 'baseline' ? this.baseline : this.current;
        void this.host.openTrace(msg.spanId ? { ...ref, spanId: msg.spanId } : ref);
        break;
      }
      case 'pickBaseline':
        void vscode.commands.executeCommand('telemetryInspector.compareTrace', this.current);
        break;
      case 'swap':
        [this.baseline, this.current] = [this.current, this.baseline];
        this.signature = '';
        void this.update();
        break;
    }
  }

  /** Compares again when either trace changed; one update at a time, in order. */
  private update(): Promise<void> {
    this.updating = this.updating.then(async () => {
      const signature = await traceSignature(this.host.engine, [this.baseline, this.current]);
      if (signature === this.signature && this.last) return;
      this.signature = signature;
      const view = await diffView(this.host.engine, this.baseline, this.current);
      if (view) {
        this.last = view;
        this.gone = undefined;
        this.cleared = false;
      } else if (this.last) {
        this.gone = this.cleared ? 'cleared' : 'evicted';
      }
      this.generation++;
      this.updates++;
      const v = view ?? this.last;
      const title = v ? `Compare: ${v.current.rootName || v.current.traceId.slice(0, 8)} ${v.totalDelta}` : 'Compare traces';
      this.panel.title = `${title.length > 60 ? `${title.slice(0, 59)}…` : title}${this.gone ? ` (${this.gone})` : ''}`;
      await this.post({ type: 'diff', generation: this.generation, view: v ?? null, ...(this.gone ? { gone: this.gone } : {}) });
    });
    return this.updating;
  }
}
