/**
 * The Instances view's rows: service → instance → Traces / Metrics / Logs → metric stream → series, trace, log
 * record, with receiver hints above the services. Built from the store where it lives; a node names its data by
 * keys and is looked up when drawn, so a node outlives the data it names (evicted data draws as gone). Ids are
 * stable across refreshes: VS Code keeps expansion and selection by id. The words and numbers come from
 * core/format, as in the CLI's live tree.
 */
import { instanceGenAiMarkdown, traceGenAiText, type ModelTokens } from '../../genai/genaiText';
import { LazySpan } from '../../otlp/protobuf/lazySpan';
import { formatAge, formatDurationMs, plural, severityName } from '../../format/format';
import { summarizePoint } from '../../format/pointSummary';
import { seriesName } from '../../format/seriesName';
import { formatAttributeValue, type Attributes } from '../../model/attributes';
import { SIGNALS, SPAN_KIND_NAMES, type LogRecord, type Signal } from '../../model/records';
import { wiredByText } from '../../env/wiredBy';
import { formatDuration } from '../../pushgateway/duration';
import { serviceDisplayName } from '../../store/identity';
import type { Instance } from '../../store/instance';
import type { Liveness } from '../../store/liveness';
import type { MetricStream } from '../../store/metricStream';
import type { Series } from '../../store/series';
import { missingSignalHints } from '../../store/signalHints';
import type { TelemetryStore } from '../../store/store';
import type { Trace } from '../../store/trace';
import type { ReceiverHint } from './receiverHints';
import { markdownTip, md, nodeId, type RowIcon, type RowTooltip, type TreeModel, type TreeRow } from './treeRow';

export const INSTANCES_VIEW_ID = 'telemetryInspector.instances';

/** Longest list drawn under one element; the newest come first and the rest is summed up in one row. */
const MAX_CHILDREN = 100;

/** contextValue of each kind of element, as the `viewItem ==` clauses in package.json name them. */
const INSTANCES_CONTEXT = {
  service: 'service',
  instance: 'instance',
  signal: 'signal',
  stream: 'stream',
  /** A series, or a metric stream with one series drawn as one row: both can copy a series name. */
  series: 'series',
  trace: 'trace',
  log: 'log',
  more: 'more',
  hint: 'receiverHint',
} as const;

export type InstanceNodeData =
  | { readonly kind: 'service'; readonly id: string; /** serviceDisplayName(): "namespace/name" or "name". */ readonly service: string }
  | { readonly kind: 'instance'; readonly id: string; readonly instanceKey: string }
  | { readonly kind: 'signal'; readonly id: string; readonly instanceKey: string; readonly signal: Signal }
  | { readonly kind: 'stream'; readonly id: string; readonly instanceKey: string; readonly streamKey: string }
  | { readonly kind: 'series'; readonly id: string; readonly instanceKey: string; readonly streamKey: string; readonly seriesKey: string }
  | { readonly kind: 'trace'; readonly id: string; readonly instanceKey: string; readonly traceId: string }
  | { readonly kind: 'log'; readonly id: string; readonly instanceKey: string; /** Log records have no id of their own: a number given when first listed. */ readonly logId: number }
  | { /** "… 1,234 more": the rest of a long list, which the tree does not draw. */ readonly kind: 'more'; readonly id: string; readonly hidden: number; readonly what: string }
  | { /** A receiver hint (an exporter misconfigured at the sender), drawn above the services. */ readonly kind: 'hint'; readonly id: string; readonly hintKey: string };

const SIGNAL_LABEL: Record<Signal, string> = { traces: 'Traces', metrics: 'Metrics', logs: 'Logs' };
const SIGNAL_ICON: Record<Signal, string> = { traces: 'symbol-event', metrics: 'graph-line', logs: 'output' };
const SIGNAL_ITEM: Record<Signal, string> = { traces: 'span', metrics: 'point', logs: 'log record' };

const icon = (id: string, color?: string): RowIcon => (color ? { id, color } : { id });
type Row = TreeRow<InstanceNodeData>;

function row(node: InstanceNodeData, label: string, collapsible: Row['collapsible'], contextValue: string): Row {
  return { node, label, collapsible, contextValue };
}

function attributesTable(attributes: Attributes): string {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return '_none_\n';
  return '| attribute | value |\n|:--|:--|\n' + keys.map((k) => `| ${md(k)} | ${md(formatAttributeValue(attributes[k]))} |`).join('\n') + '\n';
}

