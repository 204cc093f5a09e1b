/**
 * Keeps one panel per trace and per Series (opening one again reveals it), resolves what the commands are given
 * (a tree element, ids, or nothing: then the user is asked), and answers tests about what is open.
 */
import * as vscode from 'vscode';
import type { Engine } from '../../core/engine';
import { formatDurationMs, plural } from '../../core/format/format';
import { summarizePoint } from '../../core/format/pointSummary';
import type { SpanRecord } from '../../core/model/records';
import { serviceDisplayName } from '../../core/store/identity';
import type { Instance } from '../../core/store/instance';
import { spanSource } from '../../core/views/spanSource';
import { seriesName } from '../../core/format/seriesName';
import { MetricPanel, metricKey, type SeriesTarget } from './metricPanel';
import { openSource, type OpenSourceOptions, type OpenSourceResult } from './openSource';
import type { LivePanel, ReadyReport } from './livePanel';
import type { HostMessage, ViewState, WebviewMessage } from '../../webview/shared/messages';
import { TracePanel, traceKey, type TracePanelHost, type TraceTarget } from './tracePanel';
import type { FindPanels } from './findPanels';

export interface PanelInfo {
  kind: 'trace' | 'metric';
  key: string;
  title: string;
  visible: boolean;
  active: boolean;
  /** Set once the webview has drawn its first data. */
  ready: ReadyReport | undefined;
  /** How many times the data was posted (live updates). */
  updates: number;
  /** The data generation last posted (viewState.generation says which one the webview has drawn). */
  generation: number;
  /** Trace panels: rows in the current layout. */
  rows?: number;
  /** What the webview's Content-Security-Policy blocked. */
  cspViolations: string[];
  /** Where the user is in the webview (scroll, selection, focus), as it last reported. */
  viewState: ViewState | undefined;
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
    readonly engine: Engine,
    readonly extensionUri: vscode.Uri,
  ) {}

  /** Every open panel, for tests and diagnostics. */
  panels(): PanelInfo[] {
    const out: PanelInfo[] = [];
    const info = (p: LivePanel<WebviewMessage, HostMessage>) => ({
      key: p.key,
      title: p.panel.title,
      visible: p.panel.visible,
      active: p.panel.active,
      ready: p.ready,
      updates: p.updates,
      generation: p.currentGeneration,
      cspViolations: [...p.cspViolations],
      viewState: p.viewState,
    });
    for (const p of this.traces.values()) out.push({ kind: 'trace', ...info(p), rows: p.rows });
    for (const p of this.metrics.values()) out.push({ kind: 'metric', ...info(p) });
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
        placeHolder: this.latestTraceId() ?? '4bf92f3577b34da6a3ce929d0e0e4736',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' || parseTraceId(v) ? undefined : 'A trace id is 32 hex digits (16 bytes), not all zero.'),
      });
      if (!typed?.trim()) return undefined;
      traceId = parseTraceId(typed);
      if (!traceId) return undefined;
    }
    const found = this.engine.store.findTrace(traceId);
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
    let target = this.seriesTarget(arg);
    if (!target) {
      if (arg !== undefined) {
        void vscode.window.showWarningMessage('That metric series is no longer kept.');
        return undefined;
      }
      target = await this.pickSeries();
      if (!target) return undefined;
    }
    const key = metricKey(target);
    const open = this.metrics.get(key);
    if (open) {
      open.reveal();
      return key;
    }
    this.metrics.set(key, new MetricPanel(this, target));
    return key;
  }

  /**
   * Opens the source line of a span. `arg`: { traceId, spanId, instanceKey? } (a span item), a span record, or
   * { traceId, instanceKey? } without a span (a trace item): then the root span, else the first span naming a file.
   */
  async openSpanSource(arg?: unknown, options: OpenSourceOptions = {}): Promise<OpenSourceResult> {
    const span = isSpanRecord(arg) ? arg : this.findSpan(arg);
    if (!span) {
      void vscode.window.showWarningMessage('That span is no longer kept.');
      return { status: 'noSpan' };
    }
    return openSource(spanSource(span.attributes), options);
  }

  dispose(): void {
    for (const p of [...this.traces.values(), ...this.metrics.values()]) p.dispose();
  }

  // TracePanelHost
  disposed(key: string): void {
    this.traces.delete(key);
    this.metrics.delete(key);
  }

  private findSpan(arg: unknown): SpanRecord | undefined {
    if (!arg || typeof arg !== 'object') return undefined;
    const { traceId, spanId, instanceKey } = arg as { traceId?: unknown; spanId?: unknown; instanceKey?: unknown };
    if (typeof traceId !== 'string') return undefined;
    const found = this.engine.store.findTrace(traceId).filter((f) => typeof instanceKey !== 'string' || f.instance.key === instanceKey);
    if (typeof spanId === 'string') {
      for (const { trace } of found) {
        const s = trace.spans.get(spanId);
        if (s) return s;
      }
      return undefined;
    }
    for (const { trace } of found) {
      const root = trace.root;
      if (root && spanSource(root.attributes)) return root;
    }
    const withSource = found.flatMap(({ trace }) => [...trace.spans.values()]).filter((s) => spanSource(s.attributes));
    withSource.sort((a, b) => a.startTimeUnixNano - b.startTimeUnixNano);
    return withSource[0] ?? found[0]?.trace.root;
  }

  private seriesTarget(arg: unknown): SeriesTarget | undefined {
    if (!arg || typeof arg !== 'object') return undefined;
    const { instanceKey, streamKey, seriesKey } = arg as Partial<SeriesTarget>;
    if (typeof instanceKey !== 'string' || typeof streamKey !== 'string') return undefined;
    const stream = this.engine.store.instances.get(instanceKey)?.metricStreams.get(streamKey);
    if (!stream) return undefined;
    if (typeof seriesKey === 'string') return stream.series.has(seriesKey) ? { instanceKey, streamKey, seriesKey } : undefined;
    // A stream drawn as one row stands for its only series.
    if (stream.series.size !== 1) return undefined;
    return { instanceKey, streamKey, seriesKey: stream.series.keys().next().value! };
  }

  private latestTraceId(): string | undefined {
    let best: { id: string; seen: number } | undefined;
    for (const instance of this.engine.store.instances.values()) {
      for (const t of instance.traces.values()) if (!best || t.lastSeenMs > best.seen) best = { id: t.traceId, seen: t.lastSeenMs };
    }
    return best?.id;
  }

  private async pickInstance(traceId: string, found: { instance: Instance; trace: { spans: Map<string, SpanRecord>; durationMs: number; root?: SpanRecord } }[]): Promise<TraceTarget | undefined> {
    type Item = vscode.QuickPickItem & { target: TraceTarget };
    const total = found.reduce((n, f) => n + f.trace.spans.size, 0);
    const items: Item[] = [
      {
        label: `$(layers) All ${found.length} instances together`,
        description: plural(total, 'span'),
        detail: 'One waterfall of the whole trace, each span named with its service',
        target: { traceId },
      },
      ...found.map(({ instance, trace }) => ({
        label: `$(server-process) ${serviceDisplayName(instance)}`,
        description: instance.instanceLabel,
        detail: `${trace.root?.name ?? '(no root span)'} · ${plural(trace.spans.size, 'span')} · ${formatDurationMs(trace.durationMs)}`,
        target: { traceId, instanceKey: instance.key },
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `Trace ${traceId} was sent by ${found.length} instances`, placeHolder: 'Open which?', matchOnDescription: true });
    return picked?.target;
  }

  private async pickSeries(): Promise<SeriesTarget | undefined> {
    type Item = vscode.QuickPickItem & { target?: SeriesTarget };
    const items: Item[] = [];
    for (const instance of this.engine.store.instances.values()) {
      if (instance.metricStreams.size === 0) continue;
      items.push({ label: `${serviceDisplayName(instance)}${instance.instanceLabel ? ` · ${instance.instanceLabel}` : ''}`, kind: vscode.QuickPickItemKind.Separator });
      for (const stream of instance.metricStreams.values()) {
        for (const series of stream.series.values()) {
          items.push({
            label: `$(graph-line) ${seriesName(stream.name, series.attributes)}`,
            description: summarizePoint(stream.kind, series.latest(), stream.unit),
            target: { instanceKey: instance.key, streamKey: stream.key, seriesKey: series.key },
          });
        }
      }
    }
    if (items.length === 0) {
      void vscode.window.showInformationMessage('No metrics received yet.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Open Metric Chart', placeHolder: 'Series to chart', matchOnDescription: true });
    return picked?.target;
  }
}
