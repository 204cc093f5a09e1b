/**
 * Figure 1: protobuf decode throughput, items/s (spans for traces, data points for metrics), of the engine's
 * decoder against protobufjs reflection decode + toObject on the same bodies, interleaved.
 */
import { decodeMetrics, decodeTraces } from '../src/core/otlp/decode';
import { pick, type Bench } from './lib/context';
import type { Row } from './lib/report';
import { interleave, median, timeLoop } from './lib/stats';
import { metricsRequest } from './payloads/metrics';
import { traceRequest } from './payloads/traces';
import { loadOtlpTypes, TO_OBJECT } from './schema/otlpProto';

const GOAL = 5;

export const decodeBench: Bench = async (ctx) => {
  const sampleMs = pick(ctx, 600, 40);
  const rounds = pick(ctx, 9, 2);
  const warmup = pick(ctx, 3, 1);
  const types = loadOtlpTypes();

  const traceBodies = await Promise.all([1, 2, 3, 4].map((seed) => traceRequest(seed)));
  const metricBodies = await Promise.all([1, 2].map((seed) => metricsRequest(seed)));
  const spansPerBody = traceBodies[0].spans;
  const pointsPerBody = metricBodies[0].points;

  // Both sides must see the same items, or the comparison means nothing.
  let sink = 0;
  const subjectSpans = (i: number) => {
    const payload = decodeTraces(traceBodies[i % traceBodies.length].bytes, 'protobuf');
    for (const b of payload) sink += b.items.length;
  };
  const baselineSpans = (i: number) => {
    const obj = types.traceRequest.toObject(types.traceRequest.decode(traceBodies[i % traceBodies.length].bytes), TO_OBJECT) as {
      resourceSpans: { scopeSpans: { spans: unknown[] }[] }[];
    };
    for (const rs of obj.resourceSpans) for (const ss of rs.scopeSpans) sink += ss.spans.length;
  };
  // The same decode, then every attribute, event and link of every span read (what a view of all of them costs).
  const subjectSpansReadAll = (i: number) => {
    const payload = decodeTraces(traceBodies[i % traceBodies.length].bytes, 'protobuf');
    for (const b of payload) {
      for (const s of b.items) {
        if (s.attributes && s.events && s.links) sink++;
      }
    }
  };
  const subjectPoints = (i: number) => {
    const payload = decodeMetrics(metricBodies[i % metricBodies.length].bytes, 'protobuf');
    for (const b of payload) for (const m of b.items) sink += m.points.length;
  };
  const baselinePoints = (i: number) => {
    const obj = types.metricsRequest.toObject(types.metricsRequest.decode(metricBodies[i % metricBodies.length].bytes), TO_OBJECT) as {
      resourceMetrics: { scopeMetrics: { metrics: Record<string, { dataPoints?: unknown[] } | unknown>[] }[] }[];
    };
    for (const rm of obj.resourceMetrics)
      for (const sm of rm.scopeMetrics)
        for (const m of sm.metrics) {
          const data = (m.gauge ?? m.sum ?? m.histogram ?? m.exponentialHistogram ?? m.summary) as { dataPoints: unknown[] };
          sink += data.dataPoints.length;
        }
  };
  for (const [name, fn, per] of [
    ['subject spans', subjectSpans, spansPerBody],
    ['subject spans, all read', subjectSpansReadAll, spansPerBody],
    ['baseline spans', baselineSpans, spansPerBody],
    ['subject points', subjectPoints, pointsPerBody],
    ['baseline points', baselinePoints, pointsPerBody],
  ] as const) {
    sink = 0;
    fn(0);
    if (sink !== per || per === 0) throw new Error(`${name}: decoded ${sink} items, expected ${per}`);
  }

  const rows: Row[] = [];
  for (const [id, label, unit, per, subject, baseline, bytes] of [
    ['decode.traces', 'protobuf decode, traces (512 spans/req)', 'spans/s', spansPerBody, subjectSpans, baselineSpans, traceBodies[0].bytes.byteLength],
    ['decode.tracesReadAll', 'protobuf decode, traces, every attribute/event/link read', 'spans/s', spansPerBody, subjectSpansReadAll, baselineSpans, traceBodies[0].bytes.byteLength],
    ['decode.metrics', 'protobuf decode, metrics (1000 points/req)', 'points/s', pointsPerBody, subjectPoints, baselinePoints, metricBodies[0].bytes.byteLength],
  ] as const) {
    ctx.log(`decode: ${id}, ${rounds} rounds of ${sampleMs} ms each side`);
    const r = await interleave(
      rounds,
      warmup,
      // A full GC before each sample: neither side pays for the other's garbage.
      () => (global.gc?.(), timeLoop(sampleMs, baseline).perSecond * per),
      () => (global.gc?.(), timeLoop(sampleMs, subject).perSecond * per),
    );
    const ratio = median(r.ratios);
    // Reading every part is not what the goal is about (views read the spans they show); it is reported beside it.
    const informational = id === 'decode.tracesReadAll';
    rows.push({
      figure: 1,
      id,
      label: label.replace('1000', String(pointsPerBody)),
      unit,
      subject: median(r.subject),
      baseline: median(r.baseline),
      ratio,
      goal: informational ? '— (for reference)' : `≥ ${GOAL}×`,
      met: ctx.smoke || informational ? undefined : ratio >= GOAL,
      details: { itemsPerRequest: per, requestBytes: bytes, sampleMs, rounds, warmup, samples: r, baselineIs: 'protobufjs parse() + Type.decode + Type.toObject', toObject: '{ longs: Number, enums: Number, bytes: String, defaults: true, arrays: true }' },
    });
  }
  return rows;
};
