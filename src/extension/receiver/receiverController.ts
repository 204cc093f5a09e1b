/**
 * The VS Code side of the OTLP receivers, which the engine starts, stops and moves: it turns the settings into the
 * engine's receiver configuration, and says what happened in the way that suits who asked: auto-start fails
 * quietly (the status bar shows it), a user's own action gets a notification with a way out (another port, the
 * settings); context keys for the menus, lines in the output channel.
 */
import * as vscode from 'vscode';
import type { EngineApi, InstanceSummary, ListenErrorData, ReceiverChangeData } from '../../core/api/engineApi';
import { RECEIVER_KINDS, RECEIVER_LABEL, type EngineConfig, type ReceiverAddress, type ReceiverKind } from '../../core/engine';
import { DEFAULT_HOST, isLoopbackHost } from '../../core/otlp/receiverOptions';
import type { ListenerState } from '../../core/otlp/receiverStatus';
import { anyFreePort, freePortAfter } from './freePort';
import { formatAddress, instanceName, noticeMessage, type ReceiverNotice } from './receiverNotice';
import { SECTION, SETTING, type Settings } from '../settings/settings';
import { writeSettingWhereDefined } from '../settings/writeSetting';

/** Context keys the menus and welcome views of package.json read (the HTTP receiver's: it is always on). */
const CONTEXT_RUNNING = 'telemetryInspector.receiverRunning';
const CONTEXT_STATE = 'telemetryInspector.receiverState';

const WARNED_HOSTS_KEY = 'telemetryInspector.warnedNonLoopbackHosts';

/** Moves a receiver back to where the instances it left behind send (arg: 'http' or 'grpc'; default: both). */
export const MOVE_BACK_COMMAND = 'telemetryInspector.moveReceiverBack';

/**
 * How long a receiver address must stay the same in the settings before the receiver moves there: the Settings
 * editor saves as you type, so typing 70000 would otherwise move it to 7 and 7000 on the way.
 */
export const ADDRESS_SETTLE_MS = 1500;

/** A move that left instances behind: where they send, and who. */
interface Move {
  from: ReceiverAddress;
  to: ReceiverAddress;
  /** Instance keys that sent to `from` (or an address in between) shortly before the move. */
  senders: Set<string>;
}

/** The engine's receiver configuration for these settings (both receivers listen on receiver.host). */
export function receiverConfig(settings: Settings): Pick<EngineConfig, 'http' | 'grpc'> {
  const host = settings.receiver.host;
  return { http: { host, port: settings.receiver.port, enabled: true }, grpc: { host, port: settings.grpc.port, enabled: settings.grpc.enabled } };
}

export class ReceiverController implements vscode.Disposable {
  /** See ADDRESS_SETTLE_MS; tests shorten it. */
  settleMs = ADDRESS_SETTLE_MS;
  private readonly disposables: vscode.Disposable[] = [];
  /** Hosts warned about in this session (the stored list is written asynchronously). */
  private readonly warning = new Set<string>();
  /** An address change waiting to settle: the timer, the address it goes to, and a promise settled when it is done. */
  private pending: { timer: NodeJS.Timeout; target: string; done: Promise<void>; resolve: () => void } | undefined;
  private readonly moves: Partial<Record<ReceiverKind, Move>> = {};
  private readonly kept: Partial<Record<ReceiverKind, Extract<ReceiverNotice, { reason: 'kept' }>>> = {};
  /** Per move, the instances it left behind as last asked of the engine (notices() reads it; events refresh it). */
  private behind: Partial<Record<ReceiverKind, InstanceSummary[]>> = {};
  private shownState = '';

  constructor(
    private readonly api: EngineApi,
    private current: Settings,
    private readonly output: vscode.LogOutputChannel,
    private readonly globalState: vscode.Memento,
  ) {
    const offStatus = api.onStatus((status, changed) => changed.includes('receivers') && this.onState(status.receivers.http.state));
    // A cut-off instance that reaches the new address, or is cleared away, ends its notice.
    const offChange = api.onChange((c) => (c.topics.has('instances') || c.topics.has('receiver')) && void this.refreshLeftBehind());
    this.disposables.push(
      { dispose: offStatus },
      { dispose: offChange },
      vscode.commands.registerCommand(MOVE_BACK_COMMAND, (kind?: unknown) => this.moveBack(kind === 'http' || kind === 'grpc' ? kind : undefined)),
    );
    this.onState(api.status.receivers.http.state);
  }

