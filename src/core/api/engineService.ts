/**
 * The engine's side of EngineApi: wraps one Engine and answers every call with plain data, pushes the status
 * (only the sections that changed) and the coalesced store changes as events. The in-process client calls it
 * directly; in a worker thread or child process, engineHost.ts feeds it the messages.
 */
import { Engine, RECEIVER_KINDS, type EngineConfig, type EngineOptions, type ReceiverKind, type StartReport } from '../engine';
import type { PrometheusOptions } from '../export/options';
import type { UpstreamConfig } from '../forward/upstream';
import { seriesName } from '../format/seriesName';
import { summarizePoint } from '../format/pointSummary';
import type { SpanRecord } from '../model/records';
import { ListenError } from '../otlp/listenError';
import type { PushGroup } from '../pushgateway/pushGroup';
import type { QueryApiOptions } from '../query/queryApiOptions';
import type { ChangeTopic, StoreChange } from '../store/change';
import { serviceDisplayName } from '../store/identity';
import type { Instance } from '../store/instance';
import type { LivenessRule } from '../store/liveness';
import { metricView, type MetricMode } from '../views/metricView';
import { keyValues } from '../views/spanDetails';
import { spanSource } from '../views/spanSource';
import { InstancesTreeModel } from '../views/tree/instancesTree';
import { PushgatewayTreeModel } from '../views/tree/pushgatewayTree';
import { receiverHints } from '../views/tree/receiverHints';
import { ScrapeTreeModel } from '../views/tree/scrapeTree';
import { CapturesTreeModel } from '../views/tree/capturesTree';
import type { TelemetryStore } from '../store/store';
import type { CaptureFilter } from '../capture/captureFilter';
import type { NodeData, TreeModel } from '../views/tree/treeRow';
import type {
  CaptureSummary,
  EngineApi,
  EngineStatus,
  ExportRequest,
  ExportScope,
  ExportSummary,
  InstanceDetails,
  InstanceSummary,
  ListenErrorData,
  MetricPanelModel,
  RowsAnswer,
  RowsRequest,
  SeriesSummary,
  SeriesTarget,
  SpanRef,
  StartReportData,
  StatusSection,
  TraceSummary,
  TraceTarget,
  TraceViewAnswer,
  TreeNodeDataByView,
  TreeViewId,
} from './engineApi';
import * as find from './findQueries';
import type { TraceRef } from './findQueries';
import type { SearchForm } from '../views/traceSearchView';
import { TraceSessions } from './traceSessions';
import { changeData, listenErrorData, receiverChangeData, type ChangeData } from './wire';

/** The calls a client makes; each answers with plain data. */
export type EngineCalls = Omit<EngineApi, 'where' | 'status' | 'restarts' | 'up' | 'onStatus' | 'onChange' | 'onLifecycle' | 'crash'>;
export type CallName = keyof EngineCalls;

const CALL_NAMES: readonly CallName[] = [
  'start', 'startReceivers', 'stopReceivers', 'startSources', 'startExposition', 'configure', 'configurePrometheus', 'configureForward', 'configureQueryApi',
  'whenIdle', 'stop', 'dispose', 'treeRows', 'instances', 'instance', 'leftBehind', 'findTrace', 'latestTraceId', 'traceView',
  'traceSpanDetails', 'traceFilter', 'traceSpanRef', 'closeTraceView', 'spanSource', 'seriesList', 'resolveSeries', 'metricPanel',
  'snapshot', 'searchTraces', 'traceSignature', 'diffView', 'traceInfo', 'baselineFor', 'comparePicks', 'logTraceRef', 'isTraceHeld',
  'clear', 'pollPushgateway', 'deletePushGroups', 'scrapeNow', 'setLivenessRule', 'flushChanges', 'markChanged',
  'captures', 'captureSnapshot', 'restorePersisted', 'exportCapture', 'openCapture', 'closeCapture',
];

/** Calls after which the status is sent before the answer, so the caller's mirror is current when its promise resolves. */
const READ_ONLY: ReadonlySet<CallName> = new Set<CallName>([
  'treeRows', 'instances', 'instance', 'leftBehind', 'findTrace', 'latestTraceId', 'traceView', 'traceSpanDetails', 'traceFilter', 'traceSpanRef',
  'spanSource', 'seriesList', 'resolveSeries', 'metricPanel', 'snapshot',
  'searchTraces', 'traceSignature', 'diffView', 'traceInfo', 'baselineFor', 'comparePicks', 'logTraceRef', 'isTraceHeld',
  'captures', 'captureSnapshot',
]);

/** How often the status is looked at when nothing announced a change. */
const STATUS_TICK_MS = 1_000;

