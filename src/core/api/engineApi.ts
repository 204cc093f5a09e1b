/**
 * The one interface the front doors use to reach the engine: lifecycle and configuration, queries that answer
 * with plain serializable view models, commands, and events. Two implementations: InProcessEngine (the engine in
 * the caller's own thread: the CLI, tests) and RemoteEngine (the engine in a worker thread, so the receivers'
 * decoding and the store never take the VS Code extension host's thread, which every extension of a window shares).
 *
 * Everything that crosses it is plain data (structured-clone safe): no class instances, no Maps in answers.
 * Small, often-read state (receiver states, counts, source health) is pushed as `status` with every change and
 * mirrored on the caller's side, so a status bar can read it synchronously; everything else is asked for.
 */
import type { EngineConfig, EngineOptions, ReceiverConfig, ReceiverEndpoint, ReceiverKind } from '../engine';
import type { PrometheusOptions } from '../export/options';
import type { FlushReport, UpstreamHealth } from '../forward/health';
import type { UpstreamConfig } from '../forward/upstream';
import type { Attributes } from '../model/attributes';
import type { Signal } from '../model/records';
import type { ListenerState } from '../otlp/receiverStatus';
import type { DeleteOutcome } from '../pushgateway/cleanup';
import type { PushgatewayState } from '../pushgateway/poller';
import type { PushGroup } from '../pushgateway/pushGroup';
import type { QueryApiOptions } from '../query/queryApiOptions';
import type { FileSdState } from '../scrape/fileSd';
import type { ScrapeTarget } from '../scrape/scraper';
import type { Snapshot } from '../snapshot';
import type { ChangeTopic, StoreChange } from '../store/change';
import type { CountersBySignal, EvictionCounters, EvictionsByCause } from '../store/counters';
import type { MemoryUse } from '../store/store';
import type { StoreLimits } from '../store/limits';
import type { LivenessRule } from '../store/liveness';
import type { MetricMode, MetricView } from '../views/metricView';
import type { KeyValue, SpanDetails } from '../views/spanDetails';
import type { SpanSource } from '../views/spanSource';
import type { TraceLayout } from '../views/traceLayout';
import type { InstanceNodeData } from '../views/tree/instancesTree';
import type { PushgatewayNodeData } from '../views/tree/pushgatewayTree';
import type { ReceiverHint } from '../views/tree/receiverHints';
import type { ScrapeNodeData } from '../views/tree/scrapeTree';
import type { RowTooltip, TreeRow } from '../views/tree/treeRow';

export type { StoreChange };
import type { ComparePick, SpanRef as FindSpanRef, TraceRef } from './findQueries';
import type { DiffTraceInfo, TraceDiffView } from '../views/traceDiffView';
import type { FieldError, SearchForm, SearchView } from '../views/traceSearchView';

/** A ListenError as data: the code (EADDRINUSE …), where, and the sentence to show. */
export interface ListenErrorData {
  name: 'ListenError';
  message: string;
  code: string;
  host: string;
  port: number;
}

export interface StartReportData {
  errors: ListenErrorData[];
  failed: Partial<Record<ReceiverKind, ListenErrorData>>;
}

export interface ReceiverAddressData {
  host: string;
  port: number;
}

/** What configure() did to one receiver (see engine.ts ReceiverChange), as data. */
export type ReceiverChangeData = { kind: ReceiverKind } & (
  | { result: 'remembered' }
  | { result: 'off' }
  | { result: 'started'; at: ReceiverAddressData }
  | { result: 'moved'; from: ReceiverAddressData; at: ReceiverAddressData; senders: string[] }
  | { result: 'kept'; at: ReceiverAddressData; error: ListenErrorData }
  | { result: 'failed'; error: ListenErrorData }
);

/** A receiver's totals, with its hints as a list. */
export interface ReceiverStatsData {
  requests: number;
  byStatus: Record<string, number>;
  lastError: { atMs: number; status: string; message: string } | undefined;
}

export interface ReceiverStatus {
  state: ListenerState;
  /** Where it should listen, and whether it should run. */
  config: ReceiverConfig;
  /** Where apps should send (the address in use, else the configured one). */
  endpoint: ReceiverEndpoint;
  /** Shown in lists of receivers (gRPC: when enabled, or started by hand). */
  listed: boolean;
}

/** A scrape target without its series (the Scrape Targets view asks for those). */
export type ScrapeTargetStatus = Omit<ScrapeTarget, 'families'>;

