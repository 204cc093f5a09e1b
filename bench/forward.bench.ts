/**
 * Figure 6: forwarding's cost and its memory bound.
 *  6a. OTLP/HTTP ingest with one forward upstream vs none, interleaved in one run: two engines on ephemeral ports,
 *      one forwarding every accepted request to an upstream in a child process (bench/forward/sinkServer.ts), the
 *      load generator (bench/http/loadgen.ts, its own process) posting to each in turn. Between rounds the
 *      forwarding engine's queue is let drain (untimed), so its backlog never lands on the baseline's turn.
 *  6b. Queue memory with the upstream down: an engine forwarding to a closed port receives several times its
 *      queue budget; the memory held outside the V8 heap (request bodies are Buffers) is read after GC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { join } from 'node:path';
import { Engine } from '../src/core/engine';
import type { UpstreamHealth } from '../src/core/forward/health';
import { pick, type Bench } from './lib/context';
import type { Row } from './lib/report';
import { interleave, mb, median } from './lib/stats';
import type { LoadBody, LoadResult } from './http/loadgen';
import { LoadGenerator } from './http/loadgenClient';
import { traceRequest } from './payloads/traces';

const CONNECTIONS = 8;
const GOAL = 0.7;
/** Memory held may exceed the queue's budget by this share (allocator slack, the bodies being read). */
const MEMORY_TOLERANCE = 0.25;

