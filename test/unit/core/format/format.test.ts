import { strict as assert } from 'node:assert';
import { formatAge, formatDurationMs, formatNumber, severityName } from '../../../../src/core/format/format';
import { withUnit } from '../../../../src/core/format/units';
import { summarizePoint } from '../../../../src/core/format/pointSummary';
import { attrs } from '../../../helpers/records';

describe('format', () => {
  it('says ages the way the tree shows them', () => {
    const now = 10_000_000;
    assert.equal(formatAge(undefined, now), 'never');
    assert.equal(formatAge(now - 500, now), 'just now');
    assert.equal(formatAge(now - 12_000, now), '12s ago');
    assert.equal(formatAge(now - 7 * 60_000, now), '7 min ago');
    assert.equal(formatAge(now - 3 * 3_600_000, now), '3 h ago');
  });

  it('formats durations from microseconds to minutes', () => {
    assert.equal(formatDurationMs(0.318), '318µs');
    assert.equal(formatDurationMs(3.25), '3.3ms');
    assert.equal(formatDurationMs(250), '250ms');
    assert.equal(formatDurationMs(1500), '1.50s');
    assert.equal(formatDurationMs(125_000), '2m 5s');
  });

  it('formats numbers and units as people read them', () => {
    assert.equal(formatNumber(1234567), '1,234,567');
    assert.equal(formatNumber(0.123456), '0.1235');
    assert.equal(withUnit('2', '{request}'), '2 requests');
    assert.equal(withUnit('1', '{request}'), '1 request');
    assert.equal(withUnit('5', 'ms'), '5 ms');
    assert.equal(withUnit('5', '1'), '5');
    assert.equal(withUnit('512', 'By'), '512 B');
  });

  it('names severities by band, preferring the text the app sent', () => {
    assert.equal(severityName(9, ''), 'INFO');
    assert.equal(severityName(10, ''), 'INFO2');
    assert.equal(severityName(17, ''), 'ERROR');
    assert.equal(severityName(17, 'fatal-ish'), 'FATAL-ISH');
    assert.equal(severityName(0, ''), 'UNSPECIFIED');
  });

  it('summarizes the latest point per metric kind', () => {
    const base = { attributes: attrs(), startTimeUnixNano: 0, timeUnixNano: 0, flags: 0 };
    assert.equal(summarizePoint('sum', { ...base, value: 42 }, '{request}'), '42 requests');
    assert.equal(
      summarizePoint('histogram', { ...base, count: 4, sum: 100, bucketCounts: [1, 3], explicitBounds: [10] }, 'ms'),
      'count 4, sum 100 ms, mean 25 ms',
    );
    assert.equal(
      summarizePoint('summary', { ...base, count: 2, sum: 3, quantileValues: [{ quantile: 0.99, value: 2.5 }] }, 's'),
      'count 2, sum 3 s, p99 2.5 s',
    );
    assert.equal(summarizePoint('gauge', undefined, ''), 'no points');
  });
});