  /** The settings last read (the receivers follow them). */
  get settings(): Readonly<Settings> {
    return this.current;
  }

  /** Starts the receivers; `manual` failures get a notification, automatic ones only the status bar. */
  async start(manual: boolean): Promise<void> {
    // Starting by hand goes where the settings say now, even when that has not settled yet.
    if (this.pending) await this.applyAddresses();
    const { failed } = await this.api.startReceivers();
    for (const kind of RECEIVER_KINDS) {
      const error = failed[kind];
      if (error) {
        this.output.warn(error.message);
        if (manual) void this.offerWayOut(kind, error);
      } else if (this.api.status.receivers[kind].state.status === 'listening') {
        this.output.info(`${RECEIVER_LABEL[kind]} receiver listening on ${this.describe(kind)}`);
        void this.warnIfExposed(this.api.status.receivers[kind].config.host);
      }
    }
  }

  async stop(): Promise<void> {
    await this.api.stopReceivers();
    this.output.info('OTLP receivers stopped');
  }

  /**
   * Applies changed settings: new caps and a receiver turned on or off at once; a new address once it has stayed
   * the same for settleMs (then the receiver moves there, or stays where it was when it cannot).
   */
  async apply(next: Settings): Promise<void> {
    const previous = this.current;
    this.current = next;
    // Before any await: a refused value that follows at once must find this change pending, to cancel it.
    this.scheduleAddresses();
    const wanted = receiverConfig(next);
    const limits = JSON.stringify(previous.limits) !== JSON.stringify(next.limits) ? next.limits : undefined;
    const changes = await this.api.configure({ limits, http: { enabled: wanted.http!.enabled }, grpc: { enabled: wanted.grpc!.enabled } });
    for (const change of changes) await this.report(change);
  }

  /** Forgets an address change that has not settled (the settings went back, or to a value that is refused). */
  cancelPendingMove(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve();
  }

  /** Settles once a pending address change and every start, stop and move asked for so far are done (tests wait on it). */
  async whenIdle(): Promise<void> {
    await this.pending?.done;
    await this.api.whenIdle();
  }

  /**
   * What a user must know now, per receiver: a move that left instances sending to the old address (until they
   * reach the new one, the receiver goes back, or the user keeps the new address), or an address the settings ask
   * for that it could not take. The status bar and the notifications show these.
   */
  notices(): ReceiverNotice[] {
    const out: ReceiverNotice[] = [];
    for (const kind of RECEIVER_KINDS) {
      const kept = this.kept[kind];
      if (kept) out.push(kept);
      const move = this.moves[kind];
      const left = move ? (this.behind[kind] ?? []) : [];
      if (!move || left.length === 0 || this.api.status.receivers[kind].state.status !== 'listening') continue;
      const instances = left.map((i) => instanceName(i));
      out.push({ kind, reason: 'moved', from: formatAddress(move.from), to: formatAddress(move.to), instances });
    }
    return out;
  }

  /** Moves a receiver (or each one) back to where the instances it left behind send, and writes that to the settings. */
  async moveBack(only?: ReceiverKind): Promise<void> {
    this.cancelPendingMove();
    for (const kind of RECEIVER_KINDS) {
      const move = this.moves[kind];
      if (!move || (only && kind !== only)) continue;
      const changes = await this.api.configure({ [kind]: { host: move.from.host, port: move.from.port } });
      for (const change of changes) await this.report(change);
      const state = this.api.status.receivers[kind].state;
      if (state.status !== 'listening' || state.port !== move.from.port) continue; // it could not: the report said why
      if (move.from.host !== this.current.receiver.host) await writeSettingWhereDefined(SETTING.host, move.from.host);
      await writeSettingWhereDefined(kind === 'http' ? SETTING.port : SETTING.grpcPort, move.from.port);
    }
  }

  /** The user keeps the new address: the instances left behind are theirs to re-point. */
  keepMoved(kind: ReceiverKind): void {
    delete this.moves[kind];
    delete this.behind[kind];
    void this.api.markChanged('receiver');
  }