/** The engine's small, often-read state: mirrored on the caller's side and replaced section by section. */
export interface EngineStatus {
  receivers: Record<ReceiverKind, ReceiverStatus>;
  /** What each receiver answered (its own section: it changes with every request, the receivers' state seldom). */
  stats: Record<ReceiverKind, ReceiverStatsData>;
  /** Whether the receivers should be running (set by startReceivers, cleared by stopReceivers). */
  receiversWanted: boolean;
  /** Problems both receivers saw that a user fixes at the sender, newest first. */
  hints: ReceiverHint[];
  store: {
    instances: number;
    /** Live instances by the store's liveness rule (what the status bar counts). */
    live: number;
    spans: number;
    logRecords: number;
    counters: CountersBySignal;
    evictions: EvictionCounters;
    limits: StoreLimits;
    liveness: LivenessRule;
    /** What the store holds against its memory budget, and what was evicted by which cause. */
    memory: MemoryUse;
    evictedByCause: EvictionsByCause;
  };
  pushgateway: PushgatewayState;
  scrape: { targets: ScrapeTargetStatus[]; files: FileSdState[] };
  forward: UpstreamHealth[];
  /** What the last stop could not forward in time. */
  lastForwardFlush: FlushReport[];
  prometheus: { serverAddress: { host: string; port: number } | undefined };
}

export type StatusSection = keyof EngineStatus;

/** The engine (worker or process) went away, or came back: the front door says so and its views redraw. */
export type LifecycleEvent =
  | { type: 'down'; reason: string; restarts: number }
  | { type: 'restarted'; restarts: number }
  | { type: 'failed'; reason: string; restarts: number };

export type TreeViewId = 'instances' | 'pushgateway' | 'scrape';

export interface TreeNodeDataByView {
  instances: InstanceNodeData;
  pushgateway: PushgatewayNodeData;
  scrape: ScrapeNodeData;
}

/**
 * One round trip for what a tree view needs now: the children of some nodes (null: the top level), the rows of
 * some nodes drawn again, and some tooltips.
 */
export interface RowsRequest<D> {
  lists?: (D | null)[];
  rows?: D[];
  tooltips?: D[];
}

export interface RowsAnswer<D extends { id: string; kind: string }> {
  /** Per requested list, its children drawn. */
  lists: TreeRow<D>[][];
  rows: TreeRow<D>[];
  tooltips: (RowTooltip | undefined)[];
  /** The engine's clock when it drew them. */
  nowMs: number;
}

export interface InstanceSummary {
  key: string;
  service: string;
  /** service.instance.id, else host + pid; '' when none. */
  instanceLabel: string;
  serviceName: string;
  serviceNamespace: string;
}

export interface InstanceDetails extends InstanceSummary {
  resource: Attributes;
}

/** One instance's copy of a trace, as a picker lists it. */
export interface TraceSummary {
  traceId: string;
  instance: InstanceSummary;
  rootName: string | undefined;
  spanCount: number;
  durationMs: number;
}

/** A trace as a panel shows it: from one instance, or (instanceKey undefined) from every instance holding it. */
export interface TraceTarget {
  traceId: string;
  instanceKey?: string;
}

/** A Series by its keys, as the tree's nodes name it. */
export interface SeriesTarget {
  instanceKey: string;
  streamKey: string;
  seriesKey: string;
}

export interface SeriesSummary extends SeriesTarget {
  instance: InstanceSummary;
  /** name{attributes} */
  name: string;
  /** The latest value in words. */
  latest: string;
}

export type TraceGoneReason = 'cleared' | 'evicted';

/**
 * What a trace panel draws, from its session in the engine (which holds the spans the layout was made of, so a
 * trace cleared or evicted since keeps answering about what it was).
 */
export type TraceViewAnswer =
  | { changed: false }
  | { changed: true; layout: TraceLayout | undefined; gone: TraceGoneReason | undefined; services: string[] };

/** Row indices to draw (the matches and their ancestors; null: every row) and those that matched themselves. */
export interface TraceFilterAnswer {
  visible: number[] | null;
  matches: number[];
}

/** What a metric chart draws. */
export interface MetricPanelModel {
  view: MetricView;
  /** name{attributes} */
  name: string;
  instance: string;
  attributes: KeyValue[];
  lastUpdatedMs: number;
}

/** What openSpanSource is given: ids (a span item of the tree), a trace (its root span, else the first naming a file). */
export interface SpanRef {
  traceId: string;
  spanId?: string;
  instanceKey?: string;
}

export type Unsubscribe = () => void;

export interface EngineApi {
  /** Where the engine runs. */
  readonly where: 'in-process' | 'worker' | 'child-process';
  /** The latest status (pushed with every change; current once a command's promise resolves). */
  readonly status: EngineStatus;
  /** Times the engine was restarted after it died (always 0 in process). */
  readonly restarts: number;
  /** False while a dead engine is being restarted. */
  readonly up: boolean;

  onStatus(listener: (status: EngineStatus, changed: readonly StatusSection[]) => void): Unsubscribe;
  /** Coalesced store changes (a few a second at most), naming what changed. */
  onChange(listener: (change: StoreChange) => void): Unsubscribe;
  onLifecycle(listener: (event: LifecycleEvent) => void): Unsubscribe;

