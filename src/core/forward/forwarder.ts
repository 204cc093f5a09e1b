/**
 * The tee: every request the receivers accept is handed here after its answer, and goes on to each configured
 * upstream that takes its signal, asynchronously. `accept` only queues (bounded, never throws), so the local
 * answer never waits for an upstream or fails because of one. The engine owns one Forwarder.
 */
import type { Signal } from '../model/records';
import type { Encoding } from '../otlp/decode';
import type { FlushReport, UpstreamHealth } from './health';
import { resolveUpstream, type UpstreamConfig } from './upstream';
import { DEFAULT_FORWARDER_DEPS, UpstreamForwarder, type ForwarderDeps } from './upstreamForwarder';

/** Time a stop gives the queues to empty by default. */
const DEFAULT_FLUSH_MS = 3000;

export class Forwarder {
  private upstreams: { key: string; forwarder: UpstreamForwarder }[] = [];
  private readonly deps: ForwarderDeps;

  /** Throws UpstreamConfigError for an upstream that is not valid (nothing is started then). */
  constructor(
    configs: readonly UpstreamConfig[] = [],
    private readonly onChange: () => void = () => {},
    deps: Partial<ForwarderDeps> = {},
  ) {
    this.deps = { ...DEFAULT_FORWARDER_DEPS, ...deps };
    this.replace(configs);
  }

  get active(): boolean {
    return this.upstreams.length > 0;
  }

  /** The receivers' hook: a request they accepted and answered. Cheap: it only queues. */
  accept(signal: Signal, encoding: Encoding, body: Uint8Array): void {
    for (const u of this.upstreams) {
      try {
        u.forwarder.accept(signal, encoding, body);
      } catch {
        // Forwarding must never fail the receiver; accept() does not throw by design, this is a last guard.
      }
    }
  }

  /**
   * New settings: upstreams whose configuration is unchanged keep their queue and counts; removed ones drop what
   * they held (counted) and close. Throws UpstreamConfigError before changing anything when one is invalid.
   */
  async configure(configs: readonly UpstreamConfig[]): Promise<void> {
    const removed = this.replace(configs);
    await Promise.all(removed.map((f) => f.close('removed')));
    this.onChange();
  }

  health(): UpstreamHealth[] {
    return this.upstreams.map((u) => u.forwarder.health());
  }

  /** Sends what is queued, within `timeoutMs`; what could not go in time is dropped and reported. */
  async flush(timeoutMs: number = DEFAULT_FLUSH_MS): Promise<FlushReport[]> {
    const deadline = this.deps.now() + timeoutMs;
    return Promise.all(this.upstreams.map((u) => u.forwarder.flush(deadline)));
  }

  /** Flushes, then closes every connection. */
  async close(timeoutMs: number = DEFAULT_FLUSH_MS): Promise<FlushReport[]> {
    const report = await this.flush(timeoutMs);
    await Promise.all(this.upstreams.map((u) => u.forwarder.close('flush-deadline')));
    this.upstreams = [];
    return report;
  }

  private replace(configs: readonly UpstreamConfig[]): UpstreamForwarder[] {
    const resolved = configs.map((c) => ({ upstream: resolveUpstream(c), key: JSON.stringify(c) }));
    const old = new Map(this.upstreams.map((u) => [u.key, u.forwarder]));
    const next = resolved.map(({ upstream, key }) => {
      const kept = old.get(key);
      old.delete(key);
      return { key, forwarder: kept ?? new UpstreamForwarder(upstream, this.onChange, this.deps) };
    });
    this.upstreams = next;
    return [...old.values()];
  }
}
