import { strict as assert } from 'node:assert';
import { loadReceiver } from '../../reliability/loadReceiver';

describe('load on the OTLP/HTTP receiver (short run; `npm run load` runs 16 exporters for 60 s)', function () {
  this.timeout(120_000);

  it('answers 16 concurrent exporters with 200 (or 429/503 with Retry-After) and the books balance exactly', async () => {
    const report = await loadReceiver({ seconds: 5, exporters: 16 });
    assert.deepEqual(report.failures, []);
    assert.ok(report.requests > 100, `${report.requests} requests`);
    for (const status of Object.keys(report.byStatus)) assert.ok(['200', '429', '503'].includes(status), JSON.stringify(report.byStatus));
    for (const signal of ['traces', 'metrics', 'logs'] as const) {
      const c = report.counters[signal];
      assert.equal(c.received, c.stored + c.evicted + c.rejected, signal);
      assert.ok(c.received > 0, `${signal} arrived`);
    }
    assert.ok(report.counters.traces.evicted > 0, 'the span cap was reached, so evictions were exercised');
  });

  it('sheds load with 429 and Retry-After when the in-flight budget is tiny, and still balances', async () => {
    const report = await loadReceiver({ seconds: 3, exporters: 16, maxInFlightBytes: 1, gzip: true });
    assert.deepEqual(report.failures, []);
    assert.ok((report.byStatus['200'] ?? 0) > 0);
    assert.ok((report.byStatus['429'] ?? 0) > 0, `some requests were shed: ${JSON.stringify(report.byStatus)}`);
    assert.equal(report.retryAfterMissing, 0);
  });
});