/** "10:42:05" in the user's time zone: a log's own time, which an age would hide. */
function clock(unixNano: number): string {
  const d = new Date(unixNano / 1e6);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** "every 5s", as people say an interval. */
function every(ms: number): string {
  return `every ${formatDuration(Math.max(1000, Math.round(ms / 1000) * 1000))}`;
}

/** `live` is how many of `instances` are live, by the store's liveness rule (as the status bar counts them). */
function serviceRow(node: InstanceNodeData, service: string, instances: Instance[], live: number): Row {
  const t = row(node, service, 'expanded', INSTANCES_CONTEXT.service);
  t.description = plural(instances.length, 'instance') + (live < instances.length ? ` (${live} live)` : '');
  t.icon = icon('layers');
  return t;
}

function serviceTooltip(service: string, instances: Instance[], live: number): string {
  return `**${md(service)}** · ${plural(instances.length, 'instance')}, ${live} live\n\n${instances.map((i) => `- ${md(i.instanceLabel || '(no instance id)')}`).join('\n')}`;
}

/**
 * Which signals arrive, at a glance: "traces · metrics · no logs". Once the instance went quiet, "last seen …"
 * comes first, where a narrow sidebar does not cut it off.
 */
function instanceDescription(instance: Instance, liveness: Liveness, nowMs: number): string {
  const parts = SIGNALS.map((s) => (instance.signals[s].lastSeenMs === undefined ? `no ${s}` : s));
  if (!liveness.live) parts.unshift(`last seen ${formatAge(instance.lastSeenMs, nowMs)}`);
  return parts.join(' · ');
}

/** A quiet instance is dimmed: its icon takes the disabled color. */
function instanceRow(node: InstanceNodeData, instance: Instance, liveness: Liveness, nowMs: number): Row {
  const t = row(node, instance.instanceLabel || '(no instance id)', 'collapsed', INSTANCES_CONTEXT.instance);
  t.description = instanceDescription(instance, liveness, nowMs);
  const missing = SIGNALS.filter((s) => instance.signals[s].lastSeenMs === undefined);
  t.icon = icon('server-process', liveness.live ? (missing.length ? 'charts.yellow' : 'charts.green') : 'disabledForeground');
  return t;
}

/** `genai`: the instance's model calls and tokens per model (store.genai.of), shown when it made any. */
export function instanceTooltip(instance: Instance, liveness: Liveness, nowMs: number, genai: readonly ModelTokens[] = []): string {
  const live = liveness.live;
  const signals = SIGNALS.map((s) => {
    const h = instance.signals[s];
    return h.lastSeenMs === undefined
      ? `- $(circle-outline) ${s}: none received`
      : `- $(pass-filled) ${s}: ${plural(h.received, SIGNAL_ITEM[s])} in ${plural(h.requests, 'request')}, last ${formatAge(h.lastSeenMs, nowMs)}`;
  });
  const hints = missingSignalHints(instance, nowMs).map((h) => `$(lightbulb) ${md(h.message)}\n\n`);
  const usual = liveness.usualIntervalMs === undefined ? '' : ` (it usually sends ${every(liveness.usualIntervalMs)})`;
  const state = live ? `$(pass) Live${usual}` : `$(circle-slash) Quiet: nothing for longer than usual${usual}`;
  const wired = wiredByText(instance);
  return (
    `**${md(serviceDisplayName(instance))}** · ${md(instance.instanceLabel || '(no instance id)')}\n\n` +
    (wired ? `$(terminal) ${md(wired)}\n\n` : '') +
    `${state}: first seen ${formatAge(instance.firstSeenMs, nowMs)}, last seen ${formatAge(instance.lastSeenMs, nowMs)}\n\n` +
    `${signals.join('\n')}\n\n${hints.join('')}` +
    (genai.length ? `${instanceGenAiMarkdown(genai)}\n\n` : '') +
    `**Resource attributes**\n\n${attributesTable(instance.resource)}`
  );
}

function signalRow(node: InstanceNodeData, instance: Instance, signal: Signal, nowMs: number): Row {
  const h = instance.signals[signal];
  const stored = signal === 'traces' ? instance.traces.size : signal === 'metrics' ? instance.metricStreams.size : instance.logs.length;
  const t = row(node, SIGNAL_LABEL[signal], stored ? 'collapsed' : 'none', INSTANCES_CONTEXT.signal);
  t.description = h.lastSeenMs === undefined ? 'none received' : `${plural(h.received, SIGNAL_ITEM[signal])} · last ${formatAge(h.lastSeenMs, nowMs)}`;
  t.icon = h.lastSeenMs === undefined ? icon(SIGNAL_ICON[signal], 'disabledForeground') : icon(SIGNAL_ICON[signal]);
  return t;
}

function signalTooltip(instance: Instance, signal: Signal, nowMs: number): string {
  const h = instance.signals[signal];
  const kept =
    signal === 'traces' ? plural(instance.traces.size, 'trace') : signal === 'metrics' ? plural(instance.seriesCount, 'series', 'series') : plural(instance.logs.length, 'log record');
  const hint = missingSignalHints(instance, nowMs).find((x) => x.signal === signal);
  return h.lastSeenMs === undefined
    ? `No ${signal} received from this instance yet.${hint ? ` Hint: ${hint.message}.` : ''}`
    : `${kept} kept; ${plural(h.received, SIGNAL_ITEM[signal])} received in ${plural(h.requests, 'request')}, the last ${formatAge(h.lastSeenMs, nowMs)}.`;
}

function attributesText(attributes: Attributes): string {
  return Object.entries(attributes)
    .map(([k, v]) => `${k}=${formatAttributeValue(v)}`)
    .join(', ');
}

function streamText(stream: MetricStream): string {
  const kind = stream.kind === 'sum' ? `${stream.monotonic ? 'monotonic ' : ''}sum` : stream.kind;
  const temporality = stream.temporality === 'unspecified' ? '' : `, ${stream.temporality}`;
  return `**${md(stream.name)}**${stream.unit ? ` (${md(stream.unit)})` : ''}\n\n${stream.description ? `${md(stream.description)}\n\n` : ''}${kind}${temporality} · ${plural(stream.series.size, 'series', 'series')}`;
}

const OPEN_CHART = { command: 'telemetryInspector.openMetricChart', title: 'Open Metric Chart', argument: 'node' } as const;
const OPEN_TRACE = { command: 'telemetryInspector.openTrace', title: 'Open Trace', argument: 'node' } as const;
/** A log record that carries a trace id opens its trace at its span. */
const OPEN_LOG_TRACE = { command: 'telemetryInspector.openLogTrace', title: 'Open Trace at Span', argument: 'node' } as const;

/** A stream with one series is drawn as one row with its value; with several, the series hang below it. */
function streamRow(node: InstanceNodeData, stream: MetricStream, nowMs: number): Row {
  const only = stream.series.size === 1 ? stream.series.values().next().value : undefined;
  if (only) {
    const t = row(node, stream.name, 'none', INSTANCES_CONTEXT.series);
    const attrs = attributesText(only.attributes);
    t.description = summarizePoint(stream.kind, only.latest(), stream.unit, { name: stream.name, nowMs }) + (attrs ? ` · ${attrs}` : '');
    t.icon = icon('graph-line');
    t.command = OPEN_CHART;
    return t;
  }
  const t = row(node, stream.name, 'collapsed', INSTANCES_CONTEXT.stream);
  t.description = plural(stream.series.size, 'series', 'series');
  t.icon = icon('graph-line');
  return t;
}

function streamTooltip(stream: MetricStream, nowMs: number): string {
  const only = stream.series.size === 1 ? stream.series.values().next().value : undefined;
  return only ? `${streamText(stream)}\n\n${seriesText(stream, only, nowMs)}` : streamText(stream);
}

function seriesText(stream: MetricStream, series: Series, nowMs: number): string {
  return `\`${seriesName(stream.name, series.attributes).replace(/`/g, "'")}\`\n\nlatest: ${md(summarizePoint(stream.kind, series.latest(), stream.unit, { name: stream.name, nowMs }))} · ${plural(series.points.length, 'point')} kept · updated ${formatAge(series.lastUpdatedMs, nowMs)}`;
}

