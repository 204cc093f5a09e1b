import { strict as assert } from 'node:assert';
import { resolveUpstream, UpstreamConfigError, DEFAULT_QUEUE_BYTES } from '../../../../src/core/forward/upstream';

describe('forward upstream configuration', () => {
  it('appends /v1/<signal> to a base URL, as OTEL_EXPORTER_OTLP_ENDPOINT does', () => {
    const u = resolveUpstream({ url: 'http://collector:4318/' });
    assert.equal(u.protocol, 'http/protobuf');
    assert.equal(u.encoding, 'protobuf');
    assert.deepEqual(u.signals, ['traces', 'metrics', 'logs']);
    assert.equal(u.httpUrls.metrics, 'http://collector:4318/v1/metrics');
    assert.equal(u.queueBytes, DEFAULT_QUEUE_BYTES);
  });

  it('takes a signal URL for that signal only, and says so when more are asked', () => {
    const u = resolveUpstream({ url: 'https://otlp.example.com/tenant/v1/traces', protocol: 'http/json' });
    assert.deepEqual(u.signals, ['traces']);
    assert.equal(u.httpUrls.traces, 'https://otlp.example.com/tenant/v1/traces');
    assert.equal(u.encoding, 'json');
    assert.throws(() => resolveUpstream({ url: 'http://x:4318/v1/traces', signals: ['metrics'] }), /takes traces only: give the base URL/);
  });

  it('reads a gRPC target, moves URL credentials into a header, lowercases header names', () => {
    const g = resolveUpstream({ url: 'http://[::1]:4317', protocol: 'grpc', signals: ['logs', 'traces'], headers: { 'X-Scope-OrgID': 'team' } });
    assert.deepEqual(g.grpc, { target: '[::1]:4317', tls: false });
    assert.deepEqual(g.signals, ['traces', 'logs']);
    assert.deepEqual(g.headers, { 'x-scope-orgid': 'team' });
    const c = resolveUpstream({ url: 'https://user:p%40ss@tempo:443' });
    assert.equal(c.headers.authorization, `Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    assert.doesNotMatch(c.name + c.httpUrls.traces, /p%40ss|user/);
  });

  it('refuses what it cannot use, in one sentence', () => {
    assert.throws(() => resolveUpstream({ url: 'collector:4318' }), UpstreamConfigError);
    assert.throws(() => resolveUpstream({ url: 'ftp://x' }), /must start with http:\/\/ or https:\/\//);
    assert.throws(() => resolveUpstream({ url: 'http://x', protocol: 'grpc/json' as never }), /not one of http\/protobuf, http\/json, grpc/);
    assert.throws(() => resolveUpstream({ url: 'http://x:4317/v1', protocol: 'grpc' }), /host and port only/);
    assert.throws(() => resolveUpstream({ url: 'http://x', headers: { 'bad name': 'v' } }), /not a valid header name/);
    assert.throws(() => resolveUpstream({ url: 'http://x', headers: { a: 'x\r\ny: z' } }), /one line/);
    assert.throws(() => resolveUpstream({ url: 'http://x', signals: ['spans' as never] }), /not one of traces, metrics, logs/);
  });
});
