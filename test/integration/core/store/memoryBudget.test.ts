/**
 * The memory budget holds on the real heap: a store with a 32 MB budget takes each adversarial workload (several
 * budgets' worth of real SDK spans, a 50 MB attribute, 100,000 distinct series, 10,000 instances, 300,000 log
 * records) through the real decoders, and the V8 heap it holds afterwards (heapUsed after a full GC, over a
 * baseline taken before the store was made) stays within the budget + 10 %. Each workload runs in a child
 * process under --expose-gc (bench/memory/adversarial.ts, which the memory bench runs too), so no other test's
 * garbage is in the figure.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CountersBySignal, EvictionCounters, EvictionsByCause } from '../../../../src/core/store/counters';

const run = promisify(execFile);
const BUDGET = 32 * 1024 * 1024;
const TOLERANCE = 0.1;

interface WorkloadResult {
  budget: number;
  held: number;
  memory: { bytes: number; budgetBytes: number };
  counters: CountersBySignal;
  evictedByCause: EvictionsByCause;
  evictions: EvictionCounters;
  instances: number;
  spans: number;
  logs: number;
  rejected: number;
  messages: string[];
}

async function workload(name: string): Promise<WorkloadResult> {
  const script = join(__dirname, '..', '..', '..', '..', 'bench', 'memory', 'adversarial.js');
  const { stdout } = await run(process.execPath, ['--expose-gc', script, name, String(BUDGET)], { maxBuffer: 1 << 20, timeout: 120_000 });
  return JSON.parse(stdout) as WorkloadResult;
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;

/** What every workload must show: within budget on the heap and in the books, evicted by memory, counts balanced. */
function checkBudget(r: WorkloadResult): void {
  assert.ok(r.held <= r.budget * (1 + TOLERANCE), `heap held ${mb(r.held)} is over the ${mb(r.budget)} budget + ${TOLERANCE * 100} %`);
  assert.ok(r.memory.bytes <= r.budget, `the store counts ${mb(r.memory.bytes)}, over its budget`);
  assert.ok(r.evictedByCause.memory > 0, 'the budget, not a count cap, bounded the store');
  // The store is not trivially empty: it holds a good share of the budget.
  assert.ok(r.held > r.budget * 0.4, `heap held ${mb(r.held)}: the store kept far less than its budget`);
  let evicted = 0;
  for (const c of Object.values(r.counters)) {
    assert.equal(c.received, c.stored + c.evicted + c.rejected, JSON.stringify(c));
    evicted += c.evicted;
  }
  assert.equal(Object.values(r.evictedByCause).reduce((a, b) => a + b, 0), evicted, 'evictions by cause add up to the evicted items');
}

describe('memory budget on the real heap (32 MB budget, child process with --expose-gc)', function () {
  this.timeout(180_000);

  it('real SDK spans, six budgets\' worth: the oldest go first, by memory', async () => {
    const r = await workload('spans');
    checkBudget(r);
    assert.equal(r.counters.traces.received, 204_800);
    assert.ok(r.spans > 10_000 && r.spans < 100_000, `${r.spans} spans held`);
    assert.equal(r.evictedByCause.spanCap, 0);
  });

  it('one 50 MB attribute is refused, a value of a fifth of the budget evicts older spans instead', async () => {
    const r = await workload('hugeAttribute');
    checkBudget(r);
    assert.equal(r.rejected, 1, 'only the 50 MB span is refused');
    assert.match(r.messages.join('\n'), /holds 50 MB, more than a quarter of the memory budget \(32 MB\)/);
    assert.equal(r.counters.traces.received, 200 * 500 + 2 + 20 * 500);
  });

  it('100,000 distinct series: the least recently updated go', async () => {
    const r = await workload('series');
    checkBudget(r);
    assert.equal(r.counters.metrics.received, 100_000);
    assert.ok(r.evictions.series > 10_000, `${r.evictions.series} series evicted`);
  });

  it('10,000 instances: their oldest spans, then the emptied instances, go', async () => {
    const r = await workload('instances');
    checkBudget(r);
    assert.ok(r.instances < 10_000 && r.evictions.instances > 0, `${r.instances} instances held, ${r.evictions.instances} evicted`);
    assert.equal(r.evictedByCause.instanceCap, 0);
  });

  it('300,000 log records: the oldest go first', async () => {
    const r = await workload('logs');
    checkBudget(r);
    assert.ok(r.logs > 10_000 && r.logs < 300_000, `${r.logs} log records held`);
    assert.equal(r.evictedByCause.logCap, 0);
  });
});
