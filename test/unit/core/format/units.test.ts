import { strict as assert } from 'node:assert';
import { formatUnit, rateUnit, rateUnitWords, unitWords, withUnit, withWords } from '../../../../src/core/format/units';

describe('units', () => {
  it('says a rate of counted things in the number it has: 0.25 requests/s, 1 request/s', () => {
    const w = rateUnitWords('{request}');
    assert.equal(withWords('0.25', w), '0.25 requests/s');
    assert.equal(withWords('1', w), '1 request/s');
    assert.equal(withWords('2', w), '2 requests/s');
    assert.equal(withWords('0', w), '0 requests/s');
    assert.equal(rateUnit('{request}'), 'requests/s');
  });

  it('pluralizes annotations as English does, and leaves plurals an app wrote as they are', () => {
    assert.deepEqual(unitWords('{process}'), { one: 'process', other: 'processes' });
    assert.deepEqual(unitWords('{status}'), { one: 'status', other: 'statuses' });
    assert.deepEqual(unitWords('{retry}'), { one: 'retry', other: 'retries' });
    assert.deepEqual(unitWords('{day}'), { one: 'day', other: 'days' });
    assert.deepEqual(unitWords('{items}'), { one: 'items', other: 'items' });
    assert.equal(withUnit('2', '{process}'), '2 processes');
    assert.equal(withUnit('1', '{process}'), '1 process');
    // A per-something annotation: "{request}/s" as a gauge's unit.
    assert.equal(withUnit('1', '{request}/s'), '1 request/s');
    assert.equal(withUnit('3', '{request}/s'), '3 requests/s');
  });

  it('leaves symbols alone and writes a bare rate without a space', () => {
    assert.equal(withUnit('1', 'ms'), '1 ms');
    assert.equal(withUnit('512', 'By'), '512 B');
    assert.equal(withWords('1', rateUnitWords('By')), '1 B/s');
    assert.equal(rateUnit('1'), '/s');
    assert.equal(withWords('3', rateUnitWords('1')), '3/s');
    assert.equal(withUnit('5', '1'), '5');
    assert.equal(formatUnit('Cel'), '°C');
  });
});
