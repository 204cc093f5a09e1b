/**
 * The Instances view: service → instance → Traces / Metrics / Logs → items, read from the store. It stands on
 * the same redraw base as the other views: the store's change events name the instances whose data changed,
 * and only their rows (and the rows above them) are looked at, so a burst of data redraws just the signal rows
 * that got it; node objects and ids stay the same across redraws, so VS Code keeps what is expanded and selected.
 */
import type * as vscode from 'vscode';
import type { StoreChange } from '../../../core/store/change';
import { serviceDisplayName } from '../../../core/store/identity';
import type { Instance } from '../../../core/store/instance';
import type { MetricStream } from '../../../core/store/metricStream';
import type { TelemetryStore } from '../../../core/store/store';
import { SIGNALS } from '../../../core/model/records';
import { hintItem, hintTooltip } from './hintItem';
import type { Node, SignalNode } from './instanceNodes';
import { nodeId } from '../shared/nodeId';
import { RedrawingTreeProvider } from '../shared/redrawingTreeProvider';
import type { ReceiverHint } from '../../receiver/receiverHints';
import * as items from './instanceItems';

/** Longest list drawn under one element; the newest come first and the rest is summed up in one row. */
export const MAX_CHILDREN = 100;
/** Redraws reach the tree at most this often, however fast data arrives. */
const REFRESH_INTERVAL_MS = 500;
/** Ages ("12s ago") and live/quiet marks are redrawn this often while the view is visible. */
const AGE_TICK_MS = 10_000;

