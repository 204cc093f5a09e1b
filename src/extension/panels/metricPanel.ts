/**
 * The metric chart: one webview panel per Series, redrawn from its ring buffer when the store reports new
 * metrics for its instance (at most once a second, and only while it is visible). The numbers are prepared in
 * core/views/metricView; the webview draws them.
 *
 * Messages from the webview: hello {mode} · mode {mode} · ready {points, rendered, renderMs}.
 * To the webview: view {view, series, attributes, instance, gone, updated}.
 */
import * as vscode from 'vscode';
import { formatAge } from '../../core/format/format';
import { serviceDisplayName } from '../../core/store/identity';
import type { StoreChange } from '../../core/store/change';
import type { MetricStream } from '../../core/store/metricStream';
import type { Series } from '../../core/store/series';
import { metricView, type MetricMode, type MetricView } from '../../core/views/metricView';
import { keyValues, type KeyValue } from '../../core/views/spanDetails';
import { seriesName } from '../seriesName';
import type { PanelHost, ReadyReport } from './tracePanel';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const METRIC_VIEW_TYPE = 'telemetryInspector.metric';

/** A Series by its keys, as the tree's nodes name it. */
export interface SeriesTarget {
  instanceKey: string;
  streamKey: string;
  seriesKey: string;
}

export function metricKey(t: SeriesTarget): string {
  return `metric:${JSON.stringify([t.instanceKey, t.streamKey, t.seriesKey])}`;
}

const REFRESH_MS = 1000;

export class MetricPanel implements vscode.Disposable {
  readonly key: string;
  readonly panel: vscode.WebviewPanel;
  ready: ReadyReport | undefined;
  /** What the page's Content-Security-Policy blocked (none, unless something is wrong). */
  readonly cspViolations: string[] = [];
  /** How many 'view' messages were posted (tests watch live updates with it). */
  updates = 0;
  private readonly openedAt = performance.now();
  private mode: MetricMode | undefined;
  private last: { view: MetricView; name: string; instance: string; attributes: KeyValue[] } | undefined;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private lastRefresh = 0;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly host: PanelHost,
    readonly target: SeriesTarget,
  ) {
    this.key = metricKey(target);
    const found = this.find();
    const title = found ? `Chart: ${seriesName(found.stream.name, found.series.attributes)}` : 'Chart';
    this.panel = vscode.window.createWebviewPanel(METRIC_VIEW_TYPE, shorten(title), vscode.ViewColumn.Active, webviewOptions(host.extensionUri));
    this.panel.webview.html = webviewHtml(this.panel.webview, host.extensionUri, 'metric', title);
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.dirty) this.post();
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
    const off = host.engine.store.onChange((c) => this.onStoreChange(c));
    this.disposables.push({ dispose: off });
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.host.disposed(this.key);
  }

  private find(): { stream: MetricStream; series: Series; instanceName: string } | undefined {
    const instance = this.host.engine.store.instances.get(this.target.instanceKey);
    const stream = instance?.metricStreams.get(this.target.streamKey);
    const series = stream?.series.get(this.target.seriesKey);
    if (!instance || !stream || !series) return undefined;
    const instanceName = `${serviceDisplayName(instance)}${instance.instanceLabel ? ` · ${instance.instanceLabel}` : ''}`;
    return { stream, series, instanceName };
  }

  private onStoreChange(change: StoreChange): void {
    const relevant =
      change.cleared || change.removed.includes(this.target.instanceKey) || change.updated.get(this.target.instanceKey)?.has('metrics') === true;
    if (!relevant) return;
    if (!this.panel.visible) {
      this.dirty = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.post();
      },
      Math.max(0, this.lastRefresh + REFRESH_MS - Date.now()),
    );
  }

  private post(): void {
    this.dirty = false;
    this.lastRefresh = Date.now();
    if (this.mode === undefined) return; // the webview has not said hello yet
    const found = this.find();
    if (found) {
      const view = metricView(
        {
          name: found.stream.name,
          description: found.stream.description,
          unit: found.stream.unit,
          kind: found.stream.kind,
          temporality: found.stream.temporality,
          monotonic: found.stream.monotonic,
        },
        found.series.points.toArray(),
        this.mode,
      );
      this.last = {
        view,
        name: seriesName(found.stream.name, found.series.attributes),
        instance: found.instanceName,
        attributes: keyValues(found.series.attributes),
      };
    }
    if (!this.last) {
      void this.panel.webview.postMessage({ type: 'view', view: null, gone: true });
      return;
    }
    this.updates++;
    void this.panel.webview.postMessage({
      type: 'view',
      view: this.last.view,
      series: this.last.name,
      attributes: this.last.attributes,
      instance: this.last.instance,
      gone: !found,
      updated: found ? formatAge(found.series.lastUpdatedMs) : '',
    });
  }

  private onMessage(m: unknown): void {
    if (!m || typeof m !== 'object') return;
    const msg = m as Record<string, unknown>;
    switch (msg.type) {
      case 'hello':
      case 'mode':
        // A monotonic counter reads best as a rate; the webview remembers the user's choice.
        this.mode = msg.mode === 'value' || msg.mode === 'rate' ? msg.mode : 'rate';
        this.post();
        break;
      case 'cspViolation':
        this.cspViolations.push(`${String(msg.directive)}: ${String(msg.blocked)}`);
        break;
      case 'ready':
        if (!this.ready) {
          this.ready = {
            rows: Number(msg.points) || 0,
            rendered: Number(msg.rendered) || 0,
            openToReadyMs: performance.now() - this.openedAt,
            renderMs: Number(msg.renderMs) || 0,
          };
        }
        break;
    }
  }
}

function shorten(title: string): string {
  return title.length > 60 ? `${title.slice(0, 59)}…` : title;
}