async function startSink(): Promise<{ child: ChildProcess; port: number; count(): Promise<{ requests: number; bytes: number }> }> {
  const child = fork(join(__dirname, 'forward', 'sinkServer.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`sink exited at start (${code})`)));
  });
  const count = () =>
    new Promise<{ requests: number; bytes: number }>((resolve) => {
      child.once('message', (m: { requests: number; bytes: number }) => resolve(m));
      child.send('count');
    });
  return { child, port, count };
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function drained(engine: Engine, timeoutMs: number): Promise<UpstreamHealth> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = engine.forwarder.health()[0];
    if (h.queued.requests === 0 || Date.now() > deadline) return h;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function heldOutsideHeap(): { arrayBuffers: number; heapUsed: number } {
  global.gc?.();
  global.gc?.();
  const m = process.memoryUsage();
  return { arrayBuffers: m.arrayBuffers, heapUsed: m.heapUsed };
}

export const forwardBench: Bench = async (ctx) => {
  const roundMs = pick(ctx, 2500, 300);
  const rounds = pick(ctx, 7, 1);
  const warmup = pick(ctx, 2, 1);
  const bodies: LoadBody[] = (await Promise.all([21, 22, 23, 24].map((seed) => traceRequest(seed)))).map((t) => ({ bytes: t.bytes, idOffsets: t.idOffsets, items: t.spans }));
  const rows: Row[] = [];
  const gen = await LoadGenerator.start();
  const sink = await startSink();
  const plain = new Engine({ http: { port: 0 } });
  const forwarding = new Engine({ http: { port: 0 }, forward: [{ url: `http://127.0.0.1:${sink.port}` }] });
  let firstId = 1;
  try {
    for (const e of [plain, forwarding]) {
      const report = await e.start();
      if (report.errors.length) throw new Error(report.errors.map((x) => x.message).join('; '));
    }
    ctx.log(`6a: ${rounds} rounds of ${roundMs} ms each side, ${CONNECTIONS} connections, forwarding to a sink process`);
    const results: { subject: LoadResult[]; baseline: LoadResult[] } = { subject: [], baseline: [] };
    const sample = async (engine: Engine, into: LoadResult[]) => {
      if (engine === forwarding) await drained(forwarding, 30_000);
      global.gc?.();
      const r = await gen.run({ port: engine.http.port!, path: '/v1/traces', contentType: 'application/x-protobuf', bodies: [...bodies], connections: CONNECTIONS, durationMs: roundMs, maxRequests: 1_000_000, firstId });
      firstId += r.requests + CONNECTIONS;
      if (r.errors > 0) throw new Error(`${r.errors} failed requests (${JSON.stringify(r.statuses)})`);
      into.push(r);
      return (r.items * 1000) / r.elapsedMs;
    };
    const r = await interleave(rounds, warmup, () => sample(plain, results.baseline), () => sample(forwarding, results.subject));
    const after = await drained(forwarding, 60_000);
    const sinkCount = await sink.count();
    const accepted = forwarding.http.stats.byStatus['200'] ?? 0;
    const ratio = median(r.ratios);
    rows.push({
      figure: 6,
      id: 'forward.ingest',
      label: 'HTTP ingest with one forward upstream vs none (512 spans/req, 8 conns)',
      unit: 'spans/s',
      subject: median(r.subject),
      baseline: median(r.baseline),
      ratio,
      goal: `≥ ${GOAL} of no forward`,
      met: ctx.smoke ? undefined : ratio >= GOAL && after.dropped['queue-full'] === 0,
      details: {
        samples: r,
        requestBytes: bodies[0].bytes.byteLength,
        acceptedByForwardingEngine: accepted,
        forwardedRequests: after.forwarded.requests,
        forwardedBytes: after.forwarded.bytes,
        upstreamReceived: sinkCount,
        dropped: after.dropped,
        queuedAtEnd: after.queued,
        note: 'every accepted request must reach the upstream (forwardedRequests = accepted, nothing dropped) for the goal to count as met',
      },
    });
    ctx.log(`6a: ratio ${ratio.toFixed(2)}; accepted ${accepted}, forwarded ${after.forwarded.requests}, upstream saw ${sinkCount.requests} sends, dropped ${JSON.stringify(after.dropped)}`);
  } finally {
    await plain.dispose();
    await forwarding.dispose();
    sink.child.kill();
  }

  // 6b: an upstream that is down, and several budgets' worth of requests.
  const budget = pick(ctx, 64 * 1024 * 1024, 4 * 1024 * 1024);
  const down = new Engine({ http: { port: 0 }, limits: { maxSpans: 20_000 }, forward: [{ url: `http://127.0.0.1:${await closedPort()}`, queueBytes: budget }], forwardFlushMs: 0 });
  try {
    await down.start();
    const before = heldOutsideHeap();
    const requestBytes = bodies[0].bytes.byteLength;
    const toSend = Math.ceil((3 * budget) / requestBytes);
    ctx.log(`6b: ${toSend} requests of ${(requestBytes / 1024).toFixed(0)} KB to an engine whose upstream is down (budget ${mb(budget).toFixed(0)} MB)`);
    const load = await gen.run({ port: down.http.port!, path: '/v1/traces', contentType: 'application/x-protobuf', bodies: [...bodies], connections: CONNECTIONS, durationMs: 120_000, maxRequests: toSend, firstId });
    if (load.errors > 0) throw new Error(`${load.errors} failed requests while the upstream was down (${JSON.stringify(load.statuses)})`);
    const h = down.forwarder.health()[0];
    const held = heldOutsideHeap();
    const grownMb = mb(held.arrayBuffers - before.arrayBuffers);
    rows.push({
      figure: 6,
      id: 'forward.queueMemory',
      label: `memory held by a forward queue, upstream down (${load.requests} × ${(requestBytes / 1024).toFixed(0)} KB sent)`,
      unit: 'MB',
      subject: grownMb,
      goal: `≤ budget ${mb(budget).toFixed(0)} MB + ${MEMORY_TOLERANCE * 100} %`,
      met: ctx.smoke ? undefined : h.queued.bytes <= budget && grownMb <= mb(budget) * (1 + MEMORY_TOLERANCE),
      details: {
        budgetMb: mb(budget),
        queuedMb: mb(h.queued.bytes),
        queuedRequests: h.queued.requests,
        droppedQueueFull: h.dropped['queue-full'],
        sent: load.requests,
        localStatuses: load.statuses,
        arrayBuffersBeforeMb: mb(before.arrayBuffers),
        arrayBuffersAfterMb: mb(held.arrayBuffers),
        heapUsedBeforeMb: mb(before.heapUsed),
        heapUsedAfterMb: mb(held.heapUsed),
        upstreamStatus: h.status,
        lastError: h.lastError?.message,
      },
    });
    ctx.log(`6b: queued ${mb(h.queued.bytes).toFixed(1)} MB in ${h.queued.requests} requests, dropped ${h.dropped['queue-full']}; outside-heap memory grew ${grownMb.toFixed(1)} MB`);
  } finally {
    await down.dispose();
    gen.close();
  }
  return rows;
};
