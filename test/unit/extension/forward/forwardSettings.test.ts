import { strict as assert } from 'node:assert';
import { readForwardSettings, toUpstreamConfig } from '../../../../src/extension/forward/forwardSettings';
import { withForwardDescription, forwardTooltipLines } from '../../../../src/extension/forward/forwardStatusText';
import type { UpstreamHealth } from '../../../../src/core/forward/health';

const settings = (values: Record<string, unknown>) => (key: string) => values[key];

describe('forward settings (VS Code)', () => {
  it('reads endpoints with header names only, and joins the secret values to them', () => {
    const read = readForwardSettings(settings({ endpoints: [{ url: 'http://127.0.0.1:4318', headers: ['Authorization'] }, { url: 'http://jaeger:4317', protocol: 'grpc', signals: ['traces'] }], queueSizeMb: 8 }));
    assert.deepEqual(read.problems, []);
    assert.equal(read.queueBytes, 8 * 1024 * 1024);
    assert.deepEqual(read.endpoints[0], { url: 'http://127.0.0.1:4318', protocol: 'http/protobuf', signals: [], headers: ['authorization'] });
    const config = toUpstreamConfig(read.endpoints[0], { authorization: 'Bearer t0ken' }, read.queueBytes);
    assert.deepEqual(config.headers, { authorization: 'Bearer t0ken' });
    assert.equal(config.signals, undefined, 'no signals listed means all three');
    assert.deepEqual(toUpstreamConfig(read.endpoints[1], {}, read.queueBytes).signals, ['traces']);
  });

  it('leaves out entries it cannot use, each with a sentence, and keeps the others', () => {
    const read = readForwardSettings(
      settings({
        endpoints: [{ url: 'collector' }, { url: 'http://ok:4318' }, { url: 'http://x', protocol: 'thrift' }, { url: 'http://x', headers: { authorization: 'Bearer leaked' } }, { url: 'http://x', signals: ['profiles'] }, 'http://bare'],
        queueSizeMb: 0,
      }),
    );
    assert.deepEqual(read.endpoints.map((e) => e.url), ['http://ok:4318']);
    assert.equal(read.problems.length, 6, read.problems.join('\n'));
    assert.match(read.problems.join('\n'), /queueSizeMb must be a whole number/);
    assert.match(read.problems.join('\n'), /endpoints\[0\]: forward URL "collector" is not a URL/);
    assert.match(read.problems.join('\n'), /headers must be a list of header NAMES/);
    assert.doesNotMatch(read.problems.join('\n'), /leaked/, 'a token typed into settings is not echoed');
  });

  it('describes the forward state for the view title and the status-bar tooltip', () => {
    const h: UpstreamHealth = {
      name: 'http://collector:4318',
      protocol: 'http/protobuf',
      signals: ['traces', 'metrics', 'logs'],
      status: 'failing',
      lastError: { message: 'HTTP 400: bad', atMs: 1000 },
      consecutiveFailures: 0,
      forwarded: { requests: 10, bytes: 2048 },
      queued: { requests: 0, bytes: 0, maxBytes: 64 * 1024 * 1024 },
      dropped: { 'queue-full': 0, rejected: 2, 'retries-exhausted': 0, unconvertible: 0, 'flush-deadline': 0, removed: 0 },
    };
    assert.equal(withForwardDescription('127.0.0.1:4318', [h]), '127.0.0.1:4318 · forward: failing, 2 dropped');
    assert.equal(withForwardDescription('127.0.0.1:4318', []), '127.0.0.1:4318');
    const md = forwardTooltipLines([h], 5000).join('\n');
    assert.match(md, /\*\*Forward\*\*/);
    assert.match(md, /\$\(error\) → http:\/\/collector:4318 \(http\/protobuf; traces, metrics, logs\): failing: HTTP 400: bad/);
    assert.match(md, /forwarded 10 requests \(2\.0 KB\)/);
    assert.match(md, /dropped 2 requests: 2 rejected by the upstream/);
  });
});
