/**
 * The Instances view: service → instance → Traces / Metrics / Logs → items, read from the store.
 * It follows the store's change events and refreshes only the elements that changed (the instance row when
 * its own text changed, else just the signal rows that got data); node objects and ids stay the same across
 * refreshes, so VS Code keeps what is expanded and selected.
 */
import * as vscode from 'vscode';
import type { StoreChange } from '../../../core/store/change';
import { serviceDisplayName } from '../../../core/store/identity';
import type { Instance } from '../../../core/store/instance';
import type { MetricStream } from '../../../core/store/metricStream';
import type { TelemetryStore } from '../../../core/store/store';
import { SIGNALS } from '../../../core/model/records';
import { hintItem } from './hintItem';
import type { InstanceNode, Node, ServiceNode, SignalNode } from './instanceNodes';
import { nodeId } from '../shared/nodeId';
import type { ReceiverHint } from '../../receiver/receiverHints';
import * as items from './instanceItems';

/** Longest list drawn under one element; the newest come first and the rest is summed up in one row. */
export const MAX_CHILDREN = 100;
/** Refreshes reach the tree at most this often, however fast data arrives. */
const REFRESH_INTERVAL_MS = 500;
/** Ages ("12s ago") and live/quiet marks are redrawn this often while the view is visible. */
const AGE_TICK_MS = 10_000;