function seriesRow(node: InstanceNodeData, stream: MetricStream, series: Series, nowMs: number): Row {
  const t = row(node, attributesText(series.attributes) || '(no attributes)', 'none', INSTANCES_CONTEXT.series);
  t.description = summarizePoint(stream.kind, series.latest(), stream.unit, { name: stream.name, nowMs });
  t.icon = icon('symbol-field');
  t.command = OPEN_CHART;
  return t;
}

/** Errors come first in the description, where a narrow sidebar does not cut them off. */
export function traceRow(node: InstanceNodeData, trace: Trace): Row {
  const t = row(node, trace.root?.name ?? '(no root span)', 'none', INSTANCES_CONTEXT.trace);
  const errors = trace.errorCount;
  // An agent's model calls and tokens, when the trace made any (spans whose bytes never mention gen_ai. are skipped).
  const genai = traceGenAiText([...trace.spans.values()].filter((s) => !(s instanceof LazySpan) || s.mayContain('gen_ai.')));
  t.description = `${errors ? `${plural(errors, 'error')} · ` : ''}${formatDurationMs(trace.durationMs)} · ${plural(trace.spans.size, 'span')}${genai ? ` · ${genai}` : ''}`;
  t.icon = errors ? icon('error', 'errorForeground') : icon('list-tree');
  t.command = OPEN_TRACE;
  return t;
}

