import { strict as assert } from 'node:assert';
import { DurationError, formatDuration, parseDuration } from '../../../../src/core/pushgateway/duration';

describe('durations (--older-than, --stale-after)', () => {
  it('reads 90s, 10m, 2h, 1d and combinations', () => {
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('10m'), 600_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration(' 0s '), 0);
  });

  it('refuses what is not a duration, saying what one looks like', () => {
    for (const bad of ['', '10', 'm', '10x', '-5m', '5 m', '1h-30m', 'ten minutes']) {
      assert.throws(() => parseDuration(bad), (err: Error) => err instanceof DurationError && /90s|duration/.test(err.message), bad);
    }
  });

  it('writes durations back in the short form', () => {
    assert.equal(formatDuration(600_000), '10m');
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(90_061_000), '1d1h1m1s');
    assert.equal(formatDuration(0), '0s');
  });
});
