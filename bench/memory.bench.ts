/**
 * Figure 3: V8 heap used (after a full GC; the bench runs under --expose-gc) with the engine holding 100,000
 * spans (its default cap), and the bytes that costs per span, then under sustained ingest at the cap, sampled at
 * several points to show the heap stays flat. Spans come from real SDK requests (4 instances, 512 spans each with
 * 10 attributes and 2 events), renumbered per request so every span is new; they go through the protobuf decoder
 * into the store, as the receiver does, without HTTP (figure 2 covers that).
 *
 * Figure 9: the heap held by a store with a small memory budget under each adversarial workload
 * (memory/adversarial.ts, each in a child process of its own), against the budget.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Engine } from '../src/core/engine';
import { decodeTraces } from '../src/core/otlp/decode';
import { pick, type Bench } from './lib/context';
import type { Row } from './lib/report';
import { mb } from './lib/stats';
import { ADVERSARIAL_WORKLOADS } from './memory/adversarial';
import { IdPatcher, traceRequest } from './payloads/traces';

const CAP = 100_000;
const GOAL_MB = 150;
const GOAL_BYTES_PER_SPAN = 600;
/** Figure 9's budget, and how far over it the heap may go. */
const ADVERSARIAL_BUDGET = 64 * 1024 * 1024;
const BUDGET_TOLERANCE = 0.1;
/** Heap at the cap may wander this much over the sustained phase and still count as flat. */
const FLAT_TOLERANCE = 0.1;

function heapAfterGc(): { heapUsed: number; rss: number; arrayBuffers: number } {
  if (!global.gc) throw new Error('run with node --expose-gc');
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, arrayBuffers: m.arrayBuffers };
}

export const memoryBench: Bench = async (ctx) => {
  const cap = pick(ctx, CAP, 5_000);
  const sustainedSpans = pick(ctx, 10 * CAP, 4 * 5_000);
  const checkpoints = 5;

  const templates = await Promise.all([1, 2, 3, 4].map((i) => traceRequest(100 + i, 512, `bench-instance-${i}`)));
  const patchers = templates.map((t) => new IdPatcher(t));
  // Made before the baseline reading, so only the engine's share is measured.
  const buffers = templates.map((t) => new Uint8Array(t.bytes));
  let n = 1;
  const engine = new Engine({ http: { enabled: false }, limits: { maxSpans: cap } });
  const store = engine.store;
  const ingestOne = () => {
    const k = n % templates.length;
    patchers[k].patch(buffers[k], n++);
    const result = store.ingestTraces(decodeTraces(buffers[k], 'protobuf'));
    if (result.rejected) throw new Error(`store rejected ${result.rejected} spans: ${result.message}`);
  };

  const before = heapAfterGc();
  ctx.log(`heap before: ${mb(before.heapUsed).toFixed(1)} MB; filling to ${cap} spans`);
  const t0 = performance.now();
  while (store.spanCount < cap) ingestOne();
  const fillS = (performance.now() - t0) / 1000;
  // Let any pending change event go out so its timer holds nothing.
  store.flushChanges();
  const atCap = heapAfterGc();
  const spansHeld = store.spanCount;
  ctx.log(`heap at ${spansHeld} spans: ${mb(atCap.heapUsed).toFixed(1)} MB (${((atCap.heapUsed - before.heapUsed) / spansHeld).toFixed(0)} B/span)`);

  const points: { spansIngested: number; spansHeld: number; heapUsedMb: number; rssMb: number; evicted: number }[] = [
    { spansIngested: store.counters.traces.received, spansHeld, heapUsedMb: mb(atCap.heapUsed), rssMb: mb(atCap.rss), evicted: store.evictions.spans },
  ];
  const perCheckpoint = Math.ceil(sustainedSpans / checkpoints);
  const t1 = performance.now();
  for (let c = 0; c < checkpoints; c++) {
    const target = store.counters.traces.received + perCheckpoint;
    while (store.counters.traces.received < target) ingestOne();
    store.flushChanges();
    const h = heapAfterGc();
    points.push({ spansIngested: store.counters.traces.received, spansHeld: store.spanCount, heapUsedMb: mb(h.heapUsed), rssMb: mb(h.rss), evicted: store.evictions.spans });
    ctx.log(`after ${store.counters.traces.received} spans ingested: ${mb(h.heapUsed).toFixed(1)} MB, ${store.spanCount} held`);
  }
  const sustainedS = (performance.now() - t1) / 1000;
  await engine.dispose();

  const adversarial = await adversarialRows(ctx);

  const heapAtCapMb = mb(atCap.heapUsed);
  const bytesPerSpan = Math.round((atCap.heapUsed - before.heapUsed) / spansHeld);
  const later = points.slice(1).map((p) => p.heapUsedMb);
  const maxLater = Math.max(...later);
  const drift = maxLater / heapAtCapMb - 1;
  const rows: Row[] = [
    {
      figure: 3,
      id: 'memory.heapAtCap',
      label: `heap used, ${spansHeld.toLocaleString('en')} spans retained`,
      unit: 'MB',
      subject: heapAtCapMb,
      goal: `≤ ${GOAL_MB} MB`,
      met: ctx.smoke ? undefined : heapAtCapMb <= GOAL_MB,
      details: {
        heapBeforeMb: mb(before.heapUsed),
        engineShareMb: mb(atCap.heapUsed - before.heapUsed),
        bytesPerSpan,
        // Off the V8 heap (ArrayBuffers): the store keeps none per span, so this stays near 0.
        arrayBuffersPerSpan: Math.round((atCap.arrayBuffers - before.arrayBuffers) / spansHeld),
        storeCountsBytes: store.memory.bytes,
        rssAtCapMb: mb(atCap.rss),
        fillSeconds: fillS,
        spansPerSecondWhileFilling: Math.round(store.counters.traces.received === 0 ? 0 : points[0].spansIngested / fillS),
        payload: '4 SDK instances, 512 spans/request, 10 attributes + 2 events (2 attributes each) per span, fresh ids per request',
      },
    },
    {
      figure: 3,
      id: 'memory.bytesPerSpan',
      label: `heap per span held, ${spansHeld.toLocaleString('en')} spans`,
      unit: 'B',
      subject: bytesPerSpan,
      goal: `≤ ${GOAL_BYTES_PER_SPAN} B`,
      met: ctx.smoke ? undefined : bytesPerSpan <= GOAL_BYTES_PER_SPAN,
      details: { storeCountsPerSpan: Math.round(store.memory.bytes / spansHeld) },
    },
    {
      figure: 3,
      id: 'memory.sustained',
      label: `heap at cap after ${sustainedSpans.toLocaleString('en')} more spans (max of ${checkpoints})`,
      unit: 'MB',
      subject: maxLater,
      goal: `flat (≤ +${FLAT_TOLERANCE * 100}%)`,
      met: ctx.smoke ? undefined : drift <= FLAT_TOLERANCE,
      details: { driftFromCap: drift, points, sustainedSeconds: sustainedS },
    },
    ...adversarial,
  ];
  return rows;
};

