/**
 * Keeps one panel per trace and per Series (opening one again reveals it), resolves what the commands are given
 * (a tree element, ids, or nothing: then the user is asked), and answers tests about what is open.
 */
import * as vscode from 'vscode';
import type { EngineApi, SeriesSummary, SpanRef, TraceSummary } from '../../core/api/engineApi';
import { formatDurationMs, plural } from '../../core/format/format';
import type { SpanRecord } from '../../core/model/records';
import { spanSource } from '../../core/views/spanSource';
import { MetricPanel, metricKey, type SeriesTarget } from './metricPanel';
import { openSource, type OpenSourceOptions, type OpenSourceResult } from './openSource';
import type { LivePanelInfo } from './livePanel';
import { TracePanel, traceKey, type TracePanelHost, type TraceTarget } from './tracePanel';
import type { FindPanels } from './findPanels';

export interface PanelInfo extends LivePanelInfo {
  kind: 'trace' | 'metric';
  /** Trace panels: rows in the current layout. */
  rows?: number;
}

/** What openSpanSource takes: ids (a span item of the tree), or a span record itself. */
export type SpanArg = { traceId: string; spanId?: string; instanceKey?: string } | SpanRecord;

const TRACE_ID = /^[0-9a-f]{32}$/;

/** A trace id as people paste it: any case, with spaces, or a whole W3C traceparent header. */
export function parseTraceId(input: string): string | undefined {
  const text = input.trim().toLowerCase();
  const traceparent = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(text);
  const id = traceparent ? traceparent[1] : text.replace(/[\s-]/g, '');
  return TRACE_ID.test(id) && !/^0+$/.test(id) ? id : undefined;
}

function isSpanRecord(x: unknown): x is SpanRecord {
  return !!x && typeof x === 'object' && typeof (x as SpanRecord).spanId === 'string' && typeof (x as SpanRecord).startTimeUnixNano === 'number';
}

export class PanelManager implements vscode.Disposable, TracePanelHost {
  private readonly traces = new Map<string, TracePanel>();
  private readonly metrics = new Map<string, MetricPanel>();
  /** The search and diff panels (issue 15), set by registerPanels. */
  find: FindPanels | undefined;

  constructor(
    readonly engine: EngineApi,
    readonly extensionUri: vscode.Uri,
    /** Settles once the engine has taken back what was kept on disk: restored panels read their data after it. */
    private readonly engineStarted: Promise<unknown> = Promise.resolve(),
  ) {}

  /** Every open panel, for tests and diagnostics. */
  panels(): PanelInfo[] {
    const out: PanelInfo[] = [];
    for (const p of this.traces.values()) out.push({ kind: 'trace', ...p.info(), rows: p.rows });
    for (const p of this.metrics.values()) out.push({ kind: 'metric', ...p.info() });
    return out;
  }

  /** Scrolls an open panel's main scroller, as the mouse wheel would (tests); false when no such panel. */
  scrollTo(key: string, top: number): boolean {
    const p = this.traces.get(key) ?? this.metrics.get(key);
    if (!p) return false;
    void p.post({ type: 'scrollTo', top });
    return true;
  }

