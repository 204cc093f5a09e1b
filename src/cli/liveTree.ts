import { formatAge, formatDurationMs, plural } from '../core/format/format';
import { tokenText } from '../core/genai/genaiSpan';
import { summarizePoint } from '../core/format/pointSummary';
import { formatAttributeValue } from '../core/model/attributes';
import { SIGNALS } from '../core/model/records';
import { serviceDisplayName } from '../core/store/identity';
import type { Instance } from '../core/store/instance';
import { missingSignalHints } from '../core/store/signalHints';
import type { ListenerState, ReceiverStats } from '../core/otlp/receiverStatus';
import type { TelemetryStore } from '../core/store/store';
import type { Trace } from '../core/store/trace';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

export const plainStyle: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s };
export const ansiStyle: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  red: (s) => `\x1b[31m${s}\x1b[39m`,
  green: (s) => `\x1b[32m${s}\x1b[39m`,
  yellow: (s) => `\x1b[33m${s}\x1b[39m`,
};

const MAX_METRIC_LINES = 12;

export function describeListener(name: string, state: ListenerState): string {
  switch (state.status) {
    case 'listening':
      return `${name} on ${state.host.includes(':') ? `[${state.host}]` : state.host}:${state.port}`;
    case 'starting':
      return `${name} starting on ${state.host}:${state.port}`;
    case 'error':
      return `${name} not running: ${state.message}`;
    default:
      return `${name} stopped`;
  }
}

/** The live tree: service → instance → signals (count, last seen) → metrics with latest values, traces, logs. */
export function renderTree(
  store: TelemetryStore,
  listeners: Record<string, ListenerState>,
  stats: ReceiverStats | undefined,
  style: Style,
  nowMs: number = Date.now(),
): string[] {
  const lines: string[] = [];
  const header = Object.entries(listeners)
    .map(([name, state]) => describeListener(name === 'http' ? 'OTLP/HTTP' : name === 'grpc' ? 'OTLP/gRPC' : name, state))
    .join(' · ');
  // Live by the store's rule, as the extension's tree and status bar count them.
  const live = store.liveInstances(nowMs).length;
  const count = `${plural(store.instances.size, 'instance')}${live < store.instances.size ? ` (${live} live)` : ''}`;
  lines.push(`${style.bold('Telemetry Inspector')} ${style.dim('—')} ${header} ${style.dim('—')} ${count}`);
  const c = store.counters;
  const ev = store.evictions;
  const evicted = ev.spans + ev.points + ev.logRecords + ev.instances;
  const rejected = c.traces.rejected + c.metrics.rejected + c.logs.rejected;
  const errors = stats ? stats.requests - (stats.byStatus['200'] ?? 0) : 0;
  lines.push(
    style.dim(
      `received ${plural(c.traces.received, 'span')}, ${plural(c.metrics.received, 'point')}, ${plural(c.logs.received, 'log record')}` +
        (evicted ? ` · evicted ${evicted}` : '') +
        (rejected ? ` · rejected ${rejected}` : '') +
        (errors ? ` · ${plural(errors, 'failed request')}` : ''),
    ),
  );
  if (stats) for (const hint of stats.hints.values()) lines.push(style.yellow(`hint: ${hint.message}`));
  if (store.instances.size === 0) {
    lines.push('');
    lines.push(style.dim('Waiting for telemetry. Point an app here with OTEL_EXPORTER_OTLP_ENDPOINT (see --help).'));
    return lines;
  }
  const byService = new Map<string, Instance[]>();
  for (const instance of store.instances.values()) {
    const name = serviceDisplayName(instance);
    let list = byService.get(name);
    if (!list) byService.set(name, (list = []));
    list.push(instance);
  }
  for (const [service, instances] of [...byService.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push('');
    lines.push(`${style.bold(service)} ${style.dim(`(${plural(instances.length, 'instance')})`)}`);
    instances.sort((a, b) => a.instanceLabel.localeCompare(b.instanceLabel));
    instances.forEach((instance, idx) => {
      const last = idx === instances.length - 1;
      const branch = last ? '└─ ' : '├─ ';
      const pad = last ? '   ' : '│  ';
      const label = instance.instanceLabel || '(no instance id)';
      const seen = `last seen ${formatAge(instance.lastSeenMs, nowMs)}`;
      // A quiet instance (nothing for longer than its usual export interval) is dimmed and says so.
      if (store.livenessOf(instance, nowMs).live) lines.push(`${branch}${instance.instanceLabel || style.dim(label)} ${style.dim(seen)}`);
      else lines.push(`${branch}${style.dim(`${label} quiet · ${seen}`)}`);
      for (const signal of SIGNALS) {
        const h = instance.signals[signal];
        const what = signal === 'traces' ? 'span' : signal === 'metrics' ? 'point' : 'log record';
        const text = h.lastSeenMs === undefined ? style.dim('none received') : `${plural(h.received, what)} · last ${formatAge(h.lastSeenMs, nowMs)}`;
        const mark = h.lastSeenMs === undefined ? style.dim('○') : style.green('●');
        lines.push(`${pad}${mark} ${signal.padEnd(8)}${text}`);
      }
      for (const hint of missingSignalHints(instance, nowMs)) lines.push(`${pad}  ${style.yellow(`hint: ${hint.message}`)}`);
      const metricLines: string[] = [];
      for (const stream of instance.metricStreams.values()) {
        for (const series of stream.series.values()) {
          const attrs = Object.entries(series.attributes).map(([k, v]) => `${k}=${formatAttributeValue(v)}`).join(',');
          metricLines.push(`${pad}    ${stream.name}${attrs ? style.dim(`{${attrs}}`) : ''}  ${summarizePoint(stream.kind, series.latest(), stream.unit, { name: stream.name, nowMs })}`);
        }
      }
      if (metricLines.length) {
        lines.push(`${pad}  metrics:`);
        lines.push(...metricLines.slice(0, MAX_METRIC_LINES));
        if (metricLines.length > MAX_METRIC_LINES) lines.push(style.dim(`${pad}    … and ${metricLines.length - MAX_METRIC_LINES} more series`));
      }
      if (instance.traces.size) {
        let latest: Trace | undefined;
        for (const t of instance.traces.values()) if (!latest || t.lastSeenMs >= latest.lastSeenMs) latest = t;
        const root = latest?.root;
        const err = latest && latest.errorCount ? style.red(' ✗ error') : '';
        lines.push(
          `${pad}  traces: ${instance.traces.size}` +
            (latest ? style.dim(` (latest: ${root?.name ?? '?'} ${formatDurationMs(latest.durationMs)}, ${plural(latest.spans.size, 'span')})`) + err : ''),
        );
      }
      const genai = store.genai.of(instance);
      if (genai.length) {
        lines.push(`${pad}  genai tokens:`);
        for (const m of genai) {
          lines.push(`${pad}    ${m.model}${m.provider ? style.dim(` (${m.provider})`) : ''}  ${plural(m.calls, 'call')} · ${tokenText(m.inputTokens, m.outputTokens)}`);
        }
      }
      if (instance.logs.length) {
        const lastLog = instance.logs.at(instance.logs.length - 1);
        const body = lastLog ? formatAttributeValue(lastLog.body).replace(/\s+/g, ' ').slice(0, 60) : '';
        lines.push(`${pad}  logs: ${instance.logs.length}${body ? style.dim(` (latest: ${body})`) : ''}`);
      }
    });
  }
  return lines;
}
