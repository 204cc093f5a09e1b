/**
 * The metric chart: one webview panel per Series, redrawn from its ring buffer when the store reports new
 * metrics for its instance (at most once a second, and only while it is visible). The numbers are prepared in
 * core/views/metricView; the webview draws them.
 * The messages both ways are MetricToHost and MetricToWebview (webview/shared/messages).
 */
import * as vscode from 'vscode';
import { formatAge } from '../../core/format/format';
import { serviceDisplayName } from '../../core/store/identity';
import type { StoreChange } from '../../core/store/change';
import type { MetricStream } from '../../core/store/metricStream';
import type { Series } from '../../core/store/series';
import { metricView, type MetricMode, type MetricView } from '../../core/views/metricView';
import { keyValues, type KeyValue } from '../../core/views/spanDetails';
import { seriesName } from '../../core/format/seriesName';
import type { CommonToHost, MetricToHost, MetricToWebview } from '../../webview/shared/messages';
import { LivePanel, type PanelHost } from './livePanel';

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

export class MetricPanel extends LivePanel<MetricToHost, MetricToWebview> {
  private mode: MetricMode | undefined;
  private last: { view: MetricView; name: string; instance: string; attributes: KeyValue[] } | undefined;

  constructor(
    host: PanelHost,
    readonly target: SeriesTarget,
  ) {
    const found = findSeries(host, target);
    super(host, metricKey(target), METRIC_VIEW_TYPE, 'metric', found ? `Chart: ${seriesName(found.stream.name, found.series.attributes)}` : 'Chart');
  }

  protected concerns(change: StoreChange): boolean {
    const key = this.target.instanceKey;
    return change.cleared || change.removed.includes(key) || change.updated.get(key)?.has('metrics') === true;
  }

  protected refresh(): void {
    this.postView();
  }

  private postView(): void {
    if (this.mode === undefined) return; // the webview has not said hello yet
    const found = findSeries(this.host, this.target);
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
        undefined,
        // Exemplars (issue 15): a dot whose trace is held opens it.
        { isHeld: (traceId) => this.host.engine.store.findTrace(traceId).length > 0 },
      );
      this.last = {
        view,
        name: seriesName(found.stream.name, found.series.attributes),
        instance: found.instanceName,
        attributes: keyValues(found.series.attributes),
      };
    }
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
      updated: found ? formatAge(found.series.lastUpdatedMs) : '',
    });
  }

  protected onMessage(msg: Exclude<MetricToHost, CommonToHost>): void {
    switch (msg.type) {
      case 'hello':
      case 'mode':
        // A monotonic counter reads best as a rate; the webview remembers the user's choice.
        this.mode = msg.mode === 'value' ? 'value' : 'rate';
        this.postView();
        break;
      case 'openExemplar':
        void vscode.commands.executeCommand('telemetryInspector.openExemplarTrace', { traceId: msg.traceId, spanId: msg.spanId });
        break;
    }
  }
}

/** The Series a panel shows, with its stream and a name for its instance; undefined once evicted or cleared. */
function findSeries(host: PanelHost, target: SeriesTarget): { stream: MetricStream; series: Series; instanceName: string } | undefined {
  const instance = host.engine.store.instances.get(target.instanceKey);
  const stream = instance?.metricStreams.get(target.streamKey);
  const series = stream?.series.get(target.seriesKey);
  if (!instance || !stream || !series) return undefined;
  const instanceName = `${serviceDisplayName(instance)}${instance.instanceLabel ? ` · ${instance.instanceLabel}` : ''}`;
  return { stream, series, instanceName };
}