export type ServiceEvent = { type: 'status'; sections: Partial<EngineStatus> } | { type: 'change'; change: ChangeData };

function summaryOf(i: Instance): InstanceSummary {
  return { key: i.key, service: serviceDisplayName(i), instanceLabel: i.instanceLabel, serviceName: i.serviceName, serviceNamespace: i.serviceNamespace };
}

export class EngineService implements EngineCalls {
  readonly engine: Engine;
  private readonly models: { [V in TreeViewId]: TreeModel<NodeData> };
  private readonly sessions: TraceSessions;
  /** What each section looked like when last sent (JSON, or the object for the big ones). */
  private readonly sent = new Map<StatusSection, unknown>();
  private readonly offs: (() => void)[] = [];

  constructor(
    options: EngineOptions | Engine,
    private readonly emit: (event: ServiceEvent) => void,
  ) {
    this.engine = options instanceof Engine ? options : new Engine(options);
    const engine = this.engine;
    this.models = {
      instances: new InstancesTreeModel(engine.store, () => receiverHints(engine)) as TreeModel<NodeData>,
      pushgateway: new PushgatewayTreeModel(() => engine.pushgateway.state) as TreeModel<NodeData>,
      scrape: new ScrapeTreeModel(() => ({ targets: engine.scraper.targets, files: engine.scraper.files })) as TreeModel<NodeData>,
      captures: new CapturesTreeModel(engine.captures) as TreeModel<NodeData>,
    };
    this.sessions = new TraceSessions((capture) => this.storeOf(capture));
    // Some state changes without a store change (a receiver's totals counted after its answer went out, ages of
    // nothing): a slow tick sends whatever changed since.
    const tick = setInterval(() => this.sendStatus(), STATUS_TICK_MS);
    tick.unref?.();
    this.offs.push(
      () => clearInterval(tick),
      engine.store.onChange((change) => this.onStoreChange(change)),
      engine.http.onState(() => this.sendStatus()),
      engine.grpc.onState(() => this.sendStatus()),
    );
  }

