/**
 * The query API's answers as JSON: what `GET /api/v1/…` returns, typed once for the routes that write them and
 * the clients (the agent tools) that read them. Times are ISO strings beside the raw numbers a script compares;
 * every list is a page: at most `limit` items and a byte budget, with `nextCursor` to ask for the next one.
 */
import type { ModelUsage } from '../genai/genaiUsage';
import type { Attributes } from '../model/attributes';
import type { MetricKind, Signal, Temporality } from '../model/records';
import type { GroupingKey } from '../pushgateway/groupingKey';
import type { PushgatewayHealth } from '../pushgateway/poller';
import type { DurationHistogram } from '../search/durationHistogram';
import type { ScrapeErrorKind, ScrapeHealth } from '../scrape/scraper';

export const QUERY_API_PREFIX = '/api/v1/';

/** Every error: a status (400, 403, 404, 405, 500) and one sentence that says what to change. */
export interface QueryErrorBody {
  error: { status: number; message: string };
}

/** A page of a longer list: null when this page is the last. */
export interface Paged {
  nextCursor: string | null;
}

export interface ReceiverJson {
  kind: string;
  status: 'stopped' | 'starting' | 'listening' | 'error';
  host: string | null;
  port: number | null;
  message: string;
}

export interface SignalHealthJson {
  received: number;
  requests: number;
  lastSeen: string | null;
  /** Milliseconds since the last request of this signal; null when it never arrived. */
  ageMs: number | null;
}

export interface InstanceJson {
  /** The instance's key in the store: stable while it is held. */
  key: string;
  service: string;
  serviceNamespace: string;
  /** service.instance.id, else host:pid. */
  instance: string;
  /** Whether it still sends, by the learned rhythm of its signals (the tree and the status bar use the same rule). */
  live: boolean;
  /** When it goes (or went) quiet. */
  quietAt: string;
  /** How often it usually sends, once learned. */
  usualIntervalMs: number | null;
  firstSeen: string;
  lastSeen: string;
  signals: Record<Signal, SignalHealthJson>;
  /** Why a signal may be missing, where the cause is known. */
  hints: { signal: Signal; message: string }[];
  counts: { traces: number; spans: number; metricStreams: number; series: number; logRecords: number };
  genai: ModelUsage[];
  /** Resource attributes, long values clipped. */
  resource: Attributes;
}

export interface InstancesResponse extends Paged {
  generatedAt: string;
  receivers: ReceiverJson[];
  /** Problems seen at the receivers that a sender can fix (gRPC spoken to the HTTP port, …). */
  receiverHints: string[];
  total: number;
  live: number;
  instances: InstanceJson[];
}

export interface TraceRowJson {
  traceId: string;
  rootName: string;
  service: string;
  instance: string;
  instanceKey: string;
  services: string[];
  instanceCount: number;
  start: string;
  startTimeUnixNano: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  complete: boolean;
}

export interface TracesResponse extends Paged {
  /** The filter as parsed, in the CLI's spelling (`attr` always a list). */
  filter: Record<string, string | string[]>;
  matched: number;
  searched: number;
  withErrors: number;
  services: { service: string; count: number }[];
  histogram: DurationHistogram;
  traces: TraceRowJson[];
}

export interface SpanJson {
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: string;
  service: string;
  instance: string;
  /** From the trace's start. */
  startOffsetMs: number;
  durationMs: number;
  status: 'unset' | 'ok' | 'error';
  statusMessage: string;
  attributes: Attributes;
  events: { name: string; offsetMs: number; attributes: Attributes }[];
  /** Events left out of `events` (past the per-span cap, or dropped by the SDK). */
  eventsOmitted: number;
  links: { traceId: string; spanId: string }[];
  scope: string;
}

export interface LogJson {
  time: string;
  timeUnixNano: number;
  severity: string;
  severityNumber: number;
  /** The body as text, clipped. */
  body: string;
  attributes: Attributes;
  traceId: string;
  spanId: string;
  service: string;
  instance: string;
  instanceKey: string;
}

export interface TraceResponse extends Paged {
  traceId: string;
  rootName: string;
  services: string[];
  start: string;
  startTimeUnixNano: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  complete: boolean;
  /** Spans by start time; `nextCursor` pages through the rest of a large trace. */
  spans: SpanJson[];
  /** The trace's log records (oldest first), at most `logLimit`; `logCount` counts them all. */
  logs: LogJson[];
  logCount: number;
}

export interface SeriesJson {
  instanceKey: string;
  instance: string;
  service: string;
  name: string;
  description: string;
  unit: string;
  kind: MetricKind;
  temporality: Temporality;
  monotonic: boolean;
  attributes: Attributes;
  points: number;
  lastTime: string | null;
  /** The value (gauges, sums) or the count (distributions) of the latest point. */
  latest: number | null;
  /** The latest point in words, as the tree shows it. */
  latestText: string;
  /** Per second, averaged over `windowMs` (monotonic sums; the count of histograms). */
  rate: { perSecond: number; windowMs: number } | null;
  /** Histograms and summaries: quantiles of the latest point, in the metric's unit. */
  quantiles: { p50: number | null; p90: number | null; p99: number | null; window: string } | null;
  histogram: { count: number; sum: number | null; min: number | null; max: number | null } | null;
}

export interface MetricsResponse extends Paged {
  /** Series that match (this page holds at most `limit`). */
  matched: number;
  series: SeriesJson[];
}

export interface LogsResponse extends Paged {
  matched: number;
  logs: LogJson[];
}

export interface PushGroupJson {
  /** The grouping key: job plus the other labels. A group is deleted by exactly this. */
  groupingKey: GroupingKey;
  job: string;
  lastPush: string | null;
  lastFailure: string | null;
  lastPushSuccessful: boolean;
  ageMs: number | null;
  stale: boolean;
  families: number;
  series: number;
  /** The metric names pushed (the first few). */
  metrics: string[];
}

export interface PushgatewayResponse extends Paged {
  configured: boolean;
  url: string | null;
  health: PushgatewayHealth;
  message: string;
  lastPoll: string | null;
  lastSuccess: string | null;
  staleAfterMs: number;
  total: number;
  stale: number;
  groups: PushGroupJson[];
}

export interface ScrapeTargetJson {
  url: string;
  labels: Record<string, string>;
  source: string;
  health: ScrapeHealth;
  lastScrape: string | null;
  lastSuccess: string | null;
  durationMs: number | null;
  error: string;
  errorKind: ScrapeErrorKind | null;
  httpStatus: number | null;
  seriesCount: number;
  scrapes: number;
  /** The metric family names of the last good scrape (the first few). */
  families: string[];
  familyCount: number;
}

export interface ScrapeTargetsResponse extends Paged {
  total: number;
  up: number;
  down: number;
  targets: ScrapeTargetJson[];
  files: { path: string; error: string; targetCount: number }[];
}
