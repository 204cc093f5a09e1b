import type { Agent } from 'undici';
import { newAgent } from '../scrape/boundedRequest';
import { deleteGroups, type DeleteOutcome } from './cleanup';
import { DEFAULT_MAX_BODY_BYTES, PushgatewayClient, PushgatewayError, type PushgatewayFailure } from './client';
import type { PushGroup } from './pushGroup';
import { groupAgeMs, isStale } from './staleness';

export interface PushgatewayOptions {
  /** The gateway's base URL (`http://127.0.0.1:9091`); polling is off without one. */
  url: string | undefined;
  pollIntervalMs: number;
  /** Groups whose last push is older than this are stale. */
  staleAfterMs: number;
  /** Deadline of one request, body included. */
  timeoutMs: number;
  /** A larger answer is an error, not a memory problem. */
  maxBodyBytes: number;
  /** While failing, polls back off up to this interval. */
  maxBackoffMs: number;
}

export const DEFAULT_PUSHGATEWAY_OPTIONS: Readonly<PushgatewayOptions> = {
  url: undefined,
  pollIntervalMs: 10_000,
  staleAfterMs: 5 * 60_000,
  timeoutMs: 5_000,
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  maxBackoffMs: 60_000,
};

/** off: no URL; pending: not polled yet; the rest say how the last poll went. */
export type PushgatewayHealth = 'off' | 'pending' | 'ok' | PushgatewayFailure;

/** What views show. Replaced (never mutated) on every change, so a view may keep and compare it. */
export interface PushgatewayState {
  url: string | undefined;
  health: PushgatewayHealth;
  /** The error to show ('' when ok). */
  message: string;
  /** When the last poll finished, whatever its outcome. */
  lastPollMs: number | undefined;
  /** When `groups` was read. */
  lastSuccessMs: number | undefined;
  /** When the next poll is due (undefined when stopped or off). */
  nextPollMs: number | undefined;
  /** Polls failed in a row (the back-off grows with it). */
  consecutiveFailures: number;
  staleAfterMs: number;
  /** The groups of the last successful poll, sorted by grouping key; kept while the gateway fails. */
  groups: readonly PushGroup[];
}

/** `PUSHGATEWAY_URL` (as the seed apps read it) when no setting names a gateway. */
export function resolvePushgatewayUrl(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const url = setting?.trim() || env.PUSHGATEWAY_URL?.trim();
  return url || undefined;
}

/**
 * Polls `GET /api/v1/metrics` on an interval, backs off (up to maxBackoffMs) while the gateway fails
 * and returns to the normal interval at the first success. Every state change calls `onChange`.
 */
export class PushgatewayPoller {
  private opts: PushgatewayOptions;
  private current: PushgatewayState;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private agent: Agent | undefined;
  /** Bumped by configure/stop: a poll of an older generation must not write its result. */
  private generation = 0;

  constructor(
    options: Partial<PushgatewayOptions> = {},
    private readonly onChange: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.opts = resolveOptions(DEFAULT_PUSHGATEWAY_OPTIONS, options);
    this.current = this.initialState();
  }

  get state(): PushgatewayState {
    return this.current;
  }

  get options(): Readonly<PushgatewayOptions> {
    return this.opts;
  }

  get isRunning(): boolean {
    return this.running;
  }

  isStale(group: PushGroup, nowMs: number = this.now()): boolean {
    return isStale(group, this.opts.staleAfterMs, nowMs);
  }

