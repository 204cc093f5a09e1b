/**
 * Load: N concurrent exporters (keep-alive undici clients on loopback) post real SDK payloads of all three
 * signals for a fixed time. Every request must be answered 200, or 429/503 with Retry-After; afterwards the
 * books balance exactly per signal: received = stored + evicted + rejected, and received = what was accepted.
 *
 *   node out/test/reliability/loadReceiver.js [--seconds 60] [--exporters 16] [--max-in-flight-bytes N] [--gzip]
 */
import { gzipSync } from 'node:zlib';
import { Client } from 'undici';
import { Engine } from '../../src/core/engine';
import type { Signal } from '../../src/core/model/records';
import { logsProtobuf, metricsProtobuf, tracesProtobuf } from '../helpers/payloads';

export interface LoadReport {
  seconds: number;
  exporters: number;
  requests: number;
  requestsPerSecond: number;
  byStatus: Record<string, number>;
  retryAfterMissing: number;
  itemsAccepted: Record<Signal, number>;
  counters: Record<Signal, { received: number; stored: number; evicted: number; rejected: number }>;
  failures: string[];
}

export async function loadReceiver(options: { seconds: number; exporters: number; maxInFlightBytes?: number; gzip?: boolean }): Promise<LoadReport> {
  const engine = new Engine({
    http: { port: 0, maxInFlightBytes: options.maxInFlightBytes },
    limits: { maxSpans: 50_000, maxLogRecords: 20_000, maxPointsPerSeries: 100 },
  });
  const start = await engine.start();
  if (start.errors.length) throw start.errors[0];
  const origin = `http://127.0.0.1:${engine.http.port}`;
  // Each exporter is its own instance, as 16 processes would be.
  const payloads: { signal: Signal; body: Uint8Array; items: number }[][] = [];
  for (let e = 0; e < options.exporters; e++) {
    payloads.push([
      { signal: 'traces', body: tracesProtobuf(512, `load-${e}`), items: 512 },
      { signal: 'metrics', body: await metricsProtobuf(`load-${e}`), items: 2 },
      { signal: 'logs', body: logsProtobuf(200, `load-${e}`), items: 200 },
    ]);
  }
  // Compressed bodies are inflated off the main thread, so requests overlap and back-pressure can engage.
  if (options.gzip) for (const list of payloads) for (const p of list) p.body = gzipSync(p.body);
  const encodingHeader: Record<string, string> = options.gzip ? { 'content-encoding': 'gzip' } : {};
  const report: LoadReport = {
    seconds: options.seconds,
    exporters: options.exporters,
    requests: 0,
    requestsPerSecond: 0,
    byStatus: {},
    retryAfterMissing: 0,
    itemsAccepted: { traces: 0, metrics: 0, logs: 0 },
    counters: engine.store.counters,
    failures: [],
  };
  const deadline = Date.now() + options.seconds * 1000;
  const exporter = async (e: number): Promise<void> => {
    const client = new Client(origin, { pipelining: 1 });
    let i = 0;
    try {
      while (Date.now() < deadline) {
        const p = payloads[e][i++ % 3];
        try {
          const res = await client.request({ method: 'POST', path: `/v1/${p.signal}`, headers: { 'content-type': 'application/x-protobuf', ...encodingHeader }, body: p.body, headersTimeout: 10_000, bodyTimeout: 10_000 });
          await res.body.arrayBuffer();
          report.requests++;
          report.byStatus[res.statusCode] = (report.byStatus[res.statusCode] ?? 0) + 1;
          if (res.statusCode === 200) report.itemsAccepted[p.signal] += p.items;
          else if (res.statusCode === 429 || res.statusCode === 503) {
            if (!res.headers['retry-after']) report.retryAfterMissing++;
            await new Promise((r) => setTimeout(r, 20)); // a polite exporter backs off
          } else report.failures.push(`exporter ${e}: status ${res.statusCode}`);
        } catch (err) {
          report.failures.push(`exporter ${e}: ${(err as Error).message}`);
        }
      }
    } finally {
      await client.close();
    }
  };
  const began = Date.now();
  await Promise.all(Array.from({ length: options.exporters }, (_, e) => exporter(e)));
  report.requestsPerSecond = report.requests / ((Date.now() - began) / 1000);
  report.counters = structuredClone(engine.store.counters);
  await engine.dispose();
  for (const signal of ['traces', 'metrics', 'logs'] as Signal[]) {
    const c = report.counters[signal];
    if (c.received !== c.stored + c.evicted + c.rejected) report.failures.push(`${signal}: received ${c.received} ≠ stored ${c.stored} + evicted ${c.evicted} + rejected ${c.rejected}`);
    if (c.received !== report.itemsAccepted[signal]) report.failures.push(`${signal}: received ${c.received} ≠ ${report.itemsAccepted[signal]} items in requests answered 200`);
  }
  if (report.retryAfterMissing) report.failures.push(`${report.retryAfterMissing} 429/503 answers without Retry-After`);
  return report;
}

function flag(name: string, fallback: number | undefined): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (require.main === module) {
  loadReceiver({ seconds: flag('--seconds', 60)!, exporters: flag('--exporters', 16)!, maxInFlightBytes: flag('--max-in-flight-bytes', undefined), gzip: process.argv.includes('--gzip') }).then(
    (r) => {
      console.log(JSON.stringify({ ...r, failures: r.failures.slice(0, 20), failureCount: r.failures.length }, null, 2));
      process.exit(r.failures.length ? 1 : 0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
