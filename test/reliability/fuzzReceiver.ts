/**
 * Fuzzes the running OTLP/HTTP receiver: seeded mutated, truncated and random bodies per signal and encoding,
 * each answered within a second by a status the spec allows, with the process, the store and memory sane.
 *
 *   node out/test/reliability/fuzzReceiver.js [--iterations 10000] [--seed 1]
 */
import { Pool } from 'undici';
import { Engine } from '../../src/core/engine';
import type { Signal } from '../../src/core/model/records';
import { logsProtobuf, metricsProtobuf, tracesProtobuf, sdkSpans, sdkLogs, sdkMetrics } from '../helpers/payloads';
import { JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { mutate } from './mutate';
import { Random } from './random';

export interface FuzzReport {
  seed: number;
  perCase: number;
  requests: number;
  byStatus: Record<string, number>;
  slowest: { ms: number; signal: Signal; encoding: string; mutation: string };
  heapUsedMbBefore: number;
  heapUsedMbAfter: number;
  failures: string[];
}

const ALLOWED = new Set([200, 400, 413, 415]);

export async function fuzzReceiver(options: { iterations: number; seed: number; concurrency?: number }): Promise<FuzzReport> {
  const engine = new Engine({ http: { port: 0, maxBodyBytes: 256 * 1024 }, limits: { maxSpans: 20_000, maxLogRecords: 20_000 } });
  const report = await engine.start();
  if (report.errors.length) throw report.errors[0];
  const origin = `http://127.0.0.1:${engine.http.port}`;
  const pool = new Pool(origin, { connections: options.concurrency ?? 4, pipelining: 1 });
  const rnd = new Random(options.seed);
  const metrics = await sdkMetrics('fuzz');
  const seeds: Record<Signal, Record<'protobuf' | 'json', Uint8Array>> = {
    traces: { protobuf: tracesProtobuf(20, 'fuzz'), json: JsonTraceSerializer.serializeRequest(sdkSpans(20, 'fuzz'))! },
    metrics: { protobuf: await metricsProtobuf('fuzz'), json: JsonMetricsSerializer.serializeRequest(metrics)! },
    logs: { protobuf: logsProtobuf(20, 'fuzz'), json: JsonLogsSerializer.serializeRequest(sdkLogs(20, 'fuzz'))! },
  };
  const out: FuzzReport = {
    seed: options.seed,
    perCase: options.iterations,
    requests: 0,
    byStatus: {},
    slowest: { ms: 0, signal: 'traces', encoding: '', mutation: '' },
    heapUsedMbBefore: process.memoryUsage().heapUsed / 1048576,
    heapUsedMbAfter: 0,
    failures: [],
  };
  try {
    for (const signal of ['traces', 'metrics', 'logs'] as Signal[]) {
      for (const encoding of ['protobuf', 'json'] as const) {
        const valid = seeds[signal][encoding];
        const contentType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < options.iterations) {
            next++;
            let { body, mutation } = mutate(valid, rnd) as { body: Uint8Array; mutation: string };
            let type = contentType;
            const roll = rnd.next();
            if (roll < 0.02) {
              type = rnd.pick(['text/plain', 'application/grpc', '', 'application/x-protobuf+json', 'multipart/form-data']);
              mutation = `content-type:${type || '(none)'}`;
            } else if (roll < 0.03) {
              body = new Uint8Array(300 * 1024).fill(0x0a);
              mutation = 'oversize';
            }
            const started = performance.now();
            let status: number;
            try {
              const res = await pool.request({ method: 'POST', path: `/v1/${signal}`, headers: type ? { 'content-type': type } : {}, body, headersTimeout: 5000, bodyTimeout: 5000 });
              await res.body.arrayBuffer();
              status = res.statusCode;
            } catch (err) {
              out.failures.push(`${signal}/${encoding}/${mutation}: no answer (${(err as Error).message})`);
              continue;
            }
            const ms = performance.now() - started;
            out.requests++;
            out.byStatus[status] = (out.byStatus[status] ?? 0) + 1;
            if (ms > out.slowest.ms) out.slowest = { ms, signal, encoding, mutation };
            if (!ALLOWED.has(status)) out.failures.push(`${signal}/${encoding}/${mutation}: status ${status}`);
            if (ms > 1000) out.failures.push(`${signal}/${encoding}/${mutation}: took ${Math.round(ms)} ms`);
          }
        };
        await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
      }
    }
    // The store stays consistent: every item it received is stored, evicted or rejected.
    for (const signal of ['traces', 'metrics', 'logs'] as Signal[]) {
      const c = engine.store.counters[signal];
      if (c.received !== c.stored + c.evicted + c.rejected) out.failures.push(`${signal} counters do not balance: ${JSON.stringify(c)}`);
    }
    if (engine.store.spanCount > 20_000) out.failures.push(`span cap exceeded: ${engine.store.spanCount}`);
    if (engine.http.state.status !== 'listening') out.failures.push(`receiver is ${engine.http.state.status}`);
  } finally {
    await pool.close();
    await engine.dispose();
  }
  globalThis.gc?.();
  out.heapUsedMbAfter = process.memoryUsage().heapUsed / 1048576;
  return out;
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (require.main === module) {
  const iterations = flag('--iterations', 10_000);
  const seed = flag('--seed', 1);
  const started = Date.now();
  fuzzReceiver({ iterations, seed }).then(
    (r) => {
      console.log(JSON.stringify({ ...r, failures: r.failures.slice(0, 20), failureCount: r.failures.length, seconds: (Date.now() - started) / 1000 }, null, 2));
      process.exit(r.failures.length ? 1 : 0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
