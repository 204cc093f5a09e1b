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
import type { Engine } from '../../core/engine';
import type { ListenerState, ReceiverStats } from '../../core/otlp/receiverStatus';
import { isStale } from '../../core/pushgateway/staleness';
import { memoryLine } from '../../core/store/memoryReport';
import { receiverHints } from '../receiver/receiverHints';
import { MOVE_BACK_COMMAND } from '../receiver/receiverController';
import { noticeMessage, noticeShort, type ReceiverNotice } from '../receiver/receiverNotice';
import { md } from '../views/shared/treeItemParts';
import { forwardTooltipLines } from '../forward/forwardStatusText';

export const INSTANCES_VIEW_ID = 'telemetryInspector.instances';
/** Ages in the tooltip change with time alone (the count follows the store's events, which say when an instance goes quiet). */
const TOOLTIP_TICK_MS = 5_000;

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly offStore: () => void;
  private readonly offState: () => void;
  private readonly offGrpcState: () => void;
  private readonly timer: NodeJS.Timeout;

  /** `grpcEnabled` says whether the gRPC receiver is meant to run (a stopped one is then "not running", else "off"). */
  constructor(
    private readonly engine: Engine,
    private readonly grpcEnabled: () => boolean = () => true,
    /** A receiver away from where instances send, or kept where it was: a warning that stays in sight. */
    private readonly receiverNotices: () => ReceiverNotice[] = () => [],
  ) {
    this.item = vscode.window.createStatusBarItem('telemetryInspector.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Telemetry Inspector';
    this.offStore = engine.store.onChange((change) => {
      if (change.cleared || change.topics.has('instances') || change.topics.has('receiver') || change.topics.has('pushgateway') || change.topics.has('scrape') || change.topics.has('forward')) this.update();
    });
    this.offState = engine.http.onState(() => this.update());
    this.offGrpcState = engine.grpc.onState(() => this.update());
    this.timer = setInterval(() => this.update(), TOOLTIP_TICK_MS);
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
        item.text = `$(pulse) ${plural(this.engine.store.liveInstances().length, 'instance')}${this.failing().length ? ' $(warning)' : ''}`;
        // A gRPC receiver that could not start is retried (with a way out) by starting by hand.
        if (this.grpcEnabled() && this.engine.grpc.state.status === 'error') item.command = { title: 'Start Receiver', command: 'telemetryInspector.startReceiver' };
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
    this.offStore();
    this.offState();
    this.offGrpcState();
    clearInterval(this.timer);
    this.item.dispose();
  }

  private tooltip(): vscode.MarkdownString {
    const { store, http, grpc } = this.engine;
    const state = http.state;
    const lines: string[] = ['**Telemetry Inspector**', ''];
    lines.push(receiverLine('OTLP/HTTP', state, true), '');
    lines.push(receiverLine('OTLP/gRPC', grpc.state, this.grpcEnabled()));
    if (state.status === 'listening') for (const notice of this.receiverNotices()) lines.push('', `$(warning) ${md(noticeMessage(notice))}${notice.reason === 'moved' ? ' Click to move it back.' : ''}`);
    const live = store.liveInstances().length;
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
    lines.push('', memoryLine(store.memory, store.evictedByCause));
    lines.push('', errorsLine('', http.stats, '200'));
    if (grpc.stats.requests) lines.push('', errorsLine('gRPC: ', grpc.stats, 'OK'));
    for (const hint of receiverHints(this.engine)) lines.push('', `$(lightbulb) ${hint.receiver}: ${md(hint.message)}`);
    lines.push(...this.sourceLines());
    lines.push(...forwardTooltipLines(this.engine.forwarder.health()));
    const grpcFailed = this.grpcEnabled() && grpc.state.status === 'error';
    lines.push('', state.status === 'error' || grpcFailed ? 'Click to start the receivers again or pick another port.' : 'Click to show the Instances view.');
    const m = new vscode.MarkdownString(lines.join('\n'));
    m.supportThemeIcons = true;
    return m;
  }

  /** The sources that fail now, in words (empty when all is well). */
  failing(): string[] {
    const out: string[] = [];
    if (this.grpcEnabled() && this.engine.grpc.state.status === 'error') out.push('OTLP/gRPC receiver');
    const gw = this.engine.pushgateway.state;
    if (gw.health !== 'ok' && gw.health !== 'off' && gw.health !== 'pending') out.push('Pushgateway');
    const down = this.engine.scraper.targets.filter((t) => t.health === 'down').length;
    if (down) out.push(plural(down, 'scrape target') + ' down');
    const badFiles = this.engine.scraper.files.filter((f) => f.error).length;
    if (badFiles) out.push(plural(badFiles, 'file_sd file') + ' failing');
    const upstreams = this.engine.forwarder.health().filter((u) => u.status === 'failing').length;
    if (upstreams) out.push(plural(upstreams, 'forward upstream') + ' failing');
    return out;
  }

  /** The Pushgateway and the scrape targets, when configured. */
  private sourceLines(): string[] {
    const lines: string[] = [];
    const now = Date.now();
    const gw = this.engine.pushgateway.state;
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
    const targets = this.engine.scraper.targets;
    const files = this.engine.scraper.files;
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

function errorsLine(prefix: string, stats: ReceiverStats, okStatus: string): string {
  const failed = stats.requests - (stats.byStatus[okStatus] ?? 0);
  if (failed && stats.lastError) {
    return `$(error) ${prefix}${plural(failed, 'failed request')}; last ${formatAge(stats.lastError.atMs)}: ${stats.lastError.status} ${md(stats.lastError.message)}`;
  }
  return `${prefix}No errors in ${plural(stats.requests, 'request')}`;
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}