function traceTooltip(instance: Instance, trace: Trace): string {
  const root = trace.root;
  const errors = trace.errorCount;
  const status = root && root.statusMessage ? ` — ${md(root.statusMessage)}` : '';
  return (
    `**${md(root?.name ?? '(no root span)')}**${status}\n\n` +
    `trace \`${trace.traceId}\` · ${md(serviceDisplayName(instance))}\n\n` +
    `${root ? `${SPAN_KIND_NAMES[root.kind] ?? root.kind} span · ` : ''}started ${clock(trace.startTimeUnixNano)} · ${formatDurationMs(trace.durationMs)} · ` +
    `${plural(trace.spans.size, 'span')}${errors ? ` · $(error) ${plural(errors, 'error')}` : ''}`
  );
}

/** A log record never changes once received: its tooltip comes with its row. */
function logRow(node: InstanceNodeData, record: LogRecord): Row {
  const body = formatAttributeValue(record.body).replace(/\s+/g, ' ').trim();
  const t = row(node, body.length > 120 ? `${body.slice(0, 119)}…` : body || '(empty body)', 'none', INSTANCES_CONTEXT.log);
  const severity = severityName(record.severityNumber, record.severityText);
  const when = record.timeUnixNano || record.observedTimeUnixNano;
  t.description = `${severity}${when ? ` · ${clock(when)}` : ''}`;
  const n = record.severityNumber;
  t.icon = n >= 17 ? icon('error', 'errorForeground') : n >= 13 ? icon('warning', 'editorWarning.foreground') : n >= 9 ? icon('info') : n >= 1 ? icon('debug') : icon('output');
  t.fixedTooltip = markdownTip(logTooltip(record));
  if (record.traceId) t.command = OPEN_LOG_TRACE;
  return t;
}

