/**
 * The status-bar item: `$(pulse) N instances` while the receiver listens (live ones only, by the store's liveness
 * rule, as the Instances view counts them), a warning when it could not start (a busy port, found quietly at
 * auto-start), and a tooltip with the receivers' addresses, what
 * arrived per signal, evictions and errors, receiver hints, the Pushgateway's health and stale groups, and the
 * scrape targets. A failing source (the gRPC port busy, the gateway unreachable, a target down) adds `$(warning)`
 * to the count, and its line in the tooltip is marked `$(error)`.
 */
import * as vscode from 'vscode';
import { formatAge, plural } from '../../core/format/format';
import { SIGNALS } from '../../core/model/records';
import type { EngineApi, LifecycleEvent, ReceiverStatsData } from '../../core/api/engineApi';
import type { ListenerState } from '../../core/otlp/receiverStatus';
import { isStale } from '../../core/pushgateway/staleness';
import { memoryLine } from '../../core/store/memoryReport';
import { INSTANCES_VIEW_ID } from '../../core/views/tree/instancesTree';
import { md } from '../../core/views/tree/treeRow';
import { MOVE_BACK_COMMAND } from '../receiver/receiverController';
import { noticeMessage, noticeShort, type ReceiverNotice } from '../receiver/receiverNotice';
import { forwardTooltipLines } from '../forward/forwardStatusText';
import { persistenceLines } from '../captures/persistenceText';
import { markdown } from '../views/shared/treeItems';