export class InstancesTreeProvider extends RedrawingTreeProvider<Node> {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: TelemetryStore,
    now: () => number = Date.now,
    /** Receiver hints, drawn as warning rows above the services. */
    private readonly hints: () => ReceiverHint[] = () => [],
  ) {
    super(now, REFRESH_INTERVAL_MS, AGE_TICK_MS);
    this.unsubscribe = store.onChange((change) => this.onStoreChange(change));
  }

  /** The instance a node belongs to (undefined for services, "more" rows and evicted data). */
  instanceOf(node: Node): Instance | undefined {
    return 'instanceKey' in node ? this.store.instances.get(node.instanceKey) : undefined;
  }

  streamOf(node: Node): MetricStream | undefined {
    return node.kind === 'stream' || node.kind === 'series' ? this.instanceOf(node)?.metricStreams.get(node.streamKey) : undefined;
  }

  override dispose(): void {
    this.unsubscribe();
    super.dispose();
  }

  // --- drawing ---------------------------------------------------------------------------------------

  protected draw(node: Node, now: number): vscode.TreeItem {
    if (node.kind === 'service') {
      const instances = this.instancesOf(node.service);
      return items.serviceItem(node, node.service, instances, this.liveCount(instances, now));
    }
    if (node.kind === 'hint') {
      const hint = this.hints().find((h) => h.key === node.hintKey);
      return hint ? hintItem(node.id, hint, now) : items.goneItem(node);
    }
    if (node.kind === 'more') {
      const what = node.parent?.kind === 'signal' ? node.parent.signal : 'series';
      return items.moreItem(node, node.hidden, what === 'logs' ? 'log records' : what);
    }
    const instance = this.instanceOf(node);
    if (!instance) return items.goneItem(node);
    switch (node.kind) {
      case 'instance':
        return items.instanceItem(node, instance, this.store.livenessOf(instance, now), now);
      case 'signal':
        return items.signalItem(node, instance, node.signal, now);
      case 'stream': {
        const stream = instance.metricStreams.get(node.streamKey);
        return stream ? items.streamItem(node, stream, now) : items.goneItem(node);
      }
      case 'series': {
        const stream = instance.metricStreams.get(node.streamKey);
        const series = stream?.series.get(node.seriesKey);
        return stream && series ? items.seriesItem(node, stream, series, now) : items.goneItem(node);
      }
      case 'trace': {
        const trace = instance.traces.get(node.traceId);
        return trace ? items.traceItem(node, trace) : items.goneItem(node);
      }
      case 'log':
        return items.logItem(node, node.record);
    }
  }

  protected tooltip(node: Node, now: number): string | vscode.MarkdownString | undefined {
    if (node.kind === 'service') {
      const instances = this.instancesOf(node.service);
      return items.serviceTooltip(node.service, instances, this.liveCount(instances, now));
    }
    if (node.kind === 'hint') {
      const hint = this.hints().find((h) => h.key === node.hintKey);
      return hint && hintTooltip(hint, now);
    }
    const instance = this.instanceOf(node);
    if (!instance) return undefined;
    switch (node.kind) {
      case 'instance':
        return items.instanceTooltip(instance, this.store.livenessOf(instance, now), now);
      case 'signal':
        return items.signalTooltip(instance, node.signal, now);
      case 'stream': {
        const stream = instance.metricStreams.get(node.streamKey);
        return stream && items.streamTooltip(stream, now);
      }
      case 'series': {
        const stream = instance.metricStreams.get(node.streamKey);
        const series = stream?.series.get(node.seriesKey);
        return stream && series && items.seriesTooltip(stream, series, now);
      }
      case 'trace': {
        const trace = instance.traces.get(node.traceId);
        return trace && items.traceTooltip(instance, trace);
      }
      case 'log':
        return items.logTooltip(node.record);
    }
  }

  private liveCount(instances: Instance[], now: number): number {
    return instances.filter((i) => this.store.livenessOf(i, now).live).length;
  }

  // --- children --------------------------------------------------------------------------------------

  protected childrenOf(node: Node | undefined): Node[] {
    if (!node) {
      const services = new Set<string>();
      for (const i of this.store.instances.values()) services.add(serviceDisplayName(i));
      return [
        ...this.hints().map((h): Node => ({ kind: 'hint', id: nodeId('hint', h.key), parent: undefined, hintKey: h.key })),
        ...[...services].sort((a, b) => a.localeCompare(b)).map((service): Node => ({ kind: 'service', id: nodeId('service', service), parent: undefined, service })),
      ];
    }
    switch (node.kind) {
      case 'service':
        return this.instancesOf(node.service)
          .sort((a, b) => a.instanceLabel.localeCompare(b.instanceLabel, undefined, { numeric: true }))
          .map((i): Node => ({ kind: 'instance', id: nodeId('instance', i.key), parent: node, instanceKey: i.key }));
      case 'instance':
        return SIGNALS.map((signal): Node => ({ kind: 'signal', id: nodeId('signal', node.instanceKey, signal), parent: node, instanceKey: node.instanceKey, signal }));
      case 'signal':
        return this.signalChildren(node);
      case 'stream': {
        const stream = this.streamOf(node);
        if (!stream) return [];
        const all = [...stream.series.values()].sort((a, b) => a.key.localeCompare(b.key));
        return this.capped(node, all, (s) => ({ kind: 'series', id: nodeId('series', node.instanceKey, node.streamKey, s.key), parent: node, instanceKey: node.instanceKey, streamKey: node.streamKey, seriesKey: s.key }));
      }
      default:
        return [];
    }
  }

  private signalChildren(node: SignalNode): Node[] {
    const instance = this.instanceOf(node);
    if (!instance) return [];
    const key = node.instanceKey;
    if (node.signal === 'metrics') {
      const streams = [...instance.metricStreams.values()].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
      return streams.map((s): Node => ({ kind: 'stream', id: nodeId('stream', key, s.key), parent: node, instanceKey: key, streamKey: s.key }));
    }
    if (node.signal === 'traces') {
      const traces = [...instance.traces.values()].sort((a, b) => b.startTimeUnixNano - a.startTimeUnixNano || b.lastSeenMs - a.lastSeenMs);
      return this.capped(node, traces, (t) => ({ kind: 'trace', id: nodeId('trace', key, t.traceId), parent: node, instanceKey: key, traceId: t.traceId }));
    }
    const logs = instance.logs;
    const newest = [];
    for (let i = logs.length - 1; i >= 0 && newest.length < MAX_CHILDREN; i--) newest.push(logs.at(i)!);
    const shown = newest.map((record): Node => ({ kind: 'log', id: nodeId('log', key, logSerial(record)), parent: node, instanceKey: key, record }));
    return logs.length > MAX_CHILDREN ? [...shown, { kind: 'more', id: nodeId('more', node.id), parent: node, hidden: logs.length - MAX_CHILDREN }] : shown;
  }

  private capped<T>(parent: Node, all: T[], make: (t: T) => Node): Node[] {
    const shown = all.slice(0, MAX_CHILDREN).map(make);
    if (all.length <= MAX_CHILDREN) return shown;
    return [...shown, { kind: 'more', id: nodeId('more', parent.id), parent, hidden: all.length - MAX_CHILDREN }];
  }

  private instancesOf(service: string): Instance[] {
    return [...this.store.instances.values()].filter((i) => serviceDisplayName(i) === service);
  }

  // --- redrawing -------------------------------------------------------------------------------------

  /** Looks only at the rows of the instances the store names, and the rows above them. */
  private onStoreChange(change: StoreChange): void {
    if (change.topics.has('receiver')) this.schedule((n) => n.kind === 'hint');
    if (change.cleared) return this.schedule('reset');
    if (!change.topics.has('instances')) return;
    const keys = new Set([...change.added, ...change.removed, ...change.updated.keys()]);
    // New caps can touch everything without naming it.
    if (keys.size === 0) return this.schedule();
    // An instance that came or went changes its service's list, whether or not its own rows were drawn.
    const membership = change.added.length > 0 || change.removed.length > 0;
    this.schedule((n) => ('instanceKey' in n && keys.has(n.instanceKey)) || (membership && n.kind === 'service'));
  }
}

/** Log records carry no id; each gets a number the first time it is drawn, for a stable tree id. */
const logSerials = new WeakMap<object, number>();
let nextLogSerial = 1;
function logSerial(record: object): number {
  let n = logSerials.get(record);
  if (n === undefined) logSerials.set(record, (n = nextLogSerial++));
  return n;
}
