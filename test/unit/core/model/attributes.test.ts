import { strict as assert } from 'node:assert';
import { attributesKey, newAttributes } from '../../../../src/core/model/attributes';
import { attrs } from '../../../helpers/records';

describe('attributesKey (the Series key)', () => {
  it('is the same whatever order the keys arrive in', () => {
    assert.equal(attributesKey(attrs({ b: 1, a: 'x', c: true })), attributesKey(attrs({ c: true, a: 'x', b: 1 })));
  });

  it('tells apart values that print alike and keys that contain separators', () => {
    const sets = [
      attrs({ a: '1' }),
      attrs({ a: 1 }),
      attrs({ a: true }),
      attrs({ a: 'true' }),
      attrs({ a: null }),
      attrs({ a: [1] }),
      attrs({ a: '1', b: '2' }),
      attrs({ a: '12' }),
      attrs({ 'a1:': '' }),
      attrs({ a: '', '1:': '' }),
      attrs({ 'a:s1': 'x' }),
      newAttributes(),
    ];
    const keys = sets.map(attributesKey);
    assert.equal(new Set(keys).size, keys.length, keys.join(' | '));
  });

  it('keeps __proto__ as a plain key', () => {
    const a = newAttributes();
    a['__proto__'] = 'x';
    assert.equal('toString' in a, false);
    assert.notEqual(attributesKey(a), '');
  });
});