export { INSTANCES_VIEW_ID };
/** Ages in the tooltip change with time alone (the count follows the store's events, which say when an instance goes quiet). */
const TOOLTIP_TICK_MS = 5_000;
/** After the engine was restarted, the item says so this long (its tooltip always does). */
const RESTART_SHOWN_MS = 5 * 60_000;

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly offStatus: () => void;
  private readonly offChange: () => void;
  private readonly offLifecycle: () => void;
  private readonly timer: NodeJS.Timeout;
  /** Why the engine is down now (undefined while it runs). */
  private down: string | undefined;
  private restartedAtMs = -Infinity;

  /** `grpcEnabled` says whether the gRPC receiver is meant to run (a stopped one is then "not running", else "off"). */
  constructor(
    private readonly api: EngineApi,
    private readonly grpcEnabled: () => boolean = () => true,
    /** A receiver away from where instances send, or kept where it was: a warning that stays in sight. */
    private readonly receiverNotices: () => ReceiverNotice[] = () => [],
  ) {
    this.item = vscode.window.createStatusBarItem('telemetryInspector.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Telemetry Inspector';
    // Every section the item or its tooltip shows comes with the status (receivers, counts, sources, forward).
    this.offStatus = api.onStatus(() => this.update());
    // Receiver notices are the front door's own: they are announced on the 'receiver' topic.
    this.offChange = api.onChange((change) => change.topics.has('receiver') && this.update());
    this.offLifecycle = api.onLifecycle((e) => this.onLifecycle(e));
    this.timer = setInterval(() => this.update(), TOOLTIP_TICK_MS);
    this.timer.unref?.();
    this.update();
    this.item.show();
  }

  update(): void {
    const state = this.api.status.receivers.http.state;
    const item = this.item;
    item.backgroundColor = undefined;
    item.command = { title: 'Show Instances', command: `${INSTANCES_VIEW_ID}.focus` };
    if (this.down !== undefined) {
      // The engine died and is being started again: what it showed is not current.
      item.text = `$(warning) Telemetry engine stopped, restarting…`;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      item.tooltip = markdown(`**Telemetry Inspector**\n\n$(error) The engine stopped (${md(this.down)}); it is being restarted with the current settings.${this.restartsLine()}`);
      return;
    }
    switch (state.status) {
      case 'listening':
        item.text = `$(pulse) ${plural(this.api.status.store.live, 'instance')}${this.failing().length ? ' $(warning)' : ''}${this.recentlyRestarted() ? ` · engine restarted (${this.api.restarts})` : ''}`;
        // A gRPC receiver that could not start is retried (with a way out) by starting by hand.
        if (this.grpcEnabled() && this.api.status.receivers.grpc.state.status === 'error') item.command = { title: 'Start Receiver', command: 'telemetryInspector.startReceiver' };
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
    this.showNotices(state.status === 'listening' ? this.receiverNotices() : []);
    item.tooltip = this.tooltip();
  }

  /** Receiver notices (receiverNotice.ts) after the count, in warning colours; a click moves back when that helps. */
  private showNotices(notices: ReceiverNotice[]): void {
    if (!notices.length) return;
    const item = this.item;
    item.text += ` · $(warning) ${noticeShort(notices[0])}${notices.length > 1 ? ` (+${notices.length - 1})` : ''}`;
    item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    if (notices.some((n) => n.reason === 'moved')) item.command = { title: 'Move Receiver Back', command: MOVE_BACK_COMMAND };
  }

  dispose(): void {
    this.offStatus();
    this.offChange();
    this.offLifecycle();
    clearInterval(this.timer);
    this.item.dispose();
  }

  private onLifecycle(e: LifecycleEvent): void {
    this.down = e.type === 'restarted' ? undefined : e.reason;
    if (e.type === 'restarted') this.restartedAtMs = Date.now();
    this.update();
  }

  private recentlyRestarted(): boolean {
    return this.api.restarts > 0 && Date.now() - this.restartedAtMs < RESTART_SHOWN_MS;
  }

  private restartsLine(): string {
    const n = this.api.restarts;
    return n ? `\n\n$(debug-restart) The engine was restarted ${n === 1 ? 'once' : `${n} times`} after it stopped.` : '';
  }

  private tooltip(): vscode.MarkdownString {
    const { store, receivers } = this.api.status;
    const state = receivers.http.state;
    const lines: string[] = ['**Telemetry Inspector**', ''];
    lines.push(receiverLine('OTLP/HTTP', state, true), '');
    lines.push(receiverLine('OTLP/gRPC', receivers.grpc.state, this.grpcEnabled()));
    if (state.status === 'listening') for (const notice of this.receiverNotices()) lines.push('', `$(warning) ${md(noticeMessage(notice))}${notice.reason === 'moved' ? ' Click to move it back.' : ''}`);
    const live = store.live;
    lines.push('', `${plural(live, 'live instance')}${store.instances !== live ? `, ${store.instances} known` : ''}`, '');
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
    lines.push('', memoryLine(this.api.status.store.memory, this.api.status.store.evictedByCause));
    lines.push('', ...persistenceLines(this.api.status.persistence));
    const { stats } = this.api.status;
    lines.push('', errorsLine('', stats.http, '200'));
    if (stats.grpc.requests) lines.push('', errorsLine('gRPC: ', stats.grpc, 'OK'));
    for (const hint of this.api.status.hints) lines.push('', `$(lightbulb) ${hint.receiver}: ${md(hint.message)}`);
    lines.push(...this.sourceLines());
    lines.push(...forwardTooltipLines(this.api.status.forward));
    const grpcFailed = this.grpcEnabled() && receivers.grpc.state.status === 'error';
    lines.push('', state.status === 'error' || grpcFailed ? 'Click to start the receivers again or pick another port.' : 'Click to show the Instances view.');
    return markdown(lines.join('\n') + this.restartsLine());
  }

  /** The sources that fail now, in words (empty when all is well). */
  failing(): string[] {
    const out: string[] = [];
    if (this.grpcEnabled() && this.api.status.receivers.grpc.state.status === 'error') out.push('OTLP/gRPC receiver');
    const gw = this.api.status.pushgateway;
    if (gw.health !== 'ok' && gw.health !== 'off' && gw.health !== 'pending') out.push('Pushgateway');
    const down = this.api.status.scrape.targets.filter((t) => t.health === 'down').length;
    if (down) out.push(plural(down, 'scrape target') + ' down');
    const badFiles = this.api.status.scrape.files.filter((f) => f.error).length;
    if (badFiles) out.push(plural(badFiles, 'file_sd file') + ' failing');
    const upstreams = this.api.status.forward.filter((u) => u.status === 'failing').length;
    if (upstreams) out.push(plural(upstreams, 'forward upstream') + ' failing');
    if (this.api.status.persistence?.state === 'error') out.push('keeping data on disk');
    return out;
  }

  /** The Pushgateway and the scrape targets, when configured. */
  private sourceLines(): string[] {
    const lines: string[] = [];
    const now = Date.now();
    const gw = this.api.status.pushgateway;
    if (gw.health !== 'off') {
      const url = `\`${(gw.url ?? '').replace(/`/g, "'")}\``;
      const polled = gw.lastPollMs !== undefined ? `, polled ${formatAge(gw.lastPollMs, now)}` : '';
      const stale = gw.groups.filter((g) => isStale(g, gw.staleAfterMs, now)).length;
      const failedPushes = gw.groups.filter((g) => !g.lastPushSuccessful).length;
      const groups = `${plural(gw.groups.length, 'group')}${stale ? `, **${stale} stale**` : ''}${failedPushes ? `, ${failedPushes} with a failed push` : ''}`;
      if (gw.health === 'ok') lines.push('', `$(pass) Pushgateway ${url}: ok, ${groups}${polled}`);
      else if (gw.health === 'pending') lines.push('', `$(sync~spin) Pushgateway ${url}: connecting`);
      else lines.push('', `$(error) Pushgateway ${url}: ${gw.health}: ${md(gw.message)}${polled}`);
    }
    const { targets, files } = this.api.status.scrape;
    if (targets.length || files.length) {
      const up = targets.filter((t) => t.health === 'up').length;
      const down = targets.filter((t) => t.health === 'down');
      lines.push('', `${down.length ? '$(error)' : '$(pass)'} Scrape targets: ${up} up${down.length ? `, ${down.length} down` : ''}${targets.length - up - down.length ? `, ${targets.length - up - down.length} not scraped yet` : ''}`);
      for (const t of down.slice(0, 3)) lines.push(`- $(error) \`${t.url.replace(/`/g, "'")}\`: ${md(t.error)}`);
      if (down.length > 3) lines.push(`- … and ${down.length - 3} more down`);
      for (const f of files.filter((x) => x.error)) lines.push(`- $(error) file\\_sd \`${f.path.replace(/`/g, "'")}\`: ${md(f.error)}`);
    }
    return lines;
  }
}

function receiverLine(name: string, state: ListenerState, enabled: boolean): string {
  switch (state.status) {
    case 'listening':
      return `$(radio-tower) ${name} receiver on \`${state.host.includes(':') ? `[${state.host}]` : state.host}:${state.port}\``;
    case 'starting':
      return `$(sync~spin) ${name} receiver starting on \`${state.host}:${state.port}\``;
    case 'stopped':
      return enabled ? `$(circle-slash) ${name} receiver stopped` : `$(circle-slash) ${name} receiver off (telemetryInspector.grpc.enabled)`;
    case 'error':
      return `$(error) ${md(state.message)}`;
  }
}

function errorsLine(prefix: string, stats: ReceiverStatsData, okStatus: string): string {
  const failed = stats.requests - (stats.byStatus[okStatus] ?? 0);
  if (failed && stats.lastError) {
    return `$(error) ${prefix}${plural(failed, 'failed request')}; last ${formatAge(stats.lastError.atMs)}: ${stats.lastError.status} ${md(stats.lastError.message)}`;
  }
  return `${prefix}No errors in ${plural(stats.requests, 'request')}`;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}
