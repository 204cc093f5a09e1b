/**
 * How each element of the Instances view looks: label, description, icon and contextValue (which drives the menus
 * in package.json), and apart from them its tooltip, which is made only when VS Code asks for it (on hover), so it
 * says what is true then. The words and numbers come from core/format, as in the CLI's live tree.
 */
import * as vscode from 'vscode';
import { formatAge, formatDurationMs, plural, severityName } from '../../../core/format/format';
import { summarizePoint } from '../../../core/format/pointSummary';
import { formatAttributeValue, type Attributes } from '../../../core/model/attributes';
import { SIGNALS, SPAN_KIND_NAMES, type LogRecord, type Signal } from '../../../core/model/records';
import { wiredByText } from '../../../core/env/wiredBy';
import { serviceDisplayName } from '../../../core/store/identity';
import type { Instance } from '../../../core/store/instance';
import type { Liveness } from '../../../core/store/liveness';
import { missingSignalHints } from '../../../core/store/signalHints';
import { formatDuration } from '../../../core/pushgateway/duration';
import type { MetricStream } from '../../../core/store/metricStream';
import type { Series } from '../../../core/store/series';
import type { Trace } from '../../../core/store/trace';
import type { Node } from './instanceNodes';
import { md, themeIcon as icon } from '../shared/treeItemParts';
import { seriesName } from '../../../core/format/seriesName';

/** contextValue of each kind of element, as the `viewItem ==` clauses in package.json name them. */
export const CONTEXT = {
  service: 'service',
  instance: 'instance',
  signal: 'signal',
  stream: 'stream',
  /** A series, or a metric stream with one series drawn as one row: both can copy a series name. */
  series: 'series',
  trace: 'trace',
  log: 'log',
  more: 'more',
} as const;

const SIGNAL_LABEL: Record<Signal, string> = { traces: 'Traces', metrics: 'Metrics', logs: 'Logs' };
const SIGNAL_ICON: Record<Signal, string> = { traces: 'symbol-event', metrics: 'graph-line', logs: 'output' };
const SIGNAL_ITEM: Record<Signal, string> = { traces: 'span', metrics: 'point', logs: 'log record' };

const { None, Collapsed, Expanded } = vscode.TreeItemCollapsibleState;

function item(node: Node, label: string, state: vscode.TreeItemCollapsibleState, contextValue: string): vscode.TreeItem {
  const t = new vscode.TreeItem(label, state);
  t.id = node.id;
  t.contextValue = contextValue;
  return t;
}

function attributesTable(attributes: Attributes): string {
  const keys = Object.keys(attributes).sort();
  if (keys.length === 0) return '_none_\n';
  return '| attribute | value |\n|:--|:--|\n' + keys.map((k) => `| ${md(k)} | ${md(formatAttributeValue(attributes[k]))} |`).join('\n') + '\n';
}

function tooltip(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text);
  m.supportThemeIcons = true;
  return m;
}