  /**
   * Opens (or reveals) the waterfall of a trace. `arg` is a tree element or any { traceId, instanceKey? }, a trace
   * id, or nothing (the user types one). A trace id held by several instances without an instanceKey: the user picks.
   */
  async openTrace(arg?: unknown): Promise<string | undefined> {
    let traceId: string | undefined;
    let instanceKey: string | undefined;
    // A trace of an opened capture (a node of the Captures view) is read from that capture.
    const captureOf = arg && typeof arg === 'object' ? (arg as { capture?: unknown }).capture : undefined;
    const capture = typeof captureOf === 'string' ? captureOf : undefined;
    /** A span to select once open (a log record's, an exemplar's, a diff row's). */
    const spanId = arg && typeof arg === 'object' && typeof (arg as { spanId?: unknown }).spanId === 'string' ? (arg as { spanId: string }).spanId : undefined;
    if (typeof arg === 'string') traceId = parseTraceId(arg);
    else if (arg && typeof arg === 'object' && typeof (arg as TraceTarget).traceId === 'string') {
      traceId = parseTraceId((arg as TraceTarget).traceId);
      const k = (arg as TraceTarget).instanceKey;
      if (typeof k === 'string') instanceKey = k;
    }
    if (!traceId) {
      const typed = await vscode.window.showInputBox({
        title: 'Open Trace',
        prompt: 'Trace id: 32 hex digits (a traceparent header works too)',
        placeHolder: (await this.engine.latestTraceId()) ?? '4bf92f3577b34da6a3ce929d0e0e4736',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' || parseTraceId(v) ? undefined : 'A trace id is 32 hex digits (16 bytes), not all zero.'),
      });
      if (!typed?.trim()) return undefined;
      traceId = parseTraceId(typed);
      if (!traceId) return undefined;
    }
    const found = await this.engine.findTrace(traceId, capture);
    if (instanceKey !== undefined && !found.some((f) => f.instance.key === instanceKey)) {
      void vscode.window.showWarningMessage(`Trace ${traceId} is no longer kept for that instance.`);
      return undefined;
    }
    if (found.length === 0) {
      void vscode.window.showWarningMessage(`No trace ${traceId} is kept: it has not arrived yet, or was evicted.`);
      return undefined;
    }
    let target: TraceTarget = { traceId, instanceKey };
    if (instanceKey === undefined) {
      if (found.length === 1) target = { traceId, instanceKey: found[0].instance.key };
      else {
        const picked = await this.pickInstance(traceId, found);
        if (!picked) return undefined;
        target = picked;
      }
    }
    if (capture !== undefined) target = { ...target, capture };
    const key = traceKey(target);
    let panel = this.traces.get(key);
    if (panel) panel.reveal();
    else this.traces.set(key, (panel = new TracePanel(this, target)));
    if (spanId) panel.revealSpan(spanId);
    return key;
  }

  /**
   * Opens (or reveals) the chart of a Series. `arg` is a tree element: a series, or a metric stream drawn as its
   * only series ({ instanceKey, streamKey, seriesKey? }); with nothing, the user picks from every Series.
   */
  async openMetric(arg?: unknown): Promise<string | undefined> {
    let series = await this.seriesTarget(arg);
    if (!series) {
      if (arg !== undefined) {
        void vscode.window.showWarningMessage('That metric series is no longer kept.');
        return undefined;
      }
      series = await this.pickSeries();
      if (!series) return undefined;
    }
    const target: SeriesTarget = { instanceKey: series.instanceKey, streamKey: series.streamKey, seriesKey: series.seriesKey, ...(series.capture !== undefined ? { capture: series.capture } : {}) };
    const key = metricKey(target);
    const open = this.metrics.get(key);
    if (open) {
      open.reveal();
      return key;
    }
    this.metrics.set(key, new MetricPanel(this, target, series.name));
    return key;
  }

  /**
   * Opens the source line of a span. `arg`: { traceId, spanId, instanceKey? } (a span item), a span record, or
   * { traceId, instanceKey? } without a span (a trace item): then the root span, else the first span naming a file.
   */
  async openSpanSource(arg?: unknown, options: OpenSourceOptions = {}): Promise<OpenSourceResult> {
    // A span record itself (another extension may hold one) is read here; ids are looked up in the engine.
    const ref = spanRef(arg);
    const found = isSpanRecord(arg) ? { found: true, source: spanSource(arg.attributes) } : ref ? await this.engine.spanSource(ref) : { found: false, source: undefined };
    if (!found.found) {
      void vscode.window.showWarningMessage('That span is no longer kept.');
      return { status: 'noSpan' };
    }
    return openSource(found.source, options);
  }

  /**
   * A trace panel VS Code restored after a window reload (registerPanels' serializer), with the state its webview
   * saved: it shows the same trace again, read once the engine has restored what was kept; the page says so
   * when the trace is not held. A state that names no trace (an older page) closes the panel.
   */
  async restoreTrace(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = (state as { target?: unknown } | undefined)?.target;
    const target = saved && typeof saved === 'object' ? (saved as Partial<TraceTarget>) : undefined;
    const traceId = typeof target?.traceId === 'string' ? parseTraceId(target.traceId) : undefined;
    if (!traceId) return panel.dispose();
    const restored: TraceTarget = { traceId, instanceKey: typeof target?.instanceKey === 'string' ? target.instanceKey : undefined };
    await this.engineStarted.catch(() => undefined);
    const key = traceKey(restored);
    const open = this.traces.get(key);
    if (open) {
      // Opened again meanwhile (a command ran first): one panel per trace.
      panel.dispose();
      open.reveal();
      return;
    }
    this.traces.set(key, new TracePanel(this, restored, panel));
  }