  dispose(): void {
    this.cancelPendingMove();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** (Re)starts the settle timer when the settings' addresses differ from the engine's; cancels it when they agree again. */
  private scheduleAddresses(): void {
    const wanted = receiverConfig(this.current);
    const target = RECEIVER_KINDS.map((k) => `${wanted[k]!.host}:${wanted[k]!.port}`).join(' ');
    const applied = RECEIVER_KINDS.map((k) => `${this.api.status.receivers[k].config.host}:${this.api.status.receivers[k].config.port}`).join(' ');
    if (target === applied) return this.cancelPendingMove();
    if (this.pending?.target === target) return;
    const previous = this.pending;
    if (previous) clearTimeout(previous.timer);
    let resolve!: () => void;
    const done = previous?.done ?? new Promise<void>((r) => (resolve = r));
    this.pending = { timer: setTimeout(() => void this.applyAddresses(), this.settleMs), target, done, resolve: previous?.resolve ?? resolve };
  }

  /** Moves the receivers to the settings' addresses now. */
  private async applyAddresses(): Promise<void> {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) clearTimeout(pending.timer);
    try {
      // A settled address supersedes one that could not be taken.
      for (const kind of RECEIVER_KINDS) delete this.kept[kind];
      void this.api.markChanged('receiver');
      const wanted = receiverConfig(this.current);
      const changes = await this.api.configure({ http: { host: wanted.http!.host, port: wanted.http!.port }, grpc: { host: wanted.grpc!.host, port: wanted.grpc!.port } });
      for (const change of changes) await this.report(change);
    } finally {
      pending?.resolve();
    }
  }

