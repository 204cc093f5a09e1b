/**
 * Figure 7: one trace search over a full store: 100,000 spans (the default cap) in 3,125 traces of 32 spans from 4
 * SDK instances, fed through the protobuf decoder as the receiver does. Four queries, from cheap to worst case:
 * every trace (the panel opening), errors of one root name (per-trace facts only), an attribute that
 * matches (spans scanned until found), and an attribute no span has (every span of every trace scanned). Each
 * sample is the median time of repeated searches; the figure is the median of the samples.
 */
import { Engine } from '../src/core/engine';
import { decodeTraces } from '../src/core/otlp/decode';
import { parseTraceQuery } from '../src/core/search/traceFilter';
import { searchTraces } from '../src/core/search/traceSearch';
import { pick, type Bench } from './lib/context';
import type { Row } from './lib/report';
import { median } from './lib/stats';
import { IdPatcher, traceRequest } from './payloads/traces';

const CAP = 100_000;
const GOAL_MS = 50;
const QUERIES: { id: string; label: string; params: string }[] = [
  { id: 'all', label: 'every trace', params: 'limit=50' },
  { id: 'errors', label: 'errors, name has "checkout"', params: 'error&name=checkout' },
  { id: 'attr', label: 'attr that matches', params: 'attr=http.route%3D/api/checkout' },
  { id: 'attrMiss', label: 'attr no span has', params: 'attr=http.route%3D/nowhere' },
];

export const traceSearchBench: Bench = async (ctx) => {
  const cap = pick(ctx, CAP, 5_000);
  const samples = pick(ctx, 9, 2);
  const perSample = pick(ctx, 15, 2);
  const templates = await Promise.all([1, 2, 3, 4].map((i) => traceRequest(200 + i, 512, `bench-instance-${i}`)));
  const patchers = templates.map((t) => new IdPatcher(t));
  const engine = new Engine({ http: { enabled: false }, limits: { maxSpans: cap } });
  const store = engine.store;
  let n = 1;
  while (store.spanCount < cap) {
    const k = n % templates.length;
    store.ingestTraces(decodeTraces(patchers[k].copy(n++), 'protobuf'));
  }
  let traces = 0;
  for (const i of store.instances.values()) traces += i.traces.size;
  ctx.log(`store: ${store.spanCount} spans in ${traces} traces over ${store.instances.size} instances`);

  const rows: Row[] = [];
  for (const q of QUERIES) {
    const query = parseTraceQuery(new URLSearchParams(q.params));
    let matched = 0;
    // Warm-up: the first searches also compute each Trace's lazily kept bounds.
    for (let i = 0; i < 3; i++) matched = searchTraces(store.instances.values(), query).matched;
    const medians: number[] = [];
    for (let s = 0; s < samples; s++) {
      const times: number[] = [];
      for (let i = 0; i < perSample; i++) {
        const t0 = performance.now();
        searchTraces(store.instances.values(), query);
        times.push(performance.now() - t0);
      }
      medians.push(median(times));
    }
    const ms = median(medians);
    ctx.log(`${q.id}: ${ms.toFixed(2)} ms, ${matched} of ${traces} traces match`);
    rows.push({
      figure: 7,
      id: `traceSearch.${q.id}`,
      label: `trace search, ${q.label} (${Math.round(cap / 1000)}k spans)`,
      unit: 'ms',
      subject: ms,
      goal: `< ${GOAL_MS} ms`,
      met: ctx.smoke ? undefined : ms < GOAL_MS,
      details: { params: q.params, matched, traces, spans: store.spanCount, samplesMs: medians, searchesPerSample: perSample },
    });
  }
  await engine.dispose();
  return rows;
};