  /** A chart VS Code restored after a window reload: the same Series again, or the page says it is not kept. */
  async restoreMetric(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = (state as { target?: unknown } | undefined)?.target;
    const t = saved && typeof saved === 'object' ? (saved as Partial<SeriesTarget>) : undefined;
    if (typeof t?.instanceKey !== 'string' || typeof t.streamKey !== 'string' || typeof t.seriesKey !== 'string') return panel.dispose();
    const target: SeriesTarget = { instanceKey: t.instanceKey, streamKey: t.streamKey, seriesKey: t.seriesKey };
    await this.engineStarted.catch(() => undefined);
    const key = metricKey(target);
    const open = this.metrics.get(key);
    if (open) {
      panel.dispose();
      open.reveal();
      return;
    }
    const series = await this.engine.resolveSeries(target).catch(() => undefined);
    this.metrics.set(key, new MetricPanel(this, target, series?.name, panel));
  }

  dispose(): void {
    for (const p of [...this.traces.values(), ...this.metrics.values()]) p.dispose();
  }

  // TracePanelHost
  disposed(key: string): void {
    this.traces.delete(key);
    this.metrics.delete(key);
  }

  /** The series a tree element names ({ instanceKey, streamKey, seriesKey? }: a stream drawn as one row stands for its only series). */
  private async seriesTarget(arg: unknown): Promise<SeriesSummary | undefined> {
    if (!arg || typeof arg !== 'object') return undefined;
    const { instanceKey, streamKey, seriesKey, capture } = arg as Partial<SeriesTarget>;
    if (typeof instanceKey !== 'string' || typeof streamKey !== 'string') return undefined;
    return this.engine.resolveSeries({ instanceKey, streamKey, seriesKey: typeof seriesKey === 'string' ? seriesKey : undefined, capture: typeof capture === 'string' ? capture : undefined });
  }

  private async pickInstance(traceId: string, found: TraceSummary[]): Promise<TraceTarget | undefined> {
    type Item = vscode.QuickPickItem & { target: TraceTarget };
    const total = found.reduce((n, f) => n + f.spanCount, 0);
    const items: Item[] = [
      {
        label: `$(layers) All ${found.length} instances together`,
        description: plural(total, 'span'),
        detail: 'One waterfall of the whole trace, each span named with its service',
        target: { traceId },
      },
      ...found.map((f) => ({
        label: `$(server-process) ${f.instance.service}`,
        description: f.instance.instanceLabel,
        detail: `${f.rootName ?? '(no root span)'} · ${plural(f.spanCount, 'span')} · ${formatDurationMs(f.durationMs)}`,
        target: { traceId, instanceKey: f.instance.key },
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `Trace ${traceId} was sent by ${found.length} instances`, placeHolder: 'Open which?', matchOnDescription: true });
    return picked?.target;
  }

  private async pickSeries(): Promise<SeriesSummary | undefined> {
    type Item = vscode.QuickPickItem & { target?: SeriesSummary };
    const items: Item[] = [];
    let instance = '';
    for (const series of await this.engine.seriesList()) {
      if (series.instance.key !== instance) {
        instance = series.instance.key;
        items.push({ label: `${series.instance.service}${series.instance.instanceLabel ? ` · ${series.instance.instanceLabel}` : ''}`, kind: vscode.QuickPickItemKind.Separator });
      }
      items.push({ label: `$(graph-line) ${series.name}`, description: series.latest, target: series });
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage('No metrics received yet.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Open Metric Chart', placeHolder: 'Series to chart', matchOnDescription: true });
    return picked?.target;
  }
}

/** The ids of a span (a span item of the tree), or of a trace (its root span), from a command's argument. */
function spanRef(arg: unknown): SpanRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { traceId, spanId, instanceKey, capture } = arg as { traceId?: unknown; spanId?: unknown; instanceKey?: unknown; capture?: unknown };
  if (typeof traceId !== 'string') return undefined;
  return {
    traceId,
    spanId: typeof spanId === 'string' ? spanId : undefined,
    instanceKey: typeof instanceKey === 'string' ? instanceKey : undefined,
    capture: typeof capture === 'string' ? capture : undefined,
  };
}