/** "10:42:05" in the user's time zone: a log's own time, which an age would hide. */
function clock(unixNano: number): string {
  const d = new Date(unixNano / 1e6);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** `live` is how many of `instances` are live, by the store's liveness rule (as the status bar counts them). */
export function serviceItem(node: Node, service: string, instances: Instance[], live: number): vscode.TreeItem {
  const t = item(node, service, Expanded, CONTEXT.service);
  t.description = plural(instances.length, 'instance') + (live < instances.length ? ` (${live} live)` : '');
  t.iconPath = icon('layers');
  return t;
}

export function serviceTooltip(service: string, instances: Instance[], live: number): vscode.MarkdownString {
  return tooltip(`**${md(service)}** · ${plural(instances.length, 'instance')}, ${live} live\n\n${instances.map((i) => `- ${md(i.instanceLabel || '(no instance id)')}`).join('\n')}`);
}

/** "every 5s", as people say an interval. */
function every(ms: number): string {
  return `every ${formatDuration(Math.max(1000, Math.round(ms / 1000) * 1000))}`;
}

/**
 * Which signals arrive, at a glance: "traces · metrics · no logs". Once the instance went quiet, "last seen …"
 * comes first, where a narrow sidebar does not cut it off.
 */
export function instanceDescription(instance: Instance, liveness: Liveness, nowMs: number): string {
  const parts = SIGNALS.map((s) => (instance.signals[s].lastSeenMs === undefined ? `no ${s}` : s));
  if (!liveness.live) parts.unshift(`last seen ${formatAge(instance.lastSeenMs, nowMs)}`);
  return parts.join(' · ');
}

/** A quiet instance is dimmed: its icon takes the disabled color. */
export function instanceItem(node: Node, instance: Instance, liveness: Liveness, nowMs: number): vscode.TreeItem {
  const t = item(node, instance.instanceLabel || '(no instance id)', Collapsed, CONTEXT.instance);
  t.description = instanceDescription(instance, liveness, nowMs);
  const missing = SIGNALS.filter((s) => instance.signals[s].lastSeenMs === undefined);
  t.iconPath = icon('server-process', liveness.live ? (missing.length ? 'charts.yellow' : 'charts.green') : 'disabledForeground');
  return t;
}

export function instanceTooltip(instance: Instance, liveness: Liveness, nowMs: number): vscode.MarkdownString {
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
  return tooltip(
    `**${md(serviceDisplayName(instance))}** · ${md(instance.instanceLabel || '(no instance id)')}\n\n` +
      (wired ? `$(terminal) ${md(wired)}\n\n` : '') +
      `${state}: first seen ${formatAge(instance.firstSeenMs, nowMs)}, last seen ${formatAge(instance.lastSeenMs, nowMs)}\n\n` +
      `${signals.join('\n')}\n\n${hints.join('')}**Resource attributes**\n\n${attributesTable(instance.resource)}`,
  );
}

export function signalItem(node: Node, instance: Instance, signal: Signal, nowMs: number): vscode.TreeItem {
  const h = instance.signals[signal];
  const stored = signal === 'traces' ? instance.traces.size : signal === 'metrics' ? instance.metricStreams.size : instance.logs.length;
  const t = item(node, SIGNAL_LABEL[signal], stored ? Collapsed : None, CONTEXT.signal);
  t.description = h.lastSeenMs === undefined ? 'none received' : `${plural(h.received, SIGNAL_ITEM[signal])} · last ${formatAge(h.lastSeenMs, nowMs)}`;
  t.iconPath = h.lastSeenMs === undefined ? icon(SIGNAL_ICON[signal], 'disabledForeground') : icon(SIGNAL_ICON[signal]);
  return t;
}

export function signalTooltip(instance: Instance, signal: Signal, nowMs: number): string {
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

/** A stream with one series is drawn as one row with its value; with several, the series hang below it. */
export function streamItem(node: Node, stream: MetricStream, nowMs: number): vscode.TreeItem {
  const only = stream.series.size === 1 ? stream.series.values().next().value : undefined;
  if (only) {
    const t = item(node, stream.name, None, CONTEXT.series);
    const attrs = attributesText(only.attributes);
    t.description = summarizePoint(stream.kind, only.latest(), stream.unit, { name: stream.name, nowMs }) + (attrs ? ` · ${attrs}` : '');
    t.iconPath = icon('graph-line');
    t.command = { command: 'telemetryInspector.openMetricChart', title: 'Open Metric Chart', arguments: [node] };
    return t;
  }
  const t = item(node, stream.name, Collapsed, CONTEXT.stream);
  t.description = plural(stream.series.size, 'series', 'series');
  t.iconPath = icon('graph-line');
  return t;
}

export function streamTooltip(stream: MetricStream, nowMs: number): vscode.MarkdownString {
  const only = stream.series.size === 1 ? stream.series.values().next().value : undefined;
  return tooltip(only ? `${streamText(stream)}\n\n${seriesText(stream, only, nowMs)}` : streamText(stream));
}

export function seriesTooltip(stream: MetricStream, series: Series, nowMs: number): vscode.MarkdownString {
  return tooltip(seriesText(stream, series, nowMs));
}

function seriesText(stream: MetricStream, series: Series, nowMs: number): string {
  return `\`${seriesName(stream.name, series.attributes).replace(/`/g, "'")}\`\n\nlatest: ${md(summarizePoint(stream.kind, series.latest(), stream.unit, { name: stream.name, nowMs }))} · ${plural(series.points.length, 'point')} kept · updated ${formatAge(series.lastUpdatedMs, nowMs)}`;
}

