/**
 * Figure 8: persistence's cost and its start-up.
 *  7a. OTLP/HTTP ingest with persistence on vs off, interleaved in one run: two engines on ephemeral ports, one
 *      keeping every accepted request in segment files (default 256 MB budget, so the budget is reached and the
 *      oldest segments deleted during the run), the load generator (its own process) posting to each in turn.
 *      Between rounds the persisting engine's queue is let reach the disk (untimed, reported), so its backlog
 *      never lands on the baseline's turn; nothing may be dropped for the goal to count.
 *  7b. Start-up with a full budget: 256 MB of segments (real SDK trace requests, every one with fresh ids) are
 *      replayed into a new engine's store (default caps, so it evicts as it goes) through the receivers' decoder.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../src/core/engine';
import { SegmentLog } from '../src/core/capture/segmentLog';
import { pick, type Bench } from './lib/context';
import type { Row } from './lib/report';
import { interleave, mb, median } from './lib/stats';
import type { LoadBody, LoadResult } from './http/loadgen';
import { LoadGenerator } from './http/loadgenClient';
import { IdPatcher, traceRequest } from './payloads/traces';

const CONNECTIONS = 8;
const GOAL = 0.8;

export const captureBench: Bench = async (ctx) => {
  const roundMs = pick(ctx, 2500, 300);
  const rounds = pick(ctx, 7, 1);
  const warmup = pick(ctx, 2, 1);
  const budget = pick(ctx, 256 * 1024 * 1024, 16 * 1024 * 1024);
  const requests = await Promise.all([31, 32, 33, 34].map((seed) => traceRequest(seed)));
  const bodies: LoadBody[] = requests.map((t) => ({ bytes: t.bytes, idOffsets: t.idOffsets, items: t.spans }));
  const rows: Row[] = [];
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ti-bench-capture-'));
  const gen = await LoadGenerator.start();
  const plain = new Engine({ http: { port: 0 } });
  const persisting = new Engine({ http: { port: 0 }, persistence: { dir: path.join(root, 'on'), budgetBytes: budget } });
  let firstId = 1;
  try {
    for (const e of [plain, persisting]) {
      const report = await e.start();
      if (report.errors.length) throw new Error(report.errors.map((x) => x.message).join('; '));
    }
    ctx.log(`7a: ${rounds} rounds of ${roundMs} ms each side, ${CONNECTIONS} connections, persistence budget ${mb(budget)} MB in ${root}`);
    const flushMs: number[] = [];
    const sample = async (engine: Engine, into: LoadResult[]): Promise<number> => {
      if (engine === persisting) {
        const t = performance.now();
        await persisting.persistence!.flush();
        flushMs.push(performance.now() - t);
      }
      global.gc?.();
      const r = await gen.run({ port: engine.http.port!, path: '/v1/traces', contentType: 'application/x-protobuf', bodies: [...bodies], connections: CONNECTIONS, durationMs: roundMs, maxRequests: 1_000_000, firstId });
      firstId += r.requests + CONNECTIONS;
      if (r.errors > 0) throw new Error(`${r.errors} failed requests (${JSON.stringify(r.statuses)})`);
      into.push(r);
      return (r.items * 1000) / r.elapsedMs;
    };
    const results = { subject: [] as LoadResult[], baseline: [] as LoadResult[] };
    const r = await interleave(rounds, warmup, () => sample(plain, results.baseline), () => sample(persisting, results.subject));
    await persisting.persistence!.flush();
    const status = persisting.persistenceStatus()!;
    const accepted = persisting.http.stats.byStatus['200'] ?? 0;
    const ratio = median(r.ratios);
    const lost = status.dropped.backlog.records + status.dropped.error.records;
    rows.push({
      figure: 8,
      id: 'capture.ingest',
      label: 'HTTP ingest with persistence on vs off (512 spans/req, 8 conns)',
      unit: 'spans/s',
      subject: median(r.subject),
      baseline: median(r.baseline),
      ratio,
      goal: `≥ ${GOAL} of off`,
      met: ctx.smoke ? undefined : ratio >= GOAL && lost === 0 && status.state === 'ok',
      details: {
        samples: r,
        requestBytes: bodies[0].bytes.byteLength,
        acceptedByPersistingEngine: accepted,
        written: status.written,
        droppedByBudget: status.dropped.budget,
        droppedBacklog: status.dropped.backlog,
        droppedError: status.dropped.error,
        heldOnDiskMb: mb(status.held.bytes),
        untimedFlushBetweenRoundsMs: flushMs,
        note: 'every accepted request must be written (written = accepted, none dropped but by the budget) for the goal to count',
      },
    });
    ctx.log(`7a: ratio ${ratio.toFixed(2)}; accepted ${accepted}, written ${status.written.records} (${mb(status.written.bytes).toFixed(0)} MB), budget dropped ${status.dropped.budget.records}, lost ${lost}; flushes ${flushMs.map((x) => x.toFixed(0)).join('/')} ms`);
  } finally {
    await plain.dispose();
    await persisting.dispose();
    gen.close();
  }

  // 7b: a full budget of segments, then a new engine's start-up replay.
  const dir = path.join(root, 'full');
  const log = new SegmentLog({ dir, budgetBytes: budget });
  await log.open(() => undefined);
  const patchers = requests.map((t) => new IdPatcher(t));
  let n = 0;
  let bytes = 0;
  const started = Date.now() - 3_600_000;
  while (bytes < budget * 0.98) {
    const t = requests[n % requests.length];
    log.append({ signal: 'traces', encoding: 'protobuf', receivedAtMs: started + n, body: patchers[n % patchers.length].copy(n + 1) });
    bytes += t.bytes.byteLength + 24;
    n++;
    if (n % 64 === 0) await log.flush();
  }
  await log.close();
  ctx.log(`7b: ${n} requests (${mb(bytes).toFixed(0)} MB) in segments; replaying into a new engine`);
  const samples: { ms: number; spans: number }[] = [];
  for (let i = 0; i < pick(ctx, 3, 1); i++) {
    global.gc?.();
    const engine = new Engine({ persistence: { dir } });
    try {
      const t = performance.now();
      const report = (await engine.restorePersisted())!;
      const ms = performance.now() - t;
      if (report.warnings.length || report.undecodable) throw new Error(`restore warnings: ${JSON.stringify(report.warnings)}; undecodable ${report.undecodable}`);
      samples.push({ ms, spans: report.items.spans });
    } finally {
      await engine.dispose();
    }
  }
  const ms = median(samples.map((s) => s.ms));
  const spans = samples[0].spans;
  rows.push({
    figure: 8,
    id: 'capture.restore',
    label: `start-up replay of a full budget (${mb(budget)} MB, ${spans} spans)`,
    unit: 'spans/s',
    subject: (spans * 1000) / ms,
    goal: 'reported',
    details: { budgetMb: mb(budget), requests: n, spans, restoreMs: samples.map((s) => s.ms), medianMs: ms },
  });
  rows.push({
    figure: 8,
    id: 'capture.restoreTime',
    label: `start-up replay of a full budget (${mb(budget)} MB): time`,
    unit: 's',
    subject: ms / 1000,
    goal: 'reported',
    details: { restoreMs: samples.map((s) => s.ms) },
  });
  ctx.log(`7b: ${spans} spans in ${(ms / 1000).toFixed(2)} s → ${Math.round((spans * 1000) / ms)} spans/s`);
  await fs.rm(root, { recursive: true, force: true });
  return rows;
};
