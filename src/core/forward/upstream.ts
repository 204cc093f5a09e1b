/**
 * An upstream OTLP endpoint the inspector forwards to: what a user writes (UpstreamConfig: a setting entry or
 * CLI flags) and what it resolves to, checked once so a mistake is one clear sentence at configuration time.
 */
import { SIGNALS, type Signal } from '../model/records';
import type { Encoding } from '../otlp/decode';

export type ForwardProtocol = 'http/protobuf' | 'http/json' | 'grpc';
export const FORWARD_PROTOCOLS: readonly ForwardProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

/** 64 MiB: what a queue may hold per upstream while it is slow or down. */
export const DEFAULT_QUEUE_BYTES = 64 * 1024 * 1024;
/** Time one send may take, answer included; a silent upstream is retried after it. */
const DEFAULT_SEND_TIMEOUT_MS = 10_000;

export interface UpstreamConfig {
  /**
   * OTLP/HTTP: the base URL (`http://collector:4318`, `/v1/<signal>` is appended), or one signal's URL ending in
   * `/v1/traces|metrics|logs` (that signal only). gRPC: `http://host:4317` (plain text) or `https://` (TLS).
   */
  url: string;
  /** Default `http/protobuf`, as the OpenTelemetry SDKs'. */
  protocol?: ForwardProtocol;
  /** Sent with every request (HTTP headers, gRPC metadata): tokens, tenant ids. */
  headers?: Record<string, string>;
  /** Signals this upstream takes; default all three (Jaeger, for one, keeps only traces). */
  signals?: readonly Signal[];
  /** Bytes queued at most while the upstream is slow or down; past it new requests are dropped (counted). */
  queueBytes?: number;
  timeoutMs?: number;
}

export interface Upstream {
  /** The URL as given, without credentials: how health and messages name it. */
  name: string;
  protocol: ForwardProtocol;
  /** The body encoding this upstream takes. */
  encoding: Encoding;
  signals: readonly Signal[];
  headers: Readonly<Record<string, string>>;
  queueBytes: number;
  timeoutMs: number;
  /** HTTP: the full URL per signal. gRPC: the target `host:port` and whether it speaks TLS. */
  httpUrls: Partial<Record<Signal, string>>;
  grpc?: { target: string; tls: boolean };
}

export class UpstreamConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamConfigError';
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SIGNAL_PATH = /\/v1\/(traces|metrics|logs)\/?$/;

/** Checks one upstream; throws UpstreamConfigError naming what is wrong and how to write it. */
export function resolveUpstream(config: UpstreamConfig): Upstream {
  const raw = typeof config?.url === 'string' ? config.url.trim() : '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UpstreamConfigError(`forward URL ${JSON.stringify(raw)} is not a URL: write it as http://host:port (https:// for TLS)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UpstreamConfigError(`forward URL ${JSON.stringify(raw)} must start with http:// or https://`);
  }
  const protocol = config.protocol ?? 'http/protobuf';
  if (!FORWARD_PROTOCOLS.includes(protocol)) {
    throw new UpstreamConfigError(`forward protocol ${JSON.stringify(protocol)} of ${raw} is not one of ${FORWARD_PROTOCOLS.join(', ')}`);
  }
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  const name = shown.href.replace(/\/$/, '');

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.headers ?? {})) {
    const key = k.trim().toLowerCase();
    if (!TOKEN.test(key)) throw new UpstreamConfigError(`forward header name ${JSON.stringify(k)} (for ${name}) is not a valid header name`);
    if (typeof v !== 'string' || /[\r\n\0]/.test(v)) throw new UpstreamConfigError(`forward header ${key} (for ${name}) must be one line of text`);
    headers[key] = v;
  }
  if (url.username || url.password) {
    headers.authorization ??= `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  }

  const pathSignal = protocol === 'grpc' ? undefined : (SIGNAL_PATH.exec(url.pathname)?.[1] as Signal | undefined);
  let signals: readonly Signal[] = config.signals?.length ? [...new Set(config.signals)] : pathSignal ? [pathSignal] : SIGNALS;
  for (const s of signals) if (!SIGNALS.includes(s)) throw new UpstreamConfigError(`forward signal ${JSON.stringify(s)} (for ${name}) is not one of ${SIGNALS.join(', ')}`);
  if (pathSignal && signals.some((s) => s !== pathSignal)) {
    throw new UpstreamConfigError(`forward URL ${name} ends in /v1/${pathSignal}, so it takes ${pathSignal} only: give the base URL (without /v1/${pathSignal}) to forward ${signals.join(', ')}`);
  }
  signals = SIGNALS.filter((s) => signals.includes(s));

  const queueBytes = config.queueBytes ?? DEFAULT_QUEUE_BYTES;
  if (!Number.isInteger(queueBytes) || queueBytes < 1024) throw new UpstreamConfigError(`forward queue size for ${name} must be a whole number of bytes of at least 1024, got ${queueBytes}`);
  const timeoutMs = config.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UpstreamConfigError(`forward timeout for ${name} must be above 0 ms, got ${timeoutMs}`);

  const upstream: Upstream = { name, protocol, encoding: protocol === 'http/json' ? 'json' : 'protobuf', signals, headers, queueBytes, timeoutMs, httpUrls: {} };
  if (protocol === 'grpc') {
    if (url.pathname !== '/' && url.pathname !== '') throw new UpstreamConfigError(`a gRPC forward URL is host and port only (http://host:4317), not ${name}`);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    // url.hostname keeps an IPv6 address in brackets, as a gRPC target wants it.
    upstream.grpc = { target: `${url.hostname}:${port}`, tls: url.protocol === 'https:' };
  } else {
    const base = url.href.replace(/\/+$/, '');
    for (const s of signals) {
      // Credentials travel as the Authorization header, not in the URL.
      const u = new URL(pathSignal ? base : `${base}/v1/${s}`);
      u.username = '';
      u.password = '';
      upstream.httpUrls[s] = u.href;
    }
  }
  return upstream;
}