/** Figure 9: each adversarial workload in a child process with a small budget; heap held after GC vs budget. */
async function adversarialRows(ctx: Parameters<Bench>[0]): Promise<Row[]> {
  const run = promisify(execFile);
  const script = join(__dirname, 'memory', 'adversarial.js');
  const budget = pick(ctx, ADVERSARIAL_BUDGET, 8 * 1024 * 1024);
  const rows: Row[] = [];
  for (const workload of ADVERSARIAL_WORKLOADS) {
    // Smoke runs only prove the script still runs: the quick workloads, a small budget.
    if (ctx.smoke && workload !== 'series' && workload !== 'hugeAttribute') continue;
    ctx.log(`adversarial: ${workload}, budget ${mb(budget)} MB`);
    const { stdout } = await run(process.execPath, ['--expose-gc', script, workload, String(budget)], { maxBuffer: 1 << 20, timeout: 300_000 });
    const r = JSON.parse(stdout) as { held: number; memory: { bytes: number }; evictedByCause: Record<string, number>; evictions: Record<string, number>; counters: unknown; rejected: number };
    rows.push({
      figure: 9,
      id: `memory.budget.${workload}`,
      label: `heap held under ${WORKLOAD_LABEL[workload]}, ${mb(budget)} MB budget`,
      unit: 'MB',
      subject: mb(r.held),
      baseline: mb(budget),
      ratio: r.held / budget,
      goal: `≤ budget + ${BUDGET_TOLERANCE * 100} %`,
      met: ctx.smoke ? undefined : r.held <= budget * (1 + BUDGET_TOLERANCE),
      details: { storeCountsMb: mb(r.memory.bytes), evictedByCause: r.evictedByCause, evictions: r.evictions, rejected: r.rejected, counters: r.counters },
    });
  }
  return rows;
}

const WORKLOAD_LABEL: Record<(typeof ADVERSARIAL_WORKLOADS)[number], string> = {
  spans: '200k SDK spans',
  hugeAttribute: 'a 50 MB attribute',
  series: '100k distinct series',
  instances: '10k instances',
  logs: '300k log records',
};
