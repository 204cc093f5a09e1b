import { strict as assert } from 'node:assert';
import { checkQueryAccess, isLoopbackHostHeader, type QueryRequest } from '../../../../src/core/query/queryAccess';
import { DEFAULT_QUERY_API_OPTIONS } from '../../../../src/core/query/queryApiOptions';
import { QueryError } from '../../../../src/core/query/queryError';

const ok: QueryRequest = { method: 'GET', host: '127.0.0.1:4318', origin: undefined, listenHost: '127.0.0.1' };

function statusOf(req: Partial<QueryRequest>, options = DEFAULT_QUERY_API_OPTIONS): number {
  try {
    checkQueryAccess({ ...ok, ...req }, options);
    return 200;
  } catch (err) {
    assert.ok(err instanceof QueryError);
    return err.status;
  }
}

describe('query API access (DNS rebinding, browsers, listeners beyond loopback)', () => {
  it('takes the loopback names in the Host header, with or without a port, and nothing else', () => {
    for (const h of ['127.0.0.1', '127.0.0.1:4318', 'localhost', 'LocalHost:80', '[::1]', '[::1]:4318']) assert.equal(isLoopbackHostHeader(h), true, h);
    for (const h of [undefined, '', 'evil.example', 'evil.example:4318', '127.0.0.1.evil.example', 'localhost.evil.example:4318', '192.168.1.2:4318', '0.0.0.0:4318', '[::]:4318', '::1', '127.0.0.1:4318:1', 'localhost@evil']) {
      assert.equal(isLoopbackHostHeader(h), false, String(h));
    }
  });

  it('refuses a foreign Host and any Origin with 403, a write with 405', () => {
    assert.equal(statusOf({}), 200);
    assert.equal(statusOf({ method: 'HEAD' }), 200);
    assert.equal(statusOf({ host: 'evil.example:4318' }), 403);
    assert.equal(statusOf({ host: undefined }), 403);
    assert.equal(statusOf({ origin: 'http://localhost:3000' }), 403);
    assert.equal(statusOf({ origin: 'null' }), 403);
    assert.equal(statusOf({ method: 'POST' }), 405);
    assert.equal(statusOf({ method: 'DELETE' }), 405);
  });

  it('is off for a receiver listening beyond loopback unless allowed, and off entirely when disabled', () => {
    assert.equal(statusOf({ listenHost: '0.0.0.0' }), 404);
    assert.equal(statusOf({ listenHost: '192.168.1.2' }), 404);
    assert.equal(statusOf({ listenHost: '::1' }), 200);
    const allowed = { ...DEFAULT_QUERY_API_OPTIONS, allowNonLoopback: true };
    assert.equal(statusOf({ listenHost: '0.0.0.0' }, allowed), 200);
    // Allowed beyond loopback, the Host check still holds.
    assert.equal(statusOf({ listenHost: '0.0.0.0', host: '192.168.1.2:4318' }, allowed), 403);
    assert.equal(statusOf({}, { ...DEFAULT_QUERY_API_OPTIONS, enabled: false }), 404);
  });
});
