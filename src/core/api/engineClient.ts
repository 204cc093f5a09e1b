/**
 * What both EngineApi implementations share: the status mirror (replaced section by section as the engine sends
 * them), the listeners, and one method per call, each handed to `call` (a direct call in process, a message to
 * the worker otherwise).
 */
import type { EngineConfig, ReceiverKind } from '../engine';
import type { PrometheusOptions } from '../export/options';
import type { UpstreamConfig } from '../forward/upstream';
import type { PushGroup } from '../pushgateway/pushGroup';
import type { QueryApiOptions } from '../query/queryApiOptions';
import type { ChangeTopic, StoreChange } from '../store/change';
import type { LivenessRule } from '../store/liveness';
import type { MetricMode } from '../views/metricView';
import type { EngineApi, EngineStatus, LifecycleEvent, RowsAnswer, RowsRequest, SeriesTarget, SpanRef, StatusSection, TraceTarget, TreeNodeDataByView, TreeViewId, Unsubscribe } from './engineApi';
import type { CallName, EngineCalls, ServiceEvent } from './engineService';
import type { TraceRef } from './findQueries';
import type { SearchForm } from '../views/traceSearchView';
import { storeChange } from './wire';

type Result<N extends CallName> = ReturnType<EngineCalls[N]>;

export abstract class EngineClient implements EngineApi {
  abstract readonly where: EngineApi['where'];
  protected current: EngineStatus;
  private readonly statusListeners = new Set<(s: EngineStatus, changed: readonly StatusSection[]) => void>();
  private readonly changeListeners = new Set<(c: StoreChange) => void>();
  private readonly lifecycleListeners = new Set<(e: LifecycleEvent) => void>();

  protected constructor(initial: EngineStatus) {
    this.current = initial;
  }

  get status(): EngineStatus {
    return this.current;
  }

  get restarts(): number {
    return 0;
  }

  get up(): boolean {
    return true;
  }

  protected abstract call<N extends CallName>(name: N, args: Parameters<EngineCalls[N]>): Result<N>;

  abstract crash(): Promise<void>;

  onStatus(listener: (s: EngineStatus, changed: readonly StatusSection[]) => void): Unsubscribe {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onChange(listener: (c: StoreChange) => void): Unsubscribe {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onLifecycle(listener: (e: LifecycleEvent) => void): Unsubscribe {
    this.lifecycleListeners.add(listener);
    return () => this.lifecycleListeners.delete(listener);
  }

  /** An event from the engine: a status section or a store change. */
  protected receive(event: ServiceEvent): void {
    if (event.type === 'status') this.replaceStatus(event.sections);
    else {
      const change = storeChange(event.change);
      for (const l of [...this.changeListeners]) safely(() => l(change));
    }
  }

  protected replaceStatus(sections: Partial<EngineStatus>): void {
    this.current = { ...this.current, ...sections };
    const changed = Object.keys(sections) as StatusSection[];
    for (const l of [...this.statusListeners]) safely(() => l(this.current, changed));
  }

  protected announce(event: LifecycleEvent): void {
    for (const l of [...this.lifecycleListeners]) safely(() => l(event));
  }

  start() {
    return this.call('start', []);
  }
  startReceivers(rebind?: Partial<Record<ReceiverKind, number>>) {
    return this.call('startReceivers', [rebind]);
  }
  stopReceivers() {
    return this.call('stopReceivers', []);
  }
  startSources() {
    return this.call('startSources', []);
  }
  startExposition() {
    return this.call('startExposition', []);
  }
  configure(config: EngineConfig) {
    return this.call('configure', [config]);
  }
  configurePrometheus(options: Partial<PrometheusOptions>) {
    return this.call('configurePrometheus', [options]);
  }
  configureForward(upstreams: UpstreamConfig[]) {
    return this.call('configureForward', [upstreams]);
  }
  configureQueryApi(options: Partial<QueryApiOptions>) {
    return this.call('configureQueryApi', [options]);
  }
  whenIdle() {
    return this.call('whenIdle', []);
  }
  stop() {
    return this.call('stop', []);
  }
  dispose() {
    return this.call('dispose', []);
  }
  treeRows<V extends TreeViewId>(view: V, request: RowsRequest<TreeNodeDataByView[V]>): Promise<RowsAnswer<TreeNodeDataByView[V]>> {
    return this.call('treeRows', [view, request] as never) as never;
  }
  instances() {
    return this.call('instances', []);
  }
  instance(key: string) {
    return this.call('instance', [key]);
  }
  leftBehind(kind: ReceiverKind, keys: string[]) {
    return this.call('leftBehind', [kind, keys]);
  }
  findTrace(traceId: string) {
    return this.call('findTrace', [traceId]);
  }
  latestTraceId() {
    return this.call('latestTraceId', []);
  }
  traceView(session: string, target: TraceTarget) {
    return this.call('traceView', [session, target]);
  }
  traceSpanDetails(session: string, spanId: string) {
    return this.call('traceSpanDetails', [session, spanId]);
  }
  traceFilter(session: string, query: string) {
    return this.call('traceFilter', [session, query]);
  }
  traceSpanRef(session: string, spanId: string) {
    return this.call('traceSpanRef', [session, spanId]);
  }
  closeTraceView(session: string) {
    return this.call('closeTraceView', [session]);
  }
  spanSource(ref: SpanRef) {
    return this.call('spanSource', [ref]);
  }
  seriesList() {
    return this.call('seriesList', []);
  }
  resolveSeries(ref: { instanceKey: string; streamKey: string; seriesKey?: string }) {
    return this.call('resolveSeries', [ref]);
  }
  metricPanel(target: SeriesTarget, mode: MetricMode) {
    return this.call('metricPanel', [target, mode]);
  }
  snapshot() {
    return this.call('snapshot', []);
  }

  searchTraces(form: SearchForm) {
    return this.call('searchTraces', [form]);
  }

  traceSignature(refs: TraceRef[]) {
    return this.call('traceSignature', [refs]);
  }

  diffView(baseline: TraceRef, current: TraceRef) {
    return this.call('diffView', [baseline, current]);
  }

  traceInfo(ref: TraceRef) {
    return this.call('traceInfo', [ref]);
  }

  baselineFor(current: TraceRef) {
    return this.call('baselineFor', [current]);
  }

  comparePicks(current: TraceRef) {
    return this.call('comparePicks', [current]);
  }

  logTraceRef(arg: unknown) {
    return this.call('logTraceRef', [arg]);
  }

  isTraceHeld(traceId: string) {
    return this.call('isTraceHeld', [traceId]);
  }
  clear() {
    return this.call('clear', []);
  }
  pollPushgateway() {
    return this.call('pollPushgateway', []);
  }
  deletePushGroups(groups: PushGroup[]) {
    return this.call('deletePushGroups', [groups]);
  }
  scrapeNow(targetId?: string) {
    return this.call('scrapeNow', [targetId]);
  }
  setLivenessRule(rule: Partial<LivenessRule>) {
    return this.call('setLivenessRule', [rule]);
  }
  flushChanges() {
    return this.call('flushChanges', []);
  }
  markChanged(topic: ChangeTopic) {
    return this.call('markChanged', [topic]);
  }
}

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // A failing listener must not stop the others.
  }
}