  /** "127.0.0.1:4318" while listening (the address bound, wildcards included), else "stopped", "starting", "not running" (or "off"). */
  describe(kind: ReceiverKind = 'http'): string {
    const { state: s, config } = this.api.status.receivers[kind];
    if (s.status === 'listening') return `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
    if (!config.enabled && s.status === 'stopped') return 'off';
    return s.status === 'error' ? 'not running' : s.status;
  }

  /** Says what a configuration change did: the output channel always, a notification when it failed; resolves once the notices say it. */
  private async report(change: ReceiverChangeData): Promise<void> {
    const { kind } = change;
    const label = RECEIVER_LABEL[kind];
    if (change.result !== 'kept' && this.kept[kind]) delete this.kept[kind];
    switch (change.result) {
      case 'off':
        this.output.info(`${label} receiver turned off`);
        return;
      case 'remembered':
        return;
      case 'started':
        this.output.info(`${label} receiver listening on ${this.describe(kind)}`);
        void this.warnIfExposed(change.at.host);
        return;
      case 'moved':
        this.output.info(`${label} receiver moved to ${this.describe(kind)}`);
        await this.noteMove(kind, change.from, change.at, change.senders);
        void this.warnIfExposed(change.at.host);
        return;
      case 'kept': {
        this.output.warn(change.error.message);
        const error = change.error;
        this.kept[kind] = { kind, reason: 'kept', from: formatAddress(change.at), to: formatAddress(error), code: error.code, message: error.message };
        void this.api.markChanged('receiver');
        void this.offerWayOut(kind, error, `It keeps running on ${this.describe(kind)}.`);
        return;
      }
      case 'failed':
        this.output.warn(change.error.message);
        void this.offerWayOut(kind, change.error);
        return;
    }
  }

  /** The instances a move left behind that have not reached the new address since (nor been cleared away). */
  private async leftBehind(kind: ReceiverKind, move: Move): Promise<InstanceSummary[]> {
    return this.api.leftBehind(kind, [...move.senders]).catch(() => []);
  }

  /** Asks the engine again who each move left behind; the status bar hears of a change. */
  private async refreshLeftBehind(): Promise<void> {
    let changed = false;
    for (const kind of RECEIVER_KINDS) {
      const move = this.moves[kind];
      if (!move) continue;
      const left = await this.leftBehind(kind, move);
      if (JSON.stringify(left) !== JSON.stringify(this.behind[kind] ?? [])) changed = true;
      this.behind[kind] = left;
    }
    if (changed) void this.api.markChanged('receiver').catch(() => undefined);
  }

  /** Remembers who a move left behind (a chain of moves keeps the first address), and says so at once. */
  private async noteMove(kind: ReceiverKind, from: ReceiverAddress, to: ReceiverAddress, senders: string[]): Promise<void> {
    const earlier = this.moves[kind];
    // An earlier move whose instances all caught up (or were cleared) no longer holds anyone at its address.
    const origin = earlier && (await this.leftBehind(kind, earlier)).length ? earlier : { from, to, senders: new Set<string>() };
    origin.to = to;
    for (const key of senders) origin.senders.add(key);
    // Back where the instances send: nothing is cut off any more.
    if (origin.senders.size && !(origin.from.host === to.host && origin.from.port === to.port)) this.moves[kind] = origin;
    // Back where the instances send (or nobody left behind): nothing is cut off.
    else delete this.moves[kind];
    const move = this.moves[kind];
    this.behind[kind] = move ? await this.leftBehind(kind, move) : [];
    void this.api.markChanged('receiver');
    const notice = this.notices().find((n) => n.kind === kind && n.reason === 'moved');
    if (!notice || senders.length === 0) return;
    const back = `Move Back to ${notice.from}`;
    const keep = 'Keep New Address';
    void vscode.window.showWarningMessage(`Telemetry Inspector: ${noticeMessage(notice)}`, back, keep).then((picked) => {
      if (picked === back) return this.moveBack(kind);
      if (picked === keep) this.keepMoved(kind);
    });
  }

  private onState(state: ListenerState): void {
    if (state.status === this.shownState) return;
    this.shownState = state.status;
    const running = state.status === 'listening' || state.status === 'starting';
    void vscode.commands.executeCommand('setContext', CONTEXT_RUNNING, running);
    void vscode.commands.executeCommand('setContext', CONTEXT_STATE, state.status);
  }

  /** A failed start the user asked for: say why, and offer another port or the settings. */
  private async offerWayOut(kind: ReceiverKind, error: ListenErrorData, extra = ''): Promise<void> {
    const choices: { title: string; run: () => Thenable<unknown> }[] = [];
    const host = this.current.receiver.host;
    const portKey = kind === 'http' ? SETTING.port : SETTING.grpcPort;
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
      const near = await freePortAfter(host, error.port).catch(() => undefined);
      if (near !== undefined) choices.push({ title: `Use port ${near}`, run: () => writeSettingWhereDefined(portKey, near) });
      choices.push({
        title: 'Pick a free port',
        run: async () => writeSettingWhereDefined(portKey, await anyFreePort(host)),
      });
    } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
      choices.push({ title: `Use ${DEFAULT_HOST}`, run: () => writeSettingWhereDefined(SETTING.host, DEFAULT_HOST) });
    }
    // Many machines already run a collector on 4317: the HTTP receiver alone is enough for most apps.
    if (kind === 'grpc') choices.push({ title: 'Turn Off gRPC', run: () => writeSettingWhereDefined(SETTING.grpcEnabled, false) });
    choices.push({ title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.${kind === 'http' ? 'receiver' : 'grpc'}`) });
    const picked = await vscode.window.showErrorMessage(`${error.message}${extra ? ` ${extra}` : ''}`, ...choices.map((c) => c.title));
    await choices.find((c) => c.title === picked)?.run();
  }

  /** Other machines can send to a receiver on a non-loopback address: say so once per address. */
  private async warnIfExposed(host: string): Promise<void> {
    if (isLoopbackHost(host) || this.warning.has(host)) return;
    this.warning.add(host);
    const warned = this.globalState.get<string[]>(WARNED_HOSTS_KEY, []);
    if (warned.includes(host)) return;
    await this.globalState.update(WARNED_HOSTS_KEY, [...warned, host]);
    const use = `Use ${DEFAULT_HOST}`;
    const picked = await vscode.window.showWarningMessage(
      `The Telemetry Inspector receivers listen on ${host}, which other machines can reach: anything on your network can send them telemetry. ` +
        `Keep it only if an app in a container or VM must reach them.`,
      use,
      'Keep',
    );
    if (picked === use) await writeSettingWhereDefined(SETTING.host, DEFAULT_HOST);
  }
}