function logTooltip(record: LogRecord): string {
  const severity = severityName(record.severityNumber, record.severityText);
  const when = record.timeUnixNano || record.observedTimeUnixNano;
  return (
    `**${md(severity)}**${when ? ` · ${new Date(when / 1e6).toISOString()}` : ''}\n\n${md(formatAttributeValue(record.body))}\n\n` +
    (record.traceId ? `trace \`${record.traceId}\`${record.spanId ? ` · span \`${record.spanId}\`` : ''}\n\n` : '') +
    (Object.keys(record.attributes).length ? attributesTable(record.attributes) : '')
  );
}

function moreRow(node: InstanceNodeData, hidden: number, what: string): Row {
  const t = row(node, `… ${hidden.toLocaleString('en-US')} more`, 'none', INSTANCES_CONTEXT.more);
  t.description = `older ${what} are kept but not listed`;
  return t;
}

/** What a node draws as when its data was evicted or cleared between the refresh and the draw. */
export function goneRow(node: InstanceNodeData): Row {
  const t = row(node, '(no longer kept)', 'none', INSTANCES_CONTEXT.more);
  t.icon = icon('circle-slash', 'disabledForeground');
  return t;
}

/** The first clause of a hint is the problem; the rest (after the colon) is the fix, which the tooltip holds in full. */
function hintRow(node: InstanceNodeData, hint: ReceiverHint, nowMs: number): Row {
  const t = row(node, hint.message.split(/:\s/)[0], 'none', INSTANCES_CONTEXT.hint);
  t.description = `${plural(hint.count, 'request')} · last ${formatAge(hint.lastSeenMs, nowMs)}`;
  t.icon = icon('warning', 'list.warningForeground');
  return t;
}

function hintTooltip(hint: ReceiverHint, nowMs: number): string {
  return `$(lightbulb) **${hint.receiver} receiver**\n\n${md(hint.message)}\n\nSeen ${plural(hint.count, 'time')}, last ${formatAge(hint.lastSeenMs, nowMs)}.`;
}

/** The Instances view over a store; `hints` are the receivers' hints, drawn above the services. */
export class InstancesTreeModel implements TreeModel<InstanceNodeData> {
  /** Log records carry no id; each gets a number the first time it is listed, for a stable tree id. */
  private readonly logSerials = new WeakMap<object, number>();
  private nextLogSerial = 1;

  constructor(
    private readonly store: TelemetryStore,
    private readonly hints: () => ReceiverHint[],
  ) {}

  children(node: InstanceNodeData | undefined, now: number): InstanceNodeData[] {
    void now;
    if (!node) {
      const services = new Set<string>();
      for (const i of this.store.instances.values()) services.add(serviceDisplayName(i));
      return [
        ...this.hints().map((h): InstanceNodeData => ({ kind: 'hint', id: nodeId('hint', h.key), hintKey: h.key })),
        ...[...services].sort((a, b) => a.localeCompare(b)).map((service): InstanceNodeData => ({ kind: 'service', id: nodeId('service', service), service })),
      ];
    }
    switch (node.kind) {
      case 'service':
        return this.instancesOf(node.service)
          .sort((a, b) => a.instanceLabel.localeCompare(b.instanceLabel, undefined, { numeric: true }))
          .map((i): InstanceNodeData => ({ kind: 'instance', id: nodeId('instance', i.key), instanceKey: i.key }));
      case 'instance':
        return SIGNALS.map((signal): InstanceNodeData => ({ kind: 'signal', id: nodeId('signal', node.instanceKey, signal), instanceKey: node.instanceKey, signal }));
      case 'signal':
        return this.signalChildren(node);
      case 'stream': {
        const stream = this.streamOf(node);
        if (!stream) return [];
        const all = [...stream.series.values()].sort((a, b) => a.key.localeCompare(b.key));
        const { instanceKey, streamKey } = node;
        return capped(node, 'series', all, (s) => ({ kind: 'series', id: nodeId('series', instanceKey, streamKey, s.key), instanceKey, streamKey, seriesKey: s.key }));
      }
      default:
        return [];
    }
  }

  row(node: InstanceNodeData, now: number): Row {
    if (node.kind === 'service') {
      const instances = this.instancesOf(node.service);
      return serviceRow(node, node.service, instances, this.liveCount(instances, now));
    }
    if (node.kind === 'hint') {
      const hint = this.hints().find((h) => h.key === node.hintKey);
      return hint ? hintRow(node, hint, now) : goneRow(node);
    }
    if (node.kind === 'more') return moreRow(node, node.hidden, node.what);
    const instance = this.store.instances.get(node.instanceKey);
    if (!instance) return goneRow(node);
    switch (node.kind) {
      case 'instance':
        return instanceRow(node, instance, this.store.livenessOf(instance, now), now);
      case 'signal':
        return signalRow(node, instance, node.signal, now);
      case 'stream': {
        const stream = instance.metricStreams.get(node.streamKey);
        return stream ? streamRow(node, stream, now) : goneRow(node);
      }
      case 'series': {
        const stream = instance.metricStreams.get(node.streamKey);
        const series = stream?.series.get(node.seriesKey);
        return stream && series ? seriesRow(node, stream, series, now) : goneRow(node);
      }
      case 'trace': {
        const trace = instance.traces.get(node.traceId);
        return trace ? traceRow(node, trace) : goneRow(node);
      }
      case 'log': {
        const record = this.findLog(instance, node.logId);
        return record ? logRow(node, record) : goneRow(node);
      }
    }
  }

  tooltip(node: InstanceNodeData, now: number): RowTooltip | undefined {
    const tip = this.tooltipText(node, now);
    if (tip === undefined) return undefined;
    // The signal rows' tooltip is a plain sentence.
    return { text: tip, markdown: node.kind !== 'signal' };
  }

  private tooltipText(node: InstanceNodeData, now: number): string | undefined {
    if (node.kind === 'service') {
      const instances = this.instancesOf(node.service);
      return serviceTooltip(node.service, instances, this.liveCount(instances, now));
    }
    if (node.kind === 'hint') {
      const hint = this.hints().find((h) => h.key === node.hintKey);
      return hint && hintTooltip(hint, now);
    }
    if (node.kind === 'more') return undefined;
    const instance = this.store.instances.get(node.instanceKey);
    if (!instance) return undefined;
    switch (node.kind) {
      case 'instance':
        return instanceTooltip(instance, this.store.livenessOf(instance, now), now, this.store.genai.of(instance));
      case 'signal':
        return signalTooltip(instance, node.signal, now);
      case 'stream': {
        const stream = instance.metricStreams.get(node.streamKey);
        return stream && streamTooltip(stream, now);
      }
      case 'series': {
        const stream = instance.metricStreams.get(node.streamKey);
        const series = stream?.series.get(node.seriesKey);
        return stream && series && seriesText(stream, series, now);
      }
      case 'trace': {
        const trace = instance.traces.get(node.traceId);
        return trace && traceTooltip(instance, trace);
      }
      case 'log': {
        const record = this.findLog(instance, node.logId);
        return record && logTooltip(record);
      }
    }
  }

  private streamOf(node: { instanceKey: string; streamKey: string }): MetricStream | undefined {
    return this.store.instances.get(node.instanceKey)?.metricStreams.get(node.streamKey);
  }

  private liveCount(instances: Instance[], now: number): number {
    return instances.filter((i) => this.store.livenessOf(i, now).live).length;
  }

  private instancesOf(service: string): Instance[] {
    return [...this.store.instances.values()].filter((i) => serviceDisplayName(i) === service);
  }

  private signalChildren(node: Extract<InstanceNodeData, { kind: 'signal' }>): InstanceNodeData[] {
    const instance = this.store.instances.get(node.instanceKey);
    if (!instance) return [];
    const key = node.instanceKey;
    if (node.signal === 'metrics') {
      const streams = [...instance.metricStreams.values()].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
      return streams.map((s): InstanceNodeData => ({ kind: 'stream', id: nodeId('stream', key, s.key), instanceKey: key, streamKey: s.key }));
    }
    if (node.signal === 'traces') {
      const traces = [...instance.traces.values()].sort((a, b) => b.startTimeUnixNano - a.startTimeUnixNano || b.lastSeenMs - a.lastSeenMs);
      return capped(node, 'traces', traces, (t) => ({ kind: 'trace', id: nodeId('trace', key, t.traceId), instanceKey: key, traceId: t.traceId }));
    }
    const logs = instance.logs;
    const shown: InstanceNodeData[] = [];
    for (let i = logs.length - 1; i >= 0 && shown.length < MAX_CHILDREN; i--) {
      const logId = this.logSerial(logs.at(i)!);
      shown.push({ kind: 'log', id: nodeId('log', key, logId), instanceKey: key, logId });
    }
    return logs.length > MAX_CHILDREN ? [...shown, { kind: 'more', id: nodeId('more', node.id), hidden: logs.length - MAX_CHILDREN, what: 'log records' }] : shown;
  }

  private logSerial(record: object): number {
    let n = this.logSerials.get(record);
    if (n === undefined) this.logSerials.set(record, (n = this.nextLogSerial++));
    return n;
  }

  /** The record a log row names, among the newest (the only ones listed); undefined once it is evicted. */
  logRecord(instanceKey: string, logId: number): LogRecord | undefined {
    const instance = this.store.instances.get(instanceKey);
    return instance && this.findLog(instance, logId);
  }

  private findLog(instance: Instance, logId: number): LogRecord | undefined {
    const logs = instance.logs;
    for (let i = logs.length - 1, seen = 0; i >= 0 && seen < MAX_CHILDREN * 2; i--, seen++) {
      const record = logs.at(i)!;
      if (this.logSerials.get(record) === logId) return record;
    }
    return undefined;
  }
}

function capped<T>(parent: InstanceNodeData, what: string, all: T[], make: (t: T) => InstanceNodeData): InstanceNodeData[] {
  const shown = all.slice(0, MAX_CHILDREN).map(make);
  if (all.length <= MAX_CHILDREN) return shown;
  return [...shown, { kind: 'more', id: nodeId('more', parent.id), hidden: all.length - MAX_CHILDREN, what }];
}
