/**
 * Figure 2: OTLP/HTTP ingest on loopback with 8 concurrent keep-alive undici clients posting pre-encoded
 * protobuf bodies, against the transport ceiling: a node:http server in the same process, with the same server
 * settings, that reads each body and discards it. The load generator is a child process (bench/http/loadgen.ts),
 * so client and server never share an event loop; the two servers take turns, baseline then subject.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from '../src/core/engine';
import { pick, type Bench } from './lib/context';
import type { Row } from './lib/report';
import { interleave, median } from './lib/stats';
import type { LoadBody, LoadResult } from './http/loadgen';
import { LoadGenerator } from './http/loadgenClient';
import { metricsRequest } from './payloads/metrics';
import { traceRequest } from './payloads/traces';

const CONNECTIONS = 8;
const GOAL = 0.5;

/** The transport ceiling: the same Node HTTP stack, reading and dropping each body, answering an empty 200. */
async function startSink(): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/x-protobuf', 'Content-Length': 0 });
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export const httpBench: Bench = async (ctx) => {
  const roundMs = pick(ctx, 2500, 300);
  const rounds = pick(ctx, 7, 1);
  const warmup = pick(ctx, 2, 1);

  const traceBodies: LoadBody[] = (await Promise.all([11, 12, 13, 14].map((seed) => traceRequest(seed)))).map((t) => ({ bytes: t.bytes, idOffsets: t.idOffsets, items: t.spans }));
  const metrics = await metricsRequest(11);
  const metricBodies: LoadBody[] = [{ bytes: metrics.bytes, idOffsets: [], items: metrics.points }];

  const engine = new Engine({ http: { port: 0, host: '127.0.0.1' } });
  const report = await engine.start();
  if (report.errors.length) throw new Error(report.errors.map((e) => e.message).join('; '));
  const enginePort = engine.http.port!;
  const sink = await startSink();
  const gen = await LoadGenerator.start();
  let firstId = 1;

  const rows: Row[] = [];
  try {
    for (const [id, label, unit, path, bodies] of [
      ['http.traces', 'HTTP ingest, traces (512 spans/req, 8 conns)', 'spans/s', '/v1/traces', traceBodies],
      ['http.metrics', `HTTP ingest, metrics (${metrics.points} points/req, 8 conns)`, 'points/s', '/v1/metrics', metricBodies],
    ] as const) {
      ctx.log(`${id}: ${rounds} rounds of ${roundMs} ms each side, ${CONNECTIONS} connections`);
      const results: { subject: LoadResult[]; baseline: LoadResult[] } = { subject: [], baseline: [] };
      const sample = async (port: number, into: LoadResult[]) => {
        global.gc?.();
        const cpu0 = process.cpuUsage();
        const r = await gen.run({
          port,
          path,
          contentType: 'application/x-protobuf',
          bodies: [...bodies],
          connections: CONNECTIONS,
          durationMs: roundMs,
          maxRequests: 1_000_000,
          firstId,
        });
        const cpu = process.cpuUsage(cpu0);
        // The server process's CPU over the sample: near 100 % means the server side is the bottleneck.
        (r as LoadResult & { serverCpuPercent?: number }).serverCpuPercent = Math.round(((cpu.user + cpu.system) / 1000 / r.elapsedMs) * 100);
        firstId += r.requests + CONNECTIONS;
        if (r.errors > 0) throw new Error(`${r.errors} failed requests (${JSON.stringify(r.statuses)})`);
        into.push(r);
        return (r.items * 1000) / r.elapsedMs;
      };
      const r = await interleave(
        rounds,
        warmup,
        () => sample(sink.port, results.baseline),
        () => sample(enginePort, results.subject),
      );
      const ratio = median(r.ratios);
      const tail = (rs: (LoadResult & { serverCpuPercent?: number })[]) =>
        rs.slice(-rounds).map((x) => ({ requests: x.requests, p50ms: +x.latencyMs.p50.toFixed(2), p99ms: +x.latencyMs.p99.toFixed(2), serverCpuPercent: x.serverCpuPercent }));
      rows.push({
        figure: 2,
        id,
        label,
        unit,
        subject: median(r.subject),
        baseline: median(r.baseline),
        ratio,
        goal: `≥ ${GOAL} of ceiling`,
        met: ctx.smoke ? undefined : ratio >= GOAL,
        details: {
          requestBytes: bodies[0].bytes.byteLength,
          itemsPerRequest: bodies[0].items,
          connections: CONNECTIONS,
          roundMs,
          rounds,
          warmup,
          loadGenerator: 'child process (child_process.fork), undici Client per connection, pipelining 1',
          baselineIs: 'node:http server in the bench process that reads and discards each body',
          samples: r,
          subjectRounds: tail(results.subject),
          baselineRounds: tail(results.baseline),
          storeAfter: { spans: engine.store.spanCount, counters: engine.store.counters },
        },
      });
    }
  } finally {
    gen.close();
    await engine.dispose();
    const closed = new Promise<void>((resolve) => sink.server.close(() => resolve()));
    sink.server.closeAllConnections();
    await closed;
  }
  return rows;
};
