import { strict as assert } from 'node:assert';
import { escapeLabelValue, labelsOf, labelValueOf, sanitizeLabelName } from '../../../../src/core/export/labels';
import { attrs } from '../../../helpers/records';

describe('Prometheus labels', () => {
  it('sanitizes keys to [a-zA-Z_][a-zA-Z0-9_]*', () => {
    assert.equal(sanitizeLabelName('http.request.method'), 'http_request_method');
    assert.equal(sanitizeLabelName('k8s.pod.name'), 'k8s_pod_name');
    assert.equal(sanitizeLabelName('__meta'), '_meta');
    assert.equal(sanitizeLabelName('0day'), 'key_0day');
    assert.equal(sanitizeLabelName('a:b'), 'a_b');
    assert.equal(sanitizeLabelName(''), 'key_');
  });

  it('writes non-string values as the attribute specification does', () => {
    assert.equal(labelValueOf(42), '42');
    assert.equal(labelValueOf(1.5), '1.5');
    assert.equal(labelValueOf(true), 'true');
    assert.equal(labelValueOf('9007199254740993'), '9007199254740993');
    assert.equal(labelValueOf(['a', 1]), '["a",1]');
    assert.equal(labelValueOf(null), '');
  });

  it('merges keys that sanitize alike, values joined by ; in the order of the original keys', () => {
    const labels = labelsOf(attrs({ 'a.b': 'dot', a_b: 'underscore', 'a-b': 'dash', z: 1 }));
    // Original keys sorted: "a-b" < "a.b" < "a_b".
    assert.deepEqual(labels, [
      { name: 'a_b', value: 'dash;dot;underscore' },
      { name: 'z', value: '1' },
    ]);
  });

  it('renames attributes that would take a label the exposition sets itself', () => {
    const reserved = (n: string) => n === 'job' || n === 'le';
    assert.deepEqual(labelsOf(attrs({ job: 'mine', le: '3', route: '/' }), reserved), [
      { name: 'exported_job', value: 'mine' },
      { name: 'exported_le', value: '3' },
      { name: 'route', value: '/' },
    ]);
  });

  it('leaves out empty values (an empty label is no label) and prefixes when asked', () => {
    assert.deepEqual(labelsOf(attrs({ empty: '', 'lib.kind': 'db' }), undefined, 'otel_scope_'), [{ name: 'otel_scope_lib_kind', value: 'db' }]);
  });

  it('escapes backslash, double quote and line feed in values', () => {
    assert.equal(escapeLabelValue('C:\\dir "x"\nnext'), 'C:\\\\dir \\"x\\"\\nnext');
    assert.equal(escapeLabelValue('tab\tstays'), 'tab\tstays');
  });
});
