/**
 * The metric chart: one webview panel per Series, redrawn when the store reports new metrics for its instance (at
 * most once a second, and only while it is visible). The numbers are prepared where the points live
 * (core/views/metricView, in the engine); the webview draws them.
 * The messages both ways are MetricToHost and MetricToWebview (webview/shared/messages).
 */
import * as vscode from 'vscode';
import type { MetricPanelModel, SeriesTarget, StoreChange } from '../../core/api/engineApi';
import { formatAge } from '../../core/format/format';
import type { MetricMode } from '../../core/views/metricView';
import type { CommonToHost, MetricToHost, MetricToWebview } from '../../webview/shared/messages';
import { LivePanel, type PanelHost } from './livePanel';

export type { SeriesTarget };

export const METRIC_VIEW_TYPE = 'telemetryInspector.metric';

export function metricKey(t: SeriesTarget): string {
  return `metric:${JSON.stringify(t.capture !== undefined ? [t.instanceKey, t.streamKey, t.seriesKey, t.capture] : [t.instanceKey, t.streamKey, t.seriesKey])}`;
}

export class MetricPanel extends LivePanel<MetricToHost, MetricToWebview> {
  private mode: MetricMode | undefined;
  private last: MetricPanelModel | undefined;

  /** `name` is the series' name{attributes}, for the title (undefined when it is no longer kept). */
  constructor(
    host: PanelHost,
    readonly target: SeriesTarget,
    name: string | undefined,
    restored?: vscode.WebviewPanel,
  ) {
    super(host, metricKey(target), METRIC_VIEW_TYPE, 'metric', name ? `Chart: ${name}` : 'Chart', { instanceKey: target.instanceKey, streamKey: target.streamKey, seriesKey: target.seriesKey }, restored);
  }

  protected concerns(change: StoreChange): boolean {
    const key = this.target.instanceKey;
    if (this.target.capture !== undefined) return false; // a capture never changes; live data's events are not about it
    return change.cleared || change.removed.includes(key) || change.updated.get(key)?.has('metrics') === true;
  }

  protected refresh(): Promise<void> {
    return this.postView();
  }

  private async postView(): Promise<void> {
    const mode = this.mode;
    if (mode === undefined) return; // the webview has not said hello yet
    const found = await this.host.engine.metricPanel(this.target, mode);
    if (found) this.last = found;
    this.generation++;
    if (!this.last) {
      void this.post({ type: 'view', generation: this.generation, view: null, series: '', attributes: [], instance: '', gone: true, updated: '' });
      return;
    }
    this.updates++;
    void this.post({
      type: 'view',
      generation: this.generation,
      view: this.last.view,
      series: this.last.name,
      attributes: this.last.attributes,
      instance: this.last.instance,
      gone: !found,
      updated: found ? formatAge(found.lastUpdatedMs) : '',
    });
  }

  protected async onMessage(msg: Exclude<MetricToHost, CommonToHost>): Promise<void> {
    switch (msg.type) {
      case 'hello':
      case 'mode':
        // A monotonic counter reads best as a rate; the webview remembers the user's choice.
        this.mode = msg.mode === 'value' ? 'value' : 'rate';
        await this.postView();
        break;
      case 'openExemplar':
        void vscode.commands.executeCommand('telemetryInspector.openExemplarTrace', { traceId: msg.traceId, spanId: msg.spanId });
        break;
    }
  }
}
