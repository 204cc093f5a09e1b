/**
 * The status-bar item: `$(pulse) N instances` while the receiver listens (live ones only), a warning when it
 * could not start (a busy port, found quietly at auto-start), and a tooltip with the receiver's address, what
 * arrived per signal, evictions and errors.
 */
import * as vscode from 'vscode';
import { formatAge, plural } from '../core/format/format';
import { SIGNALS } from '../core/model/records';
import type { Engine } from '../core/engine';
import { LIVE_WINDOW_MS, md } from './treeItems';

export const INSTANCES_VIEW_ID = 'telemetryInspector.instances';
/** Liveness changes with time alone (an instance goes quiet): the count is recomputed this often. */
const LIVENESS_TICK_MS = 5_000;

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly offStore: () => void;
  private readonly offState: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly engine: Engine) {
    this.item = vscode.window.createStatusBarItem('telemetryInspector.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Telemetry Inspector';
    this.offStore = engine.store.onChange((change) => {
      if (change.cleared || change.topics.has('instances') || change.topics.has('receiver')) this.update();
    });
    this.offState = engine.http.onState(() => this.update());
    this.timer = setInterval(() => this.update(), LIVENESS_TICK_MS);
    this.timer.unref?.();
    this.update();
    this.item.show();
  }

  update(): void {
    const state = this.engine.http.state;
    const item = this.item;
    item.backgroundColor = undefined;
    item.command = { title: 'Show Instances', command: `${INSTANCES_VIEW_ID}.focus` };
    switch (state.status) {
      case 'listening':
        item.text = `$(pulse) ${plural(this.engine.store.liveInstances(LIVE_WINDOW_MS).length, 'instance')}`;
        break;
      case 'starting':
        item.text = '$(sync~spin) Telemetry';
        break;
      case 'stopped':
        item.text = '$(circle-slash) Telemetry stopped';
        break;
      case 'error':
        item.text = state.code === 'EADDRINUSE' ? `$(warning) Telemetry: port ${state.port} busy` : '$(warning) Telemetry not running';
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        // Starting by hand explains the failure and offers another port.
        item.command = { title: 'Start Receiver', command: 'telemetryInspector.startReceiver' };
        break;
    }
    item.tooltip = this.tooltip();
  }

  dispose(): void {
    this.offStore();
    this.offState();
    clearInterval(this.timer);
    this.item.dispose();
  }

  private tooltip(): vscode.MarkdownString {
    const { store, http } = this.engine;
    const state = http.state;
    const lines: string[] = ['**Telemetry Inspector**', ''];
    switch (state.status) {
      case 'listening':
        lines.push(`$(radio-tower) OTLP/HTTP receiver on \`${state.host.includes(':') ? `[${state.host}]` : state.host}:${state.port}\``);
        break;
      case 'starting':
        lines.push(`$(sync~spin) OTLP/HTTP receiver starting on \`${state.host}:${state.port}\``);
        break;
      case 'stopped':
        lines.push('$(circle-slash) OTLP/HTTP receiver stopped');
        break;
      case 'error':
        lines.push(`$(warning) ${md(state.message)}`);
        break;
    }
    const live = store.liveInstances(LIVE_WINDOW_MS).length;
    lines.push('', `${plural(live, 'live instance')}${store.instances.size !== live ? `, ${store.instances.size} known` : ''}`, '');
    lines.push('| | received | kept | evicted | rejected |', '|:--|--:|--:|--:|--:|');
    for (const s of SIGNALS) {
      const c = store.counters[s];
      lines.push(`| ${s} | ${n(c.received)} | ${n(c.stored)} | ${n(c.evicted)} | ${n(c.rejected)} |`);
    }
    const ev = store.evictions;
    const evicted = ev.spans + ev.points + ev.series + ev.logRecords + ev.instances;
    lines.push(
      '',
      evicted
        ? `Evicted to stay within the caps: ${plural(ev.spans, 'span')}, ${plural(ev.points, 'point')}, ${plural(ev.series, 'series', 'series')}, ${plural(ev.logRecords, 'log record')}, ${plural(ev.instances, 'instance')}`
        : 'Nothing evicted',
    );
    const stats = http.stats;
    const failed = stats.requests - (stats.byStatus['200'] ?? 0);
    lines.push('');
    if (failed && stats.lastError) {
      lines.push(`$(error) ${plural(failed, 'failed request')}; last ${formatAge(stats.lastError.atMs)}: ${stats.lastError.status} ${md(stats.lastError.message)}`);
    } else {
      lines.push(`No errors in ${plural(stats.requests, 'request')}`);
    }
    for (const hint of stats.hints.values()) lines.push('', `$(lightbulb) ${md(hint.message)}`);
    lines.push('', state.status === 'error' ? 'Click to start the receiver again or pick another port.' : 'Click to show the Instances view.');
    const m = new vscode.MarkdownString(lines.join('\n'));
    m.supportThemeIcons = true;
    return m;
  }
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}
