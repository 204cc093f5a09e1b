/**
 * One adversarial workload against a store with a small memory budget, in a process of its own under
 * `node --expose-gc`, so the heap it reports is this workload's alone (the memory bench's figure 9 and
 * test/integration/core/store/memoryBudget.test.ts both run it):
 *
 *   node --expose-gc out/bench/memory/adversarial.js <spans|hugeAttribute|series|instances|logs> <budgetBytes>
 *
 * Every request goes through the real protobuf decoders into the store, as the receivers do. The count caps are
 * raised out of the way, so only the byte budget can bound what is held. Prints one JSON line: the heap used
 * after a full GC before the store was made and after the workload, and the store's own numbers.
 */
import { decodeLogs, decodeMetrics, decodeTraces } from '../../src/core/otlp/decode';
import { TelemetryStore } from '../../src/core/store/store';
import { IdPatcher, traceRequest } from '../payloads/traces';

// A minimal protobuf encoder over Buffers (the test-side ProtoWriter keeps a number[] per byte: too slow for 50 MB).
function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Buffer.from(out);
}
const ld = (field: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([varint((field << 3) | 2), varint(body.length), body]);
};
const str = (field: number, s: string): Buffer => ld(field, Buffer.from(s, 'utf8'));
const fixed64 = (field: number, n: number): Buffer => {
  const b = Buffer.alloc(9);
  b[0] = (field << 3) | 1;
  b.writeBigUInt64LE(BigInt(Math.round(n)), 1);
  return b;
};
const double = (field: number, n: number): Buffer => {
  const b = Buffer.alloc(9);
  b[0] = (field << 3) | 1;
  b.writeDoubleLE(n, 1);
  return b;
};
/** A KeyValue as field `field` of its message (1 in a Resource, 9 in a Span, 6 in a LogRecord). */
const kv = (key: string, value: string, field = 1): Buffer => ld(field, ld(1, Buffer.from(key)), ld(2, str(1, value)));
const id = (n: number, bytes: number): Buffer => {
  const b = Buffer.alloc(bytes);
  b.writeUInt32BE(n >>> 0, bytes - 4);
  b[0] = 1;
  return b;
};
const resource = (instance: string): Buffer =>
  ld(1, kv('service.name', 'memory-test'), kv('service.instance.id', instance), kv('host.name', 'test-host'), kv('telemetry.sdk.language', 'nodejs'));

function traceBody(instance: string, first: number, spans: number, attributes: Buffer[] = []): Buffer {
  const items: Buffer[] = [];
  for (let i = 0; i < spans; i++) {
    const n = first + i;
    items.push(
      ld(2, ld(1, id(n >>> 4, 16)), ld(2, id(n, 8)), str(5, `op ${n % 7}`), fixed64(7, 1.7e18 + n * 1e6), fixed64(8, 1.7e18 + n * 1e6 + 5e5), kv('http.route', `/r/${n % 13}`, 9), ...attributes),
    );
  }
  return ld(1, resource(instance), ld(2, ld(1, str(1, 'memory-test')), ...items));
}

function gaugeBody(first: number, points: number): Buffer {
  const dps: Buffer[] = [];
  for (let i = 0; i < points; i++) {
    const n = first + i;
    // NumberDataPoint: attributes 7, start 2, time 3, as_double 4.
    dps.push(ld(1, ld(7, ld(1, Buffer.from('request.id')), ld(2, str(1, `req-${n}`))), fixed64(3, 1.7e18 + n), double(4, n * 0.5)));
  }
  // Metric: name 1, gauge 5.
  return ld(1, resource('series-1'), ld(2, ld(1, str(1, 'memory-test')), ld(2, str(1, 'queue.depth'), ld(5, ...dps))));
}

function logsBody(first: number, records: number): Buffer {
  const items: Buffer[] = [];
  for (let i = 0; i < records; i++) {
    const n = first + i;
    // LogRecord: time 1, severity 2, body 5 (AnyValue), attributes 6.
    items.push(ld(2, fixed64(1, 1.7e18 + n), Buffer.from([0x10, 9]), ld(5, str(1, `request ${n} done: ${'x'.repeat(150)}`)), kv('log.n', String(n), 6)));
  }
  return ld(1, resource('logs-1'), ld(2, ld(1, str(1, 'memory-test')), ...items));
}

