/**
 * Forwarding to one upstream: its queue, its sender, and one pump per signal that sends the oldest requests,
 * waits for the answer, and retries with back-off (or the delay the upstream asked for) until delivered, refused
 * for good, or out of time. One send per signal at a time keeps each signal's order; protobuf requests waiting
 * together go out as one (concatenated Export requests are one valid request whose lists are joined).
 */
import { DecodeError, type Signal } from '../model/records';
import type { Encoding } from '../otlp/decode';
import { ForwardQueue, type QueuedRequest } from './forwardQueue';
import { GrpcSender } from './grpcSender';
import { DROP_CAUSES, type DropCause, type FlushReport, type UpstreamHealth, type UpstreamStatus } from './health';
import { HttpSender } from './httpSender';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retryPolicy';
import type { Sender } from './sender';
import type { SendOutcome } from './sendOutcome';
import { transcode } from './transcode/transcode';
import type { Upstream } from './upstream';

/** Largest merged send: the OTLP receivers' usual message limit (the Collector's gRPC default is 4 MiB). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Failures in a row after which `retrying` reads `failing`. */
const FAILING_AFTER = 4;

export interface ForwarderDeps {
  now: () => number;
  random: () => number;
  policy: RetryPolicy;
  /** A batch retried this long since its first attempt is dropped (the Collector's max_elapsed_time is 5 min). */
  maxElapsedMs: number;
  /** Makes the sender; tests may hand in their own transport. */
  createSender: (upstream: Upstream) => Sender;
}

export const DEFAULT_FORWARDER_DEPS: ForwarderDeps = {
  now: Date.now,
  random: Math.random,
  policy: DEFAULT_RETRY_POLICY,
  maxElapsedMs: 5 * 60_000,
  createSender: (u) => (u.protocol === 'grpc' ? new GrpcSender(u) : new HttpSender(u)),
};

export class UpstreamForwarder {
  readonly queue: ForwardQueue;
  private readonly sender: Sender;
  private readonly pumping = new Set<Signal>();
  private readonly idleWaiters = new Set<() => void>();
  private readonly retryTimers = new Map<Signal, { timer: NodeJS.Timeout; wake: () => void }>();
  private abort = new AbortController();
  private status: UpstreamStatus = 'idle';
  private lastError: UpstreamHealth['lastError'];
  private lastSuccessMs: number | undefined;
  private consecutiveFailures = 0;
  private nextAttemptMs: number | undefined;
  private readonly forwarded = { requests: 0, bytes: 0 };
  private readonly dropped = Object.fromEntries(DROP_CAUSES.map((c) => [c, 0])) as Record<DropCause, number>;
  /** Set while flushing past its deadline or closing: batches in progress give up, counted under this cause. */
  private giveUp: DropCause | undefined;

  constructor(
    readonly upstream: Upstream,
    private readonly onChange: () => void,
    private readonly deps: ForwarderDeps = DEFAULT_FORWARDER_DEPS,
  ) {
    this.queue = new ForwardQueue(upstream.queueBytes);
    this.sender = deps.createSender(upstream);
  }

  takes(signal: Signal): boolean {
    return this.upstream.signals.includes(signal);
  }

  /** Queues a request (never blocks, never throws); a full queue drops it and counts the drop. */
  accept(signal: Signal, encoding: Encoding, body: Uint8Array): void {
    if (!this.takes(signal)) return;
    // A small body viewing a much larger buffer would keep all of it alive: keep a copy of its own instead.
    const own = body.buffer.byteLength > 2 * body.byteLength + 1024 ? new Uint8Array(body) : body;
    if (!this.queue.offer({ signal, encoding, body: own, enqueuedMs: this.deps.now() })) {
      this.drop('queue-full', 1);
      return;
    }
    if (!this.pumping.has(signal)) void this.pump(signal);
  }

  health(): UpstreamHealth {
    return {
      name: this.upstream.name,
      protocol: this.upstream.protocol,
      signals: this.upstream.signals,
      status: this.status,
      lastError: this.lastError,
      lastSuccessMs: this.lastSuccessMs,
      consecutiveFailures: this.consecutiveFailures,
      nextAttemptMs: this.status === 'retrying' || this.status === 'failing' ? this.nextAttemptMs : undefined,
      forwarded: { ...this.forwarded },
      queued: { requests: this.queue.requests, bytes: this.queue.bytes, maxBytes: this.queue.maxBytes },
      dropped: { ...this.dropped },
    };
  }