export function seriesItem(node: Node, stream: MetricStream, series: Series, nowMs: number): vscode.TreeItem {
  const t = item(node, attributesText(series.attributes) || '(no attributes)', None, CONTEXT.series);
  t.description = summarizePoint(stream.kind, series.latest(), stream.unit, { name: stream.name, nowMs });
  t.iconPath = icon('symbol-field');
  t.command = { command: 'telemetryInspector.openMetricChart', title: 'Open Metric Chart', arguments: [node] };
  return t;
}

/** Errors come first in the description, where a narrow sidebar does not cut them off. */
export function traceItem(node: Node, trace: Trace): vscode.TreeItem {
  const t = item(node, trace.root?.name ?? '(no root span)', None, CONTEXT.trace);
  const errors = trace.errorCount;
  t.description = `${errors ? `${plural(errors, 'error')} · ` : ''}${formatDurationMs(trace.durationMs)} · ${plural(trace.spans.size, 'span')}`;
  t.iconPath = errors ? icon('error', 'errorForeground') : icon('list-tree');
  t.command = { command: 'telemetryInspector.openTrace', title: 'Open Trace', arguments: [node] };
  return t;
}

export function traceTooltip(instance: Instance, trace: Trace): vscode.MarkdownString {
  const root = trace.root;
  const errors = trace.errorCount;
  const status = root && root.statusMessage ? ` — ${md(root.statusMessage)}` : '';
  return tooltip(
    `**${md(root?.name ?? '(no root span)')}**${status}\n\n` +
      `trace \`${trace.traceId}\` · ${md(serviceDisplayName(instance))}\n\n` +
      `${root ? `${SPAN_KIND_NAMES[root.kind] ?? root.kind} span · ` : ''}started ${clock(trace.startTimeUnixNano)} · ${formatDurationMs(trace.durationMs)} · ` +
      `${plural(trace.spans.size, 'span')}${errors ? ` · $(error) ${plural(errors, 'error')}` : ''}`,
  );
}

export function logItem(node: Node, record: LogRecord): vscode.TreeItem {
  const body = formatAttributeValue(record.body).replace(/\s+/g, ' ').trim();
  const t = item(node, body.length > 120 ? `${body.slice(0, 119)}…` : body || '(empty body)', None, CONTEXT.log);
  const severity = severityName(record.severityNumber, record.severityText);
  const when = record.timeUnixNano || record.observedTimeUnixNano;
  t.description = `${severity}${when ? ` · ${clock(when)}` : ''}`;
  const n = record.severityNumber;
  t.iconPath = n >= 17 ? icon('error', 'errorForeground') : n >= 13 ? icon('warning', 'editorWarning.foreground') : n >= 9 ? icon('info') : n >= 1 ? icon('debug') : icon('output');
  return t;
}

export function logTooltip(record: LogRecord): vscode.MarkdownString {
  const severity = severityName(record.severityNumber, record.severityText);
  const when = record.timeUnixNano || record.observedTimeUnixNano;
  return tooltip(
    `**${md(severity)}**${when ? ` · ${new Date(when / 1e6).toISOString()}` : ''}\n\n${md(formatAttributeValue(record.body))}\n\n` +
      (record.traceId ? `trace \`${record.traceId}\`${record.spanId ? ` · span \`${record.spanId}\`` : ''}\n\n` : '') +
      (Object.keys(record.attributes).length ? attributesTable(record.attributes) : ''),
  );
}

export function moreItem(node: Node, hidden: number, what: string): vscode.TreeItem {
  const t = item(node, `… ${hidden.toLocaleString('en-US')} more`, None, CONTEXT.more);
  t.description = `older ${what} are kept but not listed`;
  return t;
}

/** What a node draws as when its data was evicted or cleared between the refresh and the draw. */
export function goneItem(node: Node): vscode.TreeItem {
  const t = item(node, '(no longer kept)', None, CONTEXT.more);
  t.iconPath = icon('circle-slash', 'disabledForeground');
  return t;
}