export class InstancesTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | Node[] | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;

  /** Every node handed to VS Code, by id: firing a change needs the very object it was given. */
  private readonly nodes = new Map<string, Node>();
  /** Child ids per parent id (root: ''), to drop the nodes of data that went away. */
  private readonly childIds = new Map<string, string[]>();
  /** What each drawn instance or signal row last said, to skip refreshes that would draw the same. */
  private readonly drawn = new Map<string, string>();
  private pending: StoreChange | undefined;
  /** The receivers reported something: their hints may have changed. */
  private hintsPending = false;
  /** The hint keys drawn at the root, to tell a new hint (root redrawn) from a count going up (its row redrawn). */
  private drawnHintKeys = '';
  private timer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  /** Refreshes fired so far (tests read it). */
  refreshes = 0;

  constructor(
    private readonly store: TelemetryStore,
    private readonly now: () => number = Date.now,
    /** Receiver hints, drawn as warning rows above the services. */
    private readonly hints: () => ReceiverHint[] = () => [],
  ) {
    this.unsubscribe = store.onChange((change) => this.onStoreChange(change));
  }

  /** Ages are redrawn only while someone can see them. */
  setVisible(visible: boolean): void {
    if (visible && !this.ageTimer) {
      this.ageTimer = setInterval(() => this.redrawAges(), AGE_TICK_MS);
      this.ageTimer.unref?.();
    } else if (!visible && this.ageTimer) {
      clearInterval(this.ageTimer);
      this.ageTimer = undefined;
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const now = this.now();
    const t = this.draw(node, now);
    if (node.kind === 'instance' || node.kind === 'signal' || node.kind === 'hint') this.drawn.set(node.id, signature(t));
    return t;
  }

  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  getChildren(node?: Node): Node[] {
    const children = this.childrenOf(node);
    this.remember(node?.id ?? '', children);
    return children;
  }

  /** The instance a node belongs to (undefined for services, "more" rows and evicted data). */
  instanceOf(node: Node): Instance | undefined {
    return 'instanceKey' in node ? this.store.instances.get(node.instanceKey) : undefined;
  }

  streamOf(node: Node): MetricStream | undefined {
    return node.kind === 'stream' || node.kind === 'series' ? this.instanceOf(node)?.metricStreams.get(node.streamKey) : undefined;
  }

  dispose(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.setVisible(false);
    this.changed.dispose();
  }

  // --- drawing ---------------------------------------------------------------------------------------

  private draw(node: Node, now: number): vscode.TreeItem {
    if (node.kind === 'service') return items.serviceItem(node, node.service, this.instancesOf(node.service), now);
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
        return items.instanceItem(node, instance, now);
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
        return trace ? items.traceItem(node, instance, trace) : items.goneItem(node);
      }
      case 'log':
        return items.logItem(node, node.record);
    }
  }

  // --- children --------------------------------------------------------------------------------------

  private childrenOf(node: Node | undefined): Node[] {
    if (!node) {
      const services = new Set<string>();
      for (const i of this.store.instances.values()) services.add(serviceDisplayName(i));
      const hints = this.hints();
      this.drawnHintKeys = hintKeys(hints);
      return [
        ...hints.map((h) => this.node({ kind: 'hint', id: nodeId('hint', h.key), parent: undefined, hintKey: h.key })),
        ...[...services].sort((a, b) => a.localeCompare(b)).map((service) => this.node({ kind: 'service', id: nodeId('service', service), parent: undefined, service })),
      ];
    }
    switch (node.kind) {
      case 'service':
        return this.instancesOf(node.service)
          .sort((a, b) => a.instanceLabel.localeCompare(b.instanceLabel, undefined, { numeric: true }))
          .map((i) => this.node({ kind: 'instance', id: nodeId('instance', i.key), parent: node, instanceKey: i.key }));
      case 'instance':
        return SIGNALS.map((signal) => this.node({ kind: 'signal', id: nodeId('signal', node.instanceKey, signal), parent: node, instanceKey: node.instanceKey, signal }));
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
      return streams.map((s) => this.node({ kind: 'stream', id: nodeId('stream', key, s.key), parent: node, instanceKey: key, streamKey: s.key }));
    }
    if (node.signal === 'traces') {
      const traces = [...instance.traces.values()].sort((a, b) => b.startTimeUnixNano - a.startTimeUnixNano || b.lastSeenMs - a.lastSeenMs);
      return this.capped(node, traces, (t) => ({ kind: 'trace', id: nodeId('trace', key, t.traceId), parent: node, instanceKey: key, traceId: t.traceId }));
    }
    const logs = instance.logs;
    const newest = [];
    for (let i = logs.length - 1; i >= 0 && newest.length < MAX_CHILDREN; i--) newest.push(logs.at(i)!);
    const shown = newest.map((record) => this.node({ kind: 'log', id: nodeId('log', key, logSerial(record)), parent: node, instanceKey: key, record }));
    return logs.length > MAX_CHILDREN ? [...shown, this.node({ kind: 'more', id: nodeId('more', node.id), parent: node, hidden: logs.length - MAX_CHILDREN })] : shown;
  }

  private capped<T>(parent: Node, all: T[], make: (t: T) => Node): Node[] {
    const shown = all.slice(0, MAX_CHILDREN).map((t) => this.node(make(t)));
    if (all.length <= MAX_CHILDREN) return shown;
    return [...shown, this.node({ kind: 'more', id: nodeId('more', parent.id), parent, hidden: all.length - MAX_CHILDREN })];
  }

  private instancesOf(service: string): Instance[] {
    return [...this.store.instances.values()].filter((i) => serviceDisplayName(i) === service);
  }

  /** The cached node with this id, or this one. A "more" row is replaced: its count is part of it. */
  private node(fresh: Node): Node {
    const known = this.nodes.get(fresh.id);
    if (known && known.kind !== 'more') return known;
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }

  /** Records a parent's new children and forgets the nodes (and their subtrees) no longer among them. */
  private remember(parentId: string, children: Node[]): void {
    const now = new Set(children.map((c) => c.id));
    for (const old of this.childIds.get(parentId) ?? []) if (!now.has(old)) this.forget(old);
    this.childIds.set(parentId, [...now]);
  }

  private forget(id: string): void {
    this.nodes.delete(id);
    this.drawn.delete(id);
    for (const child of this.childIds.get(id) ?? []) this.forget(child);
    this.childIds.delete(id);
  }

  // --- refreshing ------------------------------------------------------------------------------------

  private onStoreChange(change: StoreChange): void {
    if (change.topics.has('receiver')) this.hintsPending = true;
    if (!change.topics.has('instances') && !change.cleared && !this.hintsPending) return;
    if (change.topics.has('instances') || change.cleared) this.pending = this.pending ? merge(this.pending, change) : change;
    this.timer ??= setTimeout(() => this.flush(), REFRESH_INTERVAL_MS);
  }

  /** A new or gone hint changes the root's list (undefined); a count or age only its own row. */
  private hintRefresh(now: number): Node[] | undefined {
    if (hintKeys(this.hints()) !== this.drawnHintKeys) return undefined;
    return [...this.nodes.values()].filter((n) => n.kind === 'hint' && this.changedSince(n, now));
  }

  /** Fires what changed since the last refresh (tests call it to skip the wait). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const change = this.pending;
    this.pending = undefined;
    const toFire = new Set<Node>();
    if (this.hintsPending) {
      this.hintsPending = false;
      const hintRows = this.hintRefresh(this.now());
      if (!hintRows) return this.fire(undefined);
      for (const n of hintRows) toFire.add(n);
    }
    if (!change) {
      if (toFire.size) this.fire([...toFire]);
      return;
    }
    if (change.cleared) return this.fire(undefined);
    let root = false;
    for (const key of [...change.added, ...change.removed]) {
      const instance = this.store.instances.get(key);
      const known = this.nodes.get(nodeId('instance', key)) as InstanceNode | undefined;
      const service = instance ? serviceDisplayName(instance) : (known?.parent as ServiceNode | undefined)?.service;
      const serviceNode = service === undefined ? undefined : this.nodes.get(nodeId('service', service));
      // A new service, or a service whose last instance went: the root's list changes.
      if (!serviceNode || this.instancesOf(service!).length === 0) root = true;
      else toFire.add(serviceNode);
    }
    if (root) return this.fire(undefined);
    const now = this.now();
    for (const [key, signals] of change.updated) {
      if (!this.store.instances.has(key)) continue;
      const instanceNode = this.nodes.get(nodeId('instance', key));
      if (!instanceNode) continue; // not drawn: nothing to update
      if (this.changedSince(instanceNode, now)) {
        toFire.add(instanceNode); // its subtree, signal rows included, is redrawn with it
        continue;
      }
      for (const signal of signals) {
        const signalNode = this.nodes.get(nodeId('signal', key, signal));
        if (signalNode) toFire.add(signalNode);
      }
    }
    if (toFire.size) this.fire([...toFire]);
  }

  private redrawAges(): void {
    const now = this.now();
    const toFire: Node[] = [];
    for (const node of this.nodes.values()) {
      if (node.kind !== 'instance' && node.kind !== 'signal' && node.kind !== 'hint') continue;
      if (node.kind === 'signal' && node.parent && toFire.includes(node.parent)) continue;
      if (this.changedSince(node, now)) toFire.push(node);
    }
    if (toFire.length) this.fire(toFire);
  }

  private changedSince(node: Node, now: number): boolean {
    const before = this.drawn.get(node.id);
    return before !== undefined && before !== signature(this.draw(node, now));
  }

  private fire(nodes: Node[] | undefined): void {
    this.refreshes++;
    if (!nodes) {
      this.nodes.clear();
      this.childIds.clear();
      this.drawn.clear();
    }
    this.changed.fire(nodes);
  }
}

function hintKeys(hints: ReceiverHint[]): string {
  return hints.map((h) => h.key).sort().join('\n');
}

/** What a row shows; two draws with the same signature look the same. */
function signature(t: vscode.TreeItem): string {
  const icon = t.iconPath instanceof vscode.ThemeIcon ? `${t.iconPath.id}/${t.iconPath.color?.id ?? ''}` : '';
  return `${typeof t.label === 'string' ? t.label : t.label?.label}\u0000${t.description}\u0000${icon}\u0000${t.collapsibleState}`;
}

function merge(a: StoreChange, b: StoreChange): StoreChange {
  if (b.cleared) return b;
  const updated = new Map(a.updated);
  for (const [key, signals] of b.updated) updated.set(key, new Set([...(updated.get(key) ?? []), ...signals]));
  for (const key of b.removed) updated.delete(key);
  return {
    cleared: a.cleared,
    added: [...a.added, ...b.added],
    removed: [...a.removed, ...b.removed],
    updated,
    topics: new Set([...a.topics, ...b.topics]),
  };
}

/** Log records carry no id; each gets a number the first time it is drawn, for a stable tree id. */
const logSerials = new WeakMap<object, number>();
let nextLogSerial = 1;
function logSerial(record: object): number {
  let n = logSerials.get(record);
  if (n === undefined) logSerials.set(record, (n = nextLogSerial++));
  return n;
}