  /** Runs a call by name (the worker's dispatcher); the status goes out before the answer. */
  async call(name: CallName, args: unknown[]): Promise<unknown> {
    if (!CALL_NAMES.includes(name)) throw new Error(`no such engine call: ${String(name)}`);
    try {
      return await (this[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      if (!READ_ONLY.has(name)) this.sendStatus();
    }
  }

  /** The whole status now (a new client starts from it). */
  fullStatus(): EngineStatus {
    const status = this.computeStatus();
    for (const [k, v] of Object.entries(status)) this.sent.set(k as StatusSection, this.fingerprint(k as StatusSection, v));
    return status;
  }

  /** Sends the sections that changed since they were last sent. */
  sendStatus(): void {
    const status = this.computeStatus();
    const changed: Partial<EngineStatus> = {};
    let any = false;
    for (const [k, v] of Object.entries(status) as [StatusSection, unknown][]) {
      const print = this.fingerprint(k, v);
      if (samePrint(this.sent.get(k), print)) continue;
      this.sent.set(k, print);
      (changed as Record<string, unknown>)[k] = v;
      any = true;
    }
    if (any) this.emit({ type: 'status', sections: changed });
  }

  // --- lifecycle and configuration --------------------------------------------------------------------

  async start(): Promise<StartReportData> {
    return startReportData(await this.engine.start());
  }

  async startReceivers(rebind?: Partial<Record<ReceiverKind, number>>): Promise<StartReportData> {
    return startReportData(await this.engine.startReceivers(rebind));
  }

  stopReceivers(): Promise<void> {
    return this.engine.stopReceivers();
  }

  startSources(): Promise<void> {
    return this.engine.startSources();
  }

  async startExposition(): Promise<ListenErrorData | undefined> {
    const e = await this.engine.startExposition();
    return e && listenErrorData(e);
  }

  async configure(config: EngineConfig) {
    return (await this.engine.configure(config)).map(receiverChangeData);
  }

  async configurePrometheus(options: Partial<PrometheusOptions>): Promise<ListenErrorData | undefined> {
    try {
      await this.engine.prometheus.configure(options);
      return undefined;
    } catch (e) {
      if (e instanceof ListenError) return listenErrorData(e);
      throw e;
    }
  }

  configureForward(upstreams: UpstreamConfig[]): Promise<void> {
    return this.engine.configureForward(upstreams);
  }

  async configureQueryApi(options: Partial<QueryApiOptions>): Promise<void> {
    this.engine.configureQueryApi(options);
  }

  whenIdle(): Promise<void> {
    return this.engine.whenIdle();
  }

  stop(): Promise<void> {
    return this.engine.stop();
  }

  async dispose(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    await this.engine.dispose();
  }

  // --- queries ------------------------------------------------------------------------------------------

  async treeRows<V extends TreeViewId>(view: V, request: RowsRequest<TreeNodeDataByView[V]>): Promise<RowsAnswer<TreeNodeDataByView[V]>> {
    const model = this.models[view] as TreeModel<TreeNodeDataByView[V]>;
    const now = Date.now();
    const draw = (n: TreeNodeDataByView[V]) => model.row(n, now);
    return {
      lists: (request.lists ?? []).map((parent) => model.children(parent ?? undefined, now).map(draw)),
      rows: (request.rows ?? []).map(draw),
      tooltips: (request.tooltips ?? []).map((n) => model.tooltip(n, now)),
      nowMs: now,
    };
  }

  async instances(): Promise<InstanceSummary[]> {
    return [...this.engine.store.instances.values()].map(summaryOf);
  }

  async instance(key: string): Promise<InstanceDetails | undefined> {
    const i = this.engine.store.instances.get(key);
    return i && { ...summaryOf(i), resource: { ...i.resource } };
  }

  async leftBehind(kind: ReceiverKind, keys: string[]): Promise<InstanceSummary[]> {
    const listener = this.engine.receiver(kind);
    const out: InstanceSummary[] = [];
    for (const key of keys) {
      const i = this.engine.store.instances.get(key);
      if (i && !listener.senders.has(key)) out.push(summaryOf(i));
    }
    return out;
  }

  async findTrace(traceId: string, capture?: string): Promise<TraceSummary[]> {
    const store = this.storeOf(capture);
    if (!store) return [];
    return store.findTrace(traceId).map(({ instance, trace }) => ({
      traceId,
      instance: summaryOf(instance),
      rootName: trace.root?.name,
      spanCount: trace.spans.size,
      durationMs: trace.durationMs,
    }));
  }

  async latestTraceId(): Promise<string | undefined> {
    let best: { id: string; seen: number } | undefined;
    for (const instance of this.engine.store.instances.values()) {
      for (const t of instance.traces.values()) if (!best || t.lastSeenMs > best.seen) best = { id: t.traceId, seen: t.lastSeenMs };
    }
    return best?.id;
  }

  async traceView(session: string, target: TraceTarget): Promise<TraceViewAnswer> {
    return this.sessions.view(session, target);
  }

  async traceSpanDetails(session: string, spanId: string) {
    return this.sessions.details(session, spanId);
  }

  async traceFilter(session: string, query: string) {
    return this.sessions.filter(session, query);
  }

  async traceSpanRef(session: string, spanId: string) {
    return this.sessions.spanRef(session, spanId);
  }

  async closeTraceView(session: string): Promise<void> {
    this.sessions.close(session);
  }

  async spanSource(ref: SpanRef) {
    const span = this.findSpan(ref);
    return { found: span !== undefined, source: span && spanSource(span.attributes) };
  }

  async seriesList(): Promise<SeriesSummary[]> {
    const out: SeriesSummary[] = [];
    for (const instance of this.engine.store.instances.values()) {
      for (const stream of instance.metricStreams.values()) {
        for (const series of stream.series.values()) {
          out.push({
            instanceKey: instance.key,
            streamKey: stream.key,
            seriesKey: series.key,
            instance: summaryOf(instance),
            name: seriesName(stream.name, series.attributes),
            latest: summarizePoint(stream.kind, series.latest(), stream.unit),
          });
        }
      }
    }
    return out;
  }

  async resolveSeries(ref: { instanceKey: string; streamKey: string; seriesKey?: string; capture?: string }): Promise<SeriesSummary | undefined> {
    const instance = this.storeOf(ref.capture)?.instances.get(ref.instanceKey);
    const stream = instance?.metricStreams.get(ref.streamKey);
    if (!instance || !stream) return undefined;
    // A stream drawn as one row stands for its only series.
    const series = ref.seriesKey !== undefined ? stream.series.get(ref.seriesKey) : stream.series.size === 1 ? stream.series.values().next().value : undefined;
    if (!series) return undefined;
    return {
      instanceKey: instance.key,
      streamKey: stream.key,
      seriesKey: series.key,
      ...(ref.capture !== undefined ? { capture: ref.capture } : {}),
      instance: summaryOf(instance),
      name: seriesName(stream.name, series.attributes),
      latest: summarizePoint(stream.kind, series.latest(), stream.unit, { name: stream.name, nowMs: Date.now() }),
    };
  }

  async metricPanel(target: SeriesTarget, mode: MetricMode): Promise<MetricPanelModel | undefined> {
    const store = this.storeOf(target.capture);
    const instance = store?.instances.get(target.instanceKey);
    const stream = instance?.metricStreams.get(target.streamKey);
    const series = stream?.series.get(target.seriesKey);
    if (!instance || !stream || !series) return undefined;
    const view = metricView(
      { name: stream.name, description: stream.description, unit: stream.unit, kind: stream.kind, temporality: stream.temporality, monotonic: stream.monotonic },
      series.points.toArray(),
      mode,
      Date.now(),
      // Exemplars: a dot whose trace is held opens it.
      { isHeld: (traceId) => store!.findTrace(traceId).length > 0 },
    );
    return {
      view,
      name: seriesName(stream.name, series.attributes),
      instance: `${serviceDisplayName(instance)}${instance.instanceLabel ? ` · ${instance.instanceLabel}` : ''}`,
      attributes: keyValues(series.attributes),
      lastUpdatedMs: series.lastUpdatedMs,
    };
  }

  async snapshot() {
    return this.engine.snapshot();
  }

  // --- find and compare ---------------------------------------------------------------------------------

  searchTraces(form: SearchForm) {
    return find.runSearch(this.engine, form);
  }

  traceSignature(refs: TraceRef[]) {
    return find.traceSignature(this.engine, refs);
  }

  diffView(baseline: TraceRef, current: TraceRef) {
    return find.diffView(this.engine, baseline, current);
  }

  traceInfo(ref: TraceRef) {
    return find.traceInfo(this.engine, ref);
  }

  baselineFor(current: TraceRef) {
    return find.baselineFor(this.engine, current);
  }

  comparePicks(current: TraceRef) {
    return find.comparePicks(this.engine, current);
  }

  async logTraceRef(arg: unknown) {
    // A log row of the tree names its record by a number the tree model gave it.
    const node = arg as { kind?: unknown; instanceKey?: unknown; logId?: unknown; capture?: unknown } | undefined;
    if (node?.kind === 'log' && typeof node.capture === 'string' && typeof node.instanceKey === 'string' && typeof node.logId === 'number') {
      // A capture's log row: its trace is read from the same capture.
      const record = (this.models.captures as CapturesTreeModel).logRecord(node.capture, node.instanceKey, node.logId);
      if (!record?.traceId) return undefined;
      return { traceId: record.traceId, instanceKey: node.instanceKey, capture: node.capture, ...(record.spanId ? { spanId: record.spanId } : {}) };
    }
    if (node?.kind === 'log' && typeof node.instanceKey === 'string' && typeof node.logId === 'number') {
      const record = (this.models.instances as InstancesTreeModel).logRecord(node.instanceKey, node.logId);
      return find.logTraceRef(this.engine, record && { record, instanceKey: node.instanceKey });
    }
    return find.logTraceRef(this.engine, arg);
  }

  isTraceHeld(traceId: string) {
    return find.isTraceHeld(this.engine, traceId);
  }

  // --- captures -----------------------------------------------------------------------------------------

  async captures(): Promise<CaptureSummary[]> {
    return this.engine.captures.list();
  }

  async captureSnapshot(id: string) {
    return this.engine.captureSnapshot(id);
  }

  restorePersisted() {
    return this.engine.restorePersisted();
  }

  async exportCapture(file: string, request: ExportRequest = {}): Promise<ExportSummary> {
    const s = await this.engine.exportCapture(file, { filter: captureFilter(request.scope), gzip: request.gzip, capture: request.capture });
    // Plain data only (a file export carries its problems as a class).
    return { file: s.file, gzip: s.gzip, lines: s.lines, requests: s.requests, items: s.items, skipped: s.skipped, unreadable: s.unreadable, elapsedMs: s.elapsedMs };
  }

  openCapture(path: string): Promise<CaptureSummary> {
    return this.engine.openCapture(path);
  }

  async closeCapture(id: string): Promise<boolean> {
    return this.engine.closeCapture(id);
  }

  // --- commands -----------------------------------------------------------------------------------------

  async clear(): Promise<void> {
    await this.engine.clearData(); // the store, and what persistence keeps on disk
    // Open trace panels say "cleared" (not "evicted") even when they ask before the change event goes out.
    this.sessions.onStoreChange({ cleared: true, added: [], removed: [], updated: new Map(), topics: new Set() });
  }

  pollPushgateway() {
    return this.engine.pushgateway.pollNow();
  }

  deletePushGroups(groups: PushGroup[]) {
    return this.engine.pushgateway.deleteGroups(groups);
  }

  scrapeNow(targetId?: string): Promise<void> {
    return this.engine.scraper.scrapeNow(targetId);
  }

  async setLivenessRule(rule: Partial<LivenessRule>): Promise<void> {
    this.engine.store.setLivenessRule(rule);
  }

  async flushChanges(): Promise<void> {
    this.engine.store.flushChanges();
  }

  async markChanged(topic: ChangeTopic): Promise<void> {
    this.engine.store.markChanged(topic);
  }

  // --- inside -------------------------------------------------------------------------------------------

  private onStoreChange(change: StoreChange): void {
    this.sessions.onStoreChange(change);
    // The status first: a view that redraws on the change reads the counts of the same moment.
    this.sendStatus();
    this.emit({ type: 'change', change: changeData(change) });
  }

  private computeStatus(): EngineStatus {
    const e = this.engine;
    const store = e.store;
    const listed = e.receiverStates();
    const receiver = (kind: ReceiverKind) => {
      const l = e.receiver(kind);
      return {
        state: l.state,
        config: { ...e.receiverConfig(kind) },
        endpoint: e.endpoint(kind),
        listed: kind in listed,
      };
    };
    const stats = (kind: ReceiverKind) => {
      const st = e.receiver(kind).stats;
      return { requests: st.requests, byStatus: { ...st.byStatus }, lastError: st.lastError && { ...st.lastError } };
    };
    return {
      receivers: { http: receiver('http'), grpc: receiver('grpc') },
      stats: { http: stats('http'), grpc: stats('grpc') },
      receiversWanted: e.receiversWanted,
      hints: receiverHints(e),
      store: {
        instances: store.instances.size,
        live: store.liveInstances().length,
        spans: store.spanCount,
        logRecords: store.logCount,
        counters: structuredClone(store.counters),
        evictions: { ...store.evictions },
        limits: { ...store.storeLimits },
        liveness: { ...store.livenessRule },
        memory: { ...store.memory },
        evictedByCause: { ...store.evictedByCause },
      },
      pushgateway: e.pushgateway.state,
      scrape: { targets: e.scraper.targets.map(({ families: _families, ...t }) => t), files: e.scraper.files },
      forward: e.forwarder.health(),
      lastForwardFlush: e.lastForwardFlush,
      prometheus: { serverAddress: e.prometheus.serverAddress },
      persistence: e.persistenceStatus(),
    };
  }

  /** What tells a section apart from the one sent: the state object itself for the Pushgateway (replaced on change), else its JSON. */
  private fingerprint(section: StatusSection, value: unknown): unknown {
    if (section === 'pushgateway') return value;
    if (section === 'scrape') {
      // Targets are replaced on change; their series stay behind, so identity says it.
      return [...this.engine.scraper.targets, JSON.stringify((value as EngineStatus['scrape']).files)];
    }
    return JSON.stringify(value);
  }

  /** Live data's store, or an opened capture's (undefined once that capture is closed). */
  private storeOf(capture: string | undefined): TelemetryStore | undefined {
    return capture === undefined ? this.engine.store : this.engine.captures.get(capture)?.store;
  }

  private findSpan(ref: SpanRef): SpanRecord | undefined {
    if (!ref || typeof ref.traceId !== 'string') return undefined;
    const store = this.storeOf(typeof ref.capture === 'string' ? ref.capture : undefined);
    if (!store) return undefined;
    const found = store.findTrace(ref.traceId).filter((f) => typeof ref.instanceKey !== 'string' || f.instance.key === ref.instanceKey);
    if (typeof ref.spanId === 'string') {
      for (const { trace } of found) {
        const s = trace.spans.get(ref.spanId);
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
}

/** An export's scope as the capture filter reads it (times in Unix ns). */
function captureFilter(scope: ExportScope | undefined): CaptureFilter | undefined {
  if (!scope) return undefined;
  const ns = (ms: number | undefined) => (ms === undefined ? undefined : BigInt(Math.round(ms)) * 1_000_000n);
  return { instance: scope.instance, traceId: scope.traceId, sinceNs: ns(scope.sinceMs), untilNs: ns(scope.untilMs) };
}

function samePrint(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** A start report as data. */
function startReportData(report: StartReport): StartReportData {
  return { errors: report.errors.map(listenErrorData), failed: mapValues(report.failed, listenErrorData) };
}

function mapValues<K extends string, A, B>(o: Partial<Record<K, A>>, f: (a: A) => B): Partial<Record<K, B>> {
  const out: Partial<Record<K, B>> = {};
  for (const [k, v] of Object.entries(o) as [K, A][]) out[k] = f(v);
  return out;
}

export { RECEIVER_KINDS };