  ageMs(group: PushGroup, nowMs: number = this.now()): number | undefined {
    return groupAgeMs(group, nowMs);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.opts.url) this.schedule(0);
  }

  /** Stops polling, aborts a poll under way and closes every socket. The poller can be started again. */
  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.clearTimer();
    this.abort?.abort();
    await this.inFlight?.catch(() => undefined);
    await this.closeAgent();
    if (this.current.nextPollMs !== undefined) this.update({ nextPollMs: undefined });
  }

  /**
   * New options apply at once: another URL drops the groups and polls right away; another interval
   * re-arms the timer; a new staleness threshold only changes how groups are shown.
   */
  configure(options: Partial<PushgatewayOptions>): void {
    const before = this.opts;
    this.opts = resolveOptions(before, options);
    const urlChanged = normalizeUrl(before.url) !== normalizeUrl(this.opts.url);
    if (urlChanged) {
      this.generation++;
      this.abort?.abort();
      this.clearTimer();
      this.current = this.initialState();
      this.onChange();
      if (this.running && this.opts.url) this.schedule(0);
      return;
    }
    if (before.staleAfterMs !== this.opts.staleAfterMs) this.update({ staleAfterMs: this.opts.staleAfterMs });
    if (before.pollIntervalMs !== this.opts.pollIntervalMs && this.running && this.timer) {
      this.clearTimer();
      this.schedule(this.nextDelay());
    }
  }

  /** Polls now (a view's Refresh); resolves when that poll is done. Works when stopped too. */
  async pollNow(): Promise<PushgatewayState> {
    if (!this.opts.url) return this.current;
    if (this.inFlight) {
      await this.inFlight;
      return this.current;
    }
    this.clearTimer();
    await this.poll();
    return this.current;
  }

  /** Deletes the given groups by their grouping keys, then polls so the views catch up. */
  async deleteGroups(groups: readonly PushGroup[]): Promise<DeleteOutcome[]> {
    if (!this.opts.url) throw new Error('no Pushgateway URL is set');
    const agent = newAgent();
    try {
      const client = new PushgatewayClient(this.opts.url, { timeoutMs: this.opts.timeoutMs, maxBodyBytes: this.opts.maxBodyBytes, dispatcher: agent });
      const outcomes = await deleteGroups(client, groups);
      await this.pollNow();
      return outcomes;
    } finally {
      await agent.destroy().catch(() => undefined);
    }
  }

  private initialState(): PushgatewayState {
    return {
      url: this.opts.url,
      health: this.opts.url ? 'pending' : 'off',
      message: this.opts.url ? '' : 'no Pushgateway URL is set',
      lastPollMs: undefined,
      lastSuccessMs: undefined,
      nextPollMs: undefined,
      consecutiveFailures: 0,
      staleAfterMs: this.opts.staleAfterMs,
      groups: [],
    };
  }

  private update(patch: Partial<PushgatewayState>): void {
    this.current = { ...this.current, ...patch };
    this.onChange();
  }

  /** Timers stay ref'd: stop() clears them, and one that leaked would keep a process from exiting. */
  private schedule(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, delayMs);
    this.current = { ...this.current, nextPollMs: this.now() + delayMs };
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The normal interval, or while failing interval × 2^(failures−1), capped at maxBackoffMs. */
  private nextDelay(): number {
    const { pollIntervalMs, maxBackoffMs } = this.opts;
    const failures = this.current.consecutiveFailures;
    if (failures === 0) return pollIntervalMs;
    return Math.max(pollIntervalMs, Math.min(maxBackoffMs, pollIntervalMs * 2 ** Math.min(failures - 1, 20)));
  }

  private poll(): Promise<void> {
    const url = this.opts.url;
    if (!url) return Promise.resolve();
    const generation = this.generation;
    const abort = (this.abort = new AbortController());
    this.agent ??= newAgent();
    const client = new PushgatewayClient(url, { timeoutMs: this.opts.timeoutMs, maxBodyBytes: this.opts.maxBodyBytes, dispatcher: this.agent });
    const run = async (): Promise<void> => {
      let patch: Partial<PushgatewayState>;
      try {
        const groups = await client.fetchGroups(abort.signal);
        groups.sort((a, b) => a.id.localeCompare(b.id));
        const now = this.now();
        patch = { health: 'ok', message: '', lastPollMs: now, lastSuccessMs: now, consecutiveFailures: 0, groups };
      } catch (err) {
        const e = err instanceof PushgatewayError ? err : new PushgatewayError('unreachable', (err as Error).message);
        patch = { health: e.failure, message: e.message, lastPollMs: this.now(), consecutiveFailures: this.current.consecutiveFailures + 1 };
      }
      if (generation !== this.generation) return;
      this.current = { ...this.current, ...patch };
      if (this.running) this.schedule(this.nextDelay());
      else this.current = { ...this.current, nextPollMs: undefined };
      this.onChange();
    };
    const p = run().finally(async () => {
      if (this.inFlight === p) this.inFlight = undefined;
      if (this.abort === abort) this.abort = undefined;
      // A poll asked for while stopped leaves no socket behind.
      if (!this.running) await this.closeAgent();
    });
    this.inFlight = p;
    return p;
  }

  private async closeAgent(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    await agent?.destroy().catch(() => undefined);
  }
}

function normalizeUrl(url: string | undefined): string {
  return (url ?? '').trim().replace(/\/+$/, '');
}

function resolveOptions(base: Readonly<PushgatewayOptions>, patch: Partial<PushgatewayOptions>): PushgatewayOptions {
  const out: PushgatewayOptions = { ...base };
  for (const [k, v] of Object.entries(patch) as [keyof PushgatewayOptions, unknown][]) {
    if (k === 'url') out.url = typeof v === 'string' && v.trim() ? v.trim() : undefined;
    else if (typeof v === 'number' && Number.isFinite(v) && v > 0) (out[k] as number) = v;
  }
  return out;
}
