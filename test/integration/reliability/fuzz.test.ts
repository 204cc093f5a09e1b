import { strict as assert } from 'node:assert';
import { fuzzReceiver } from '../../reliability/fuzzReceiver';

describe('fuzzing the OTLP/HTTP receiver (short run; `npm run fuzz` runs 10,000 per signal and encoding)', function () {
  this.timeout(120_000);

  it('answers every mutated, truncated and random body with 200/400/413/415 within 1 s, and stays sane', async () => {
    const report = await fuzzReceiver({ iterations: 1000, seed: 20261124 });
    assert.deepEqual(report.failures, []);
    assert.equal(report.requests, 6 * 1000);
    assert.ok((report.byStatus['400'] ?? 0) > 3000, `most damaged bodies are refused as bad data: ${JSON.stringify(report.byStatus)}`);
    assert.ok((report.byStatus['415'] ?? 0) > 0 && (report.byStatus['413'] ?? 0) > 0, JSON.stringify(report.byStatus));
    assert.ok(report.slowest.ms < 1000, `slowest answer ${report.slowest.ms} ms`);
    assert.ok(report.heapUsedMbAfter - report.heapUsedMbBefore < 64, `heap grew by ${report.heapUsedMbAfter - report.heapUsedMbBefore} MB`);
  });
});
