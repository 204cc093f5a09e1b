import { strict as assert } from 'node:assert';
import { epochMsOf, formatEpochValue, formatInstant } from '../../../../src/core/format/epochTime';
import { summarizePoint } from '../../../../src/core/format/pointSummary';
import { attrs } from '../../../helpers/records';

/** The gauge: 1,795,976,323 s after the epoch is 2026-11-29 18:18:43 UTC. */
const VALUE = 1_795_976_323;
const AT = VALUE * 1000;

describe('epoch times', () => {
  // Times are shown in local time; the tests pin the zone so they read the same everywhere.
  let zone: string | undefined;
  before(() => {
    zone = process.env.TZ;
    process.env.TZ = 'UTC';
  });
  after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  const point = (value: number) => ({ attributes: attrs(), startTimeUnixNano: 0, timeUnixNano: 0, flags: 0, value });

  it('shows a gauge holding seconds since the epoch as a time, with its age where there is a now', () => {
    assert.equal(summarizePoint('gauge', point(VALUE), 's', { name: 'app.last_success.time' }), '2026-11-29 18:18:43');
    assert.equal(summarizePoint('gauge', point(VALUE), 's', { name: 'app.last_success.time', nowMs: AT + 120_000 }), '18:18:43 (2 min ago)');
    // Prometheus names carry the unit: no OTel unit needed.
    assert.equal(summarizePoint('gauge', point(VALUE), '', { name: 'process_start_time_seconds', nowMs: AT + 3 * 3_600_000 }), '18:18:43 (3 h ago)');
    assert.equal(formatEpochValue(VALUE, '', 'push_time_seconds', AT + 12_000), '18:18:43 (12s ago)');
    assert.equal(formatEpochValue(VALUE, '', 'backup_last_success_timestamp_seconds'), '2026-11-29 18:18:43');
    // Another day keeps its date.
    assert.equal(formatEpochValue(VALUE, 's', '', AT + 7 * 3_600_000), '2026-11-29 18:18:43 (7 h ago)');
    // A time still ahead (an expiry): "in …".
    assert.equal(formatInstant(AT, AT - 2 * 86_400_000 - 60_000), '2026-11-29 18:18:43 (in 2 d)');
    // Milliseconds, by unit.
    assert.equal(epochMsOf(AT, 'ms', 'job.finished'), AT);
  });

  it('leaves amounts alone: durations, sizes, counters, and times out of the plausible range', () => {
    assert.equal(summarizePoint('gauge', point(12.5), 's', { name: 'queue.wait.time' }), '12.5 s');
    // A name that says nothing about time, with no unit: a count that happens to be large.
    assert.equal(summarizePoint('gauge', point(VALUE), '', { name: 'heap_bytes' }), '1,795,976,323');
    assert.equal(summarizePoint('gauge', point(VALUE), 'By', { name: 'start_time_bytes' }), '1,795,976,323 B');
    // Only gauges: a counter of seconds is an amount.
    assert.equal(summarizePoint('sum', point(VALUE), 's', { name: 'process.cpu.time' }), '1,795,976,323 s');
    // Milliseconds read as seconds would be in the year 58,000: not a time in seconds.
    assert.equal(epochMsOf(AT, '', 'last_seen_timestamp'), undefined);
    assert.equal(epochMsOf(0, '', 'push_failure_time_seconds'), undefined);
    assert.equal(epochMsOf(Number.NaN, 's', 'x_time'), undefined);
  });
});