  /**
   * Sends what is queued until it is empty or `deadlineMs` passes; then cuts sends in progress and drops what is
   * left (counted as flush-deadline). Waiting retries are woken so a reachable upstream gets its data at once.
   */
  async flush(deadlineMs: number): Promise<FlushReport> {
    for (const { wake } of this.retryTimers.values()) wake();
    const idle = this.whenIdle();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadlineMs - this.deps.now()))));
    const result = await Promise.race([idle.then(() => 'idle' as const), late]);
    clearTimeout(timer);
    if (result === 'idle') return { name: this.upstream.name, complete: true, leftRequests: 0, leftBytes: 0 };
    const leftRequests = this.queue.requests;
    const leftBytes = this.queue.bytes;
    await this.abandon('flush-deadline');
    this.giveUp = undefined;
    this.abort = new AbortController();
    this.status = 'stopped';
    this.onChange();
    return { name: this.upstream.name, complete: false, leftRequests, leftBytes };
  }

  /** Drops what is waiting (the upstream was removed) and closes the connection. */
  async close(cause: DropCause = 'removed'): Promise<void> {
    await this.abandon(cause);
    await this.sender.close();
  }

  /** Cuts sends in progress and waiting retries, and drops everything held, counted under `cause`. */
  private async abandon(cause: DropCause): Promise<void> {
    this.giveUp = cause;
    this.abort.abort();
    for (const { wake } of this.retryTimers.values()) wake();
    await this.whenIdle();
    const rest = this.queue.drain();
    if (rest.length) this.drop(cause, rest.length);
  }

  private whenIdle(): Promise<void> {
    if (this.pumping.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  private async pump(signal: Signal): Promise<void> {
    this.pumping.add(signal);
    try {
      const mergeable = this.upstream.encoding === 'protobuf';
      for (;;) {
        const batch = this.queue.take(signal, MAX_BATCH_BYTES, mergeable ? Infinity : 1);
        if (batch.length === 0) break;
        try {
          await this.deliver(signal, batch);
        } finally {
          this.queue.release(batch);
        }
      }
    } finally {
      this.pumping.delete(signal);
      if (this.pumping.size === 0) {
        for (const resolve of this.idleWaiters) resolve();
        this.idleWaiters.clear();
      }
    }
  }

  private async deliver(signal: Signal, batch: QueuedRequest[]): Promise<void> {
    const parts: Uint8Array[] = [];
    const sendable: QueuedRequest[] = [];
    for (const r of batch) {
      try {
        parts.push(transcode(signal, r.body, r.encoding, this.upstream.encoding));
        sendable.push(r);
      } catch (err) {
        if (!(err instanceof DecodeError)) throw err;
        this.drop('unconvertible', 1, `a ${signal} request could not be re-encoded for ${this.upstream.protocol}: ${err.message}`);
      }
    }
    if (sendable.length === 0) return;
    const body = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    const firstAttemptMs = this.deps.now();
    for (let attempt = 1; ; attempt++) {
      if (this.giveUp) return this.drop(this.giveUp, sendable.length);
      const outcome: SendOutcome = await this.sender.send(signal, body, this.abort.signal);
      if (outcome.kind === 'ok') {
        this.forwarded.requests += sendable.length;
        this.forwarded.bytes += body.byteLength;
        this.lastSuccessMs = this.deps.now();
        this.consecutiveFailures = 0;
        this.setStatus('up');
        // The upstream is back: the other signals waiting out a back-off try again now.
        for (const [other, { wake }] of this.retryTimers) if (other !== signal) wake();
        return;
      }
      if (this.giveUp) return this.drop(this.giveUp, sendable.length);
      if (outcome.kind === 'rejected') {
        this.consecutiveFailures = 0;
        this.drop('rejected', sendable.length, outcome.error);
        this.setStatus('failing');
        return;
      }
      this.consecutiveFailures++;
      this.lastError = { message: outcome.error, atMs: this.deps.now() };
      const delay = retryDelayMs(attempt, outcome.retryAfterMs, this.deps.policy, this.deps.random);
      if (this.deps.now() + delay - firstAttemptMs > this.deps.maxElapsedMs) {
        this.drop('retries-exhausted', sendable.length, `${outcome.error} (gave up after ${attempt} attempts)`);
        this.setStatus('failing');
        return;
      }
      this.nextAttemptMs = this.deps.now() + delay;
      this.setStatus(this.consecutiveFailures >= FAILING_AFTER ? 'failing' : 'retrying');
      await this.sleep(signal, delay);
    }
  }

  private sleep(signal: Signal, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.retryTimers.delete(signal);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.retryTimers.set(signal, { timer, wake });
    });
  }

  private drop(cause: DropCause, requests: number, error?: string): void {
    this.dropped[cause] += requests;
    if (error) this.lastError = { message: error, atMs: this.deps.now() };
    this.onChange();
  }

  private setStatus(status: UpstreamStatus): void {
    this.status = status;
    this.onChange();
  }
}
