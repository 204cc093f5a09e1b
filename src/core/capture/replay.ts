/**
 * Sends a capture file to an OTLP endpoint (ours, a Collector, anything that speaks OTLP), one request per
 * document, in order, over the forwarder's own senders (http/protobuf, http/json or gRPC).
 *
 * Timing: a request's time is its latest item time (span end, point time, log time), the moment its exporter
 * could have sent it; the gaps between requests are kept, divided by `speed`, or dropped with `asFastAsPossible`.
 * Timestamps go out as recorded, or all shifted by one amount so the capture's latest item lands now
 * (`shiftToNow`), which a backend that drops old data (or a "last 15 minutes" view) needs.
 */
import type { Signal } from '../model/records';
import { jsonToProtobuf } from '../forward/transcode/jsonToProtobuf';
import { GrpcSender } from '../forward/grpcSender';
import { HttpSender } from '../forward/httpSender';
import type { Sender } from '../forward/sender';
import { resolveUpstream, type ForwardProtocol } from '../forward/upstream';
import { ReadProblems, type CaptureProblem, type ReadOptions } from './captureReader';
import { countItems, latestTimeNs, shiftTimes } from './documentItems';
import { canonicalDocuments } from './fileDocuments';
import { itemCounts, type ItemCounts } from './replayRequest';

export interface ReplayOptions extends ReadOptions {
  /** The endpoint: http://host:4318 for OTLP/HTTP, http://host:4317 for gRPC. */
  to: string;
  protocol?: ForwardProtocol;
  headers?: Record<string, string>;
  /** Gaps between requests are divided by this (default 1: real time). */
  speed?: number;
  /** No waiting between requests. */
  asFastAsPossible?: boolean;
  /** Shift every timestamp so the capture's latest item is now. */
  shiftToNow?: boolean;
  /** Tries per request when the endpoint asks to retry (default 5). */
  attempts?: number;
  /** Told after every request. */
  onProgress?: (sent: number) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface ReplaySummary {
  sent: Record<Signal, number>;
  items: ItemCounts;
  /** Requests the endpoint refused for good (or that kept failing), with the first reason. */
  failed: number;
  firstError?: string;
  problems: { count: number; first: CaptureProblem[]; text: string };
  /** The shift applied to every timestamp, ns (0 when kept). */
  shiftedByNs: bigint;
  elapsedMs: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function replayCapture(file: string, options: ReplayOptions): Promise<ReplaySummary> {
  const t0 = performance.now();
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`speed must be above 0, got ${speed}`);
  const upstream = resolveUpstream({ url: options.to, protocol: options.protocol ?? 'http/protobuf', headers: options.headers });
  const problems = new ReadProblems();
  let shiftedByNs = 0n;
  if (options.shiftToNow) {
    // A first pass finds the latest item; the shift is decided before anything is sent.
    let latest = 0n;
    for await (const d of canonicalDocuments(file, new ReadProblems(), options)) {
      const t = latestTimeNs(d.signal, d.doc);
      if (t > latest) latest = t;
    }
    if (latest > 0n) shiftedByNs = BigInt(now()) * 1_000_000n - latest;
  }
  const sender: Sender = upstream.protocol === 'grpc' ? new GrpcSender(upstream) : new HttpSender(upstream);
  const summary: ReplaySummary = { sent: { traces: 0, metrics: 0, logs: 0 }, items: itemCounts(), failed: 0, problems: { count: 0, first: [], text: '' }, shiftedByNs, elapsedMs: 0 };
  const abort = new AbortController();
  let previousNs = 0n;
  let sentCount = 0;
  try {
    for await (const d of canonicalDocuments(file, problems, options)) {
      const t = latestTimeNs(d.signal, d.doc);
      if (!options.asFastAsPossible && previousNs > 0n && t > previousNs) {
        await sleep(Number((t - previousNs) / 1_000_000n) / speed);
      }
      if (t > previousNs) previousNs = t;
      if (shiftedByNs !== 0n) shiftTimes(d.doc, shiftedByNs);
      const text = Buffer.from(JSON.stringify(d.doc));
      const body = upstream.encoding === 'json' ? text : shiftedByNs !== 0n ? jsonToProtobuf(d.signal, text) : d.protobuf;
      const error = await sendWithRetries(sender, d.signal, body, options.attempts ?? 5, abort.signal, sleep);
      if (error) {
        summary.failed++;
        summary.firstError ??= `line ${d.line}: ${error}`;
      } else {
        summary.sent[d.signal]++;
        countItems(d.signal, d.doc, summary.items);
      }
      options.onProgress?.(++sentCount);
    }
  } finally {
    await sender.close();
  }
  summary.problems = { count: problems.count, first: problems.first, text: problems.describe() };
  summary.elapsedMs = performance.now() - t0;
  return summary;
}

/** undefined when delivered; else why not. */
async function sendWithRetries(sender: Sender, signal: Signal, body: Uint8Array, attempts: number, abort: AbortSignal, sleep: (ms: number) => Promise<void>): Promise<string | undefined> {
  let last = '';
  for (let i = 0; i < attempts; i++) {
    const outcome = await sender.send(signal, body, abort);
    if (outcome.kind === 'ok') return undefined;
    last = outcome.error;
    if (outcome.kind === 'rejected') return last;
    await sleep(outcome.retryAfterMs ?? Math.min(5000, 200 * 2 ** i));
  }
  return `${last} (gave up after ${attempts} tries)`;
}