function heap(): number {
  global.gc!();
  global.gc!();
  return process.memoryUsage().heapUsed;
}

export const ADVERSARIAL_WORKLOADS = ['spans', 'hugeAttribute', 'series', 'instances', 'logs'] as const;

async function main(): Promise<void> {
  const [workload, budgetText] = process.argv.slice(2);
  const budget = Number(budgetText);
  if (!global.gc) throw new Error('run with node --expose-gc');
  // Made before the baseline, so only what the store holds is measured.
  const templates = workload === 'spans' ? await Promise.all([1, 2, 3, 4].map((i) => traceRequest(300 + i, 512, `mem-${i}`))) : [];
  const patchers = templates.map((t) => new IdPatcher(t));
  const baseline = heap();
  const store = new TelemetryStore(
    { maxMemoryBytes: budget, maxSpans: 10_000_000, maxLogRecords: 10_000_000, maxSeriesPerStream: 1_000_000, maxInstances: 100_000, maxPointsPerSeries: 500 },
    { changeIntervalMs: 60_000 },
  );
  const results: { accepted: number; rejected: number; message: string }[] = [];
  switch (workload) {
    case 'spans':
      // Real SDK spans (10 attributes, 2 events each), renumbered per request: 200,000 spans, several budgets' worth.
      for (let n = 1; n <= 400; n++) results.push(store.ingestTraces(decodeTraces(patchers[n % 4].copy(n), 'protobuf')));
      break;
    case 'hugeAttribute': {
      // Spans up to the budget, then one with a 50 MB attribute value, then one with a value of a fifth of the budget.
      for (let n = 0; n < 200; n++) results.push(store.ingestTraces(decodeTraces(traceBody('huge-1', n * 500, 500), 'protobuf')));
      results.push(store.ingestTraces(decodeTraces(traceBody('huge-1', 10_000_000, 1, [kv('huge', 'x'.repeat(50 * 1024 * 1024), 9)]), 'protobuf')));
      results.push(store.ingestTraces(decodeTraces(traceBody('huge-1', 20_000_000, 1, [kv('big', 'y'.repeat(Math.floor(budget / 5)), 9)]), 'protobuf')));
      for (let n = 0; n < 20; n++) results.push(store.ingestTraces(decodeTraces(traceBody('huge-1', 30_000_000 + n * 500, 500), 'protobuf')));
      break;
    }
    case 'series':
      // 100,000 distinct series of one gauge (an attribute with unbounded values), 1,000 per request.
      for (let n = 0; n < 100; n++) results.push(store.ingestMetrics(decodeMetrics(gaugeBody(n * 1000, 1000), 'protobuf')));
      break;
    case 'instances':
      // 10,000 instances, each sending one request of 20 spans.
      for (let n = 0; n < 10_000; n++) results.push(store.ingestTraces(decodeTraces(traceBody(`instance-${n}`, n * 20, 20), 'protobuf')));
      break;
    case 'logs':
      // 300,000 log records of about 200 bytes, 1,000 per request.
      for (let n = 0; n < 300; n++) results.push(store.ingestLogs(decodeLogs(logsBody(n * 1000, 1000), 'protobuf')));
      break;
    default:
      throw new Error(`unknown workload ${workload}`);
  }
  store.flushChanges();
  const after = heap();
  const out = {
    workload,
    budget,
    baseline,
    after,
    held: after - baseline,
    memory: store.memory,
    counters: store.counters,
    evictedByCause: store.evictedByCause,
    evictions: store.evictions,
    instances: store.instances.size,
    spans: store.spanCount,
    logs: store.logCount,
    rejected: results.reduce((n, r) => n + r.rejected, 0),
    messages: [...new Set(results.map((r) => r.message).filter(Boolean))],
  };
  store.dispose();
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