  // --- lifecycle and configuration ----------------------------------------------------------------------
  /** Starts the receivers that are enabled, the sources and the exposition (what the CLI does at once). */
  start(): Promise<StartReportData>;
  /** `rebind`: ports to take back first where the configured port is 0 (an engine restarted after a crash). */
  startReceivers(rebind?: Partial<Record<ReceiverKind, number>>): Promise<StartReportData>;
  stopReceivers(): Promise<void>;
  /** Starts polling and scraping; resolves once the file_sd files were read the first time. */
  startSources(): Promise<void>;
  /** Opens the Prometheus exposition's own port when one is set; a busy port is returned. */
  startExposition(): Promise<ListenErrorData | undefined>;
  configure(config: EngineConfig): Promise<ReceiverChangeData[]>;
  /** A new exposition port or expiry; a busy port is returned (the exposition stays on the OTLP port). */
  configurePrometheus(options: Partial<PrometheusOptions>): Promise<ListenErrorData | undefined>;
  configureForward(upstreams: UpstreamConfig[]): Promise<void>;
  /** The query API's settings (GET /api/v1/… on the OTLP/HTTP port); applies from the next request on. */
  configureQueryApi(options: Partial<QueryApiOptions>): Promise<void>;
  /** Settles once every start, stop and move asked for so far is done. */
  whenIdle(): Promise<void>;
  /** Stops receivers and sources and gives forward queues their deadline (lastForwardFlush says what was left). */
  stop(): Promise<void>;
  /** Stops everything; the engine cannot be used again. */
  dispose(): Promise<void>;

  // --- queries ------------------------------------------------------------------------------------------
  treeRows<V extends TreeViewId>(view: V, request: RowsRequest<TreeNodeDataByView[V]>): Promise<RowsAnswer<TreeNodeDataByView[V]>>;
  instances(): Promise<InstanceSummary[]>;
  instance(key: string): Promise<InstanceDetails | undefined>;
  /** Of these instance keys, those still known that have not sent to the receiver's current address: who a move cut off. */
  leftBehind(kind: ReceiverKind, keys: string[]): Promise<InstanceSummary[]>;
  findTrace(traceId: string): Promise<TraceSummary[]>;
  /** The trace seen last, for a placeholder. */
  latestTraceId(): Promise<string | undefined>;
  /** The panel `session`'s trace now; unchanged since the last call answers `changed: false`. */
  traceView(session: string, target: TraceTarget): Promise<TraceViewAnswer>;
  traceSpanDetails(session: string, spanId: string): Promise<SpanDetails | null>;
  /** The rows of the session's layout matching the query (and their ancestors); null visible when the query is empty. */
  traceFilter(session: string, query: string): Promise<TraceFilterAnswer | null>;
  /** The span of a session, by id, for jump to source: where it lives. */
  traceSpanRef(session: string, spanId: string): Promise<(SpanRef & { spanId: string }) | undefined>;
  closeTraceView(session: string): Promise<void>;
  /** The source location a span names; found false when no such span is kept. */
  spanSource(ref: SpanRef): Promise<{ found: boolean; source: SpanSource | undefined }>;
  seriesList(): Promise<SeriesSummary[]>;
  /** A series the argument names (a stream drawn as its one series stands for it); undefined when not kept. */
  resolveSeries(ref: { instanceKey: string; streamKey: string; seriesKey?: string }): Promise<SeriesSummary | undefined>;
  metricPanel(target: SeriesTarget, mode: MetricMode): Promise<MetricPanelModel | undefined>;
  snapshot(): Promise<Snapshot>;
  // Find and compare (findQueries.ts): the search panel, the diff panel, the compare picker, a log's trace.
  searchTraces(form: SearchForm): Promise<{ view: SearchView | null; errors: FieldError[] }>;
  traceSignature(refs: TraceRef[]): Promise<string>;
  diffView(baseline: TraceRef, current: TraceRef): Promise<TraceDiffView | undefined>;
  traceInfo(ref: TraceRef): Promise<DiffTraceInfo | undefined>;
  baselineFor(current: TraceRef): Promise<TraceRef | undefined>;
  comparePicks(current: TraceRef): Promise<ComparePick[]>;
  logTraceRef(arg: unknown): Promise<FindSpanRef | undefined>;
  isTraceHeld(traceId: string): Promise<boolean>;

  // --- commands -----------------------------------------------------------------------------------------
  clear(): Promise<void>;
  /** Polls the Pushgateway now; resolves with the state after the poll. */
  pollPushgateway(): Promise<PushgatewayState>;
  deletePushGroups(groups: PushGroup[]): Promise<DeleteOutcome[]>;
  scrapeNow(targetId?: string): Promise<void>;
  setLivenessRule(rule: Partial<LivenessRule>): Promise<void>;
  /** Emits pending change events now (tests, and views that must catch up before reading). */
  flushChanges(): Promise<void>;
  /** Announces a change on a topic (a front door's own state that views draw with the engine's, e.g. receiver notices). */
  markChanged(topic: ChangeTopic): Promise<void>;
  /** Test hook: ends the engine's worker or process as a crash would (refused unless made with `allowCrash`). */
  crash(): Promise<void>;
}

/** The options an engine is (re)made with, and what its host keeps applying over a restart. */
export type { EngineOptions, EngineConfig, Signal };
