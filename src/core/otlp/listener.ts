import type { TelemetryStore } from '../store/store';
import type { SenderLog } from './export';
import { newReceiverStats, type ListenerState, type ReceiverStats } from './receiverStatus';

/**
 * What the HTTP and gRPC receivers share: their options, their state with its listeners, what they
 * answered, and a reconfigure that restarts a running listener when its options changed.
 */
export abstract class Listener<O extends object> {
  readonly stats: ReceiverStats = newReceiverStats();
  /** The instances that sent to the address it listens on now (instance key → last request), most recent last. */
  readonly senders: SenderLog = new Map();
  /** The address the senders sent to: another address starts a new log. */
  private sendersAddress = '';
  protected options: O;
  private stateValue: ListenerState = { status: 'stopped' };
  private readonly stateListeners = new Set<(state: ListenerState) => void>();

  protected constructor(
    protected readonly store: TelemetryStore,
    options: Partial<O> | undefined,
    private readonly resolve: (partial: Partial<O> | undefined) => O,
  ) {
    this.options = resolve(options);
  }

  get state(): ListenerState {
    return this.stateValue;
  }

  get config(): Readonly<O> {
    return this.options;
  }

  /** The port actually bound (differs from the setting when it asked for port 0). */
  get port(): number | undefined {
    return this.stateValue.status === 'listening' ? this.stateValue.port : undefined;
  }

  /** Instance keys that sent here within the window (an app that is still aimed at this address). */
  recentSenders(windowMs: number, now = Date.now()): string[] {
    const out: string[] = [];
    for (const [key, at] of this.senders) if (now - at <= windowMs) out.push(key);
    return out;
  }

  onState(listener: (state: ListenerState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Applies new options; a running listener whose address or limits changed is restarted. */
  async reconfigure(options: Partial<O>): Promise<void> {
    const next = this.resolve({ ...this.options, ...options });
    const changed = JSON.stringify(next) !== JSON.stringify(this.options);
    this.options = next;
    if (changed && this.isRunning()) {
      await this.stop();
      await this.start();
    }
  }

  /** Starts listening; rejects with a ListenError (port busy, no such address) and stays stopped then. */
  abstract start(): Promise<void>;

  abstract stop(): Promise<void>;

  /** Listening, or on its way there. */
  protected abstract isRunning(): boolean;

  protected setState(state: ListenerState): void {
    this.stateValue = state;
    if (state.status === 'listening') {
      const address = `${state.host}:${state.port}`;
      if (address !== this.sendersAddress) this.senders.clear();
      this.sendersAddress = address;
    }
    this.store.markChanged('receiver');
    for (const l of [...this.stateListeners]) l(state);
  }
}
