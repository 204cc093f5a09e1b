import { strict as assert } from 'node:assert';
import { encodePathPair, formatGroupingKey, gatewayUrl, groupingKeyId, groupingKeyPath, GroupingKeyError } from '../../../../src/core/pushgateway/groupingKey';

describe('Pushgateway grouping keys', () => {
  it('writes plain values as they are and URI-encodes other characters', () => {
    assert.equal(encodePathPair('instance', 'worker-1'), 'instance/worker-1');
    assert.equal(encodePathPair('name', 'Προμηθεύς'), 'name/%CE%A0%CF%81%CE%BF%CE%BC%CE%B7%CE%B8%CE%B5%CF%8D%CF%82');
    assert.equal(encodePathPair('q', 'a b?c#d%'), 'q/a%20b%3Fc%23d%25');
  });

  it("sends a value with / as <label>@base64/<base64url>, as the README's example", () => {
    assert.equal(encodePathPair('path', '/var/tmp'), 'path@base64/L3Zhci90bXA');
    // base64url, not base64: '+' and '/' of the standard alphabet would break the path.
    assert.equal(encodePathPair('x', '/>?/'), `x@base64/${Buffer.from('/>?/').toString('base64url')}`);
    assert.doesNotMatch(encodePathPair('x', '/>?/'), /[+/]$|@base64\/.*[+]/);
  });

  it('sends an empty value as <label>@base64/= (a bare // would be collapsed)', () => {
    assert.equal(encodePathPair('first_label', ''), 'first_label@base64/=');
  });

  it('sends . and .. as base64, since URL parsers resolve them as path steps', () => {
    assert.equal(encodePathPair('job', '.'), `job@base64/${Buffer.from('.').toString('base64url')}`);
    assert.equal(encodePathPair('job', '..'), `job@base64/${Buffer.from('..').toString('base64url')}`);
  });

  it('builds the whole path: job first (base64 when it holds /), then the labels by name', () => {
    assert.equal(
      groupingKeyPath({ second_label: 'foobar', job: 'example', first_label: '' }),
      '/metrics/job/example/first_label@base64/=/second_label/foobar',
    );
    assert.equal(groupingKeyPath({ job: 'gptme/8001', instance: 'a' }), `/metrics/job@base64/${Buffer.from('gptme/8001').toString('base64url')}/instance/a`);
    assert.equal(groupingKeyPath({ job: 'directory_cleaner', path: '/var/tmp' }), '/metrics/job/directory_cleaner/path@base64/L3Zhci90bXA');
  });

  it('refuses a key without a job or with a bad label name (there are no wildcards)', () => {
    assert.throws(() => groupingKeyPath({ instance: 'x' }), GroupingKeyError);
    assert.throws(() => groupingKeyPath({ job: '' }), GroupingKeyError);
    assert.throws(() => groupingKeyPath({ job: 'x', 'bad-name': 'y' }), GroupingKeyError);
  });

  it('keeps a route prefix of the gateway URL', () => {
    assert.equal(gatewayUrl('http://h:9091/pgw/', '/metrics/job/x'), 'http://h:9091/pgw/metrics/job/x');
    assert.equal(gatewayUrl('http://h:9091', '/api/v1/metrics'), 'http://h:9091/api/v1/metrics');
  });

  it('names a group the same whatever the order of its labels', () => {
    assert.equal(groupingKeyId({ job: 'a', instance: 'b' }), groupingKeyId({ instance: 'b', job: 'a' }));
    assert.notEqual(groupingKeyId({ job: 'a', instance: 'b' }), groupingKeyId({ job: 'a', instance: '' }));
    assert.equal(formatGroupingKey({ zone: 'z', job: 'a/b', first: '', q: 'say "hi"' }), 'job="a/b", first="", q="say \\"hi\\"", zone="z"');
  });
});
