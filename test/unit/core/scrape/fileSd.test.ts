import { strict as assert } from 'node:assert';
import { FileSdError, parseFileSd } from '../../../../src/core/scrape/fileSd';
import { normalizeTargetUrl } from '../../../../src/core/scrape/scraper';

describe('file_sd parsing', () => {
  it('turns each host:port into an http URL on /metrics, with the group labels', () => {
    const targets = parseFileSd(JSON.stringify([{ targets: ['127.0.0.1:8100', 'localhost:8101'], labels: { instance: 'gptme-42', env: 'dev' } }, { targets: ['[::1]:9090'] }]));
    assert.deepEqual(targets, [
      { url: 'http://127.0.0.1:8100/metrics', address: '127.0.0.1:8100', labels: { instance: 'gptme-42', env: 'dev' } },
      { url: 'http://localhost:8101/metrics', address: 'localhost:8101', labels: { instance: 'gptme-42', env: 'dev' } },
      { url: 'http://[::1]:9090/metrics', address: '[::1]:9090', labels: {} },
    ]);
  });

  it('honours __scheme__, __metrics_path__ and __param_*; other __ labels are not shown', () => {
    const [t] = parseFileSd(JSON.stringify([{ targets: ['h:9443'], labels: { __scheme__: 'https', __metrics_path__: 'prom/metrics', __param_module: 'http_2xx', __meta_x: 'y', job: 'j' } }]));
    assert.equal(t.url, 'https://h:9443/prom/metrics?module=http_2xx');
    assert.deepEqual(t.labels, { job: 'j' });
  });

  it('refuses what Prometheus refuses, naming the entry', () => {
    const cases: [string, RegExp][] = [
      ['not json', /bad JSON/],
      ['{"targets":["a:1"]}', /JSON list/],
      ['[{"labels":{}}]', /entry 0 has no "targets"/],
      ['[{"targets":["a:1"]},{"targets":[1]}]', /entry 1: a target/],
      ['[{"targets":["http://a:1/metrics"]}]', /not host:port/],
      ['[{"targets":["a:1"],"labels":{"x":1}}]', /label "x" is not a string/],
      ['[{"targets":["a:1"],"labels":{"__scheme__":"ftp"}}]', /neither http nor https/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseFileSd(text), (err: Error) => err instanceof FileSdError && message.test(err.message), text);
  });

  it('reads a configured target as a URL; host:port means http and /metrics', () => {
    assert.equal(normalizeTargetUrl('127.0.0.1:9464'), 'http://127.0.0.1:9464/metrics');
    assert.equal(normalizeTargetUrl('http://127.0.0.1:9464'), 'http://127.0.0.1:9464/metrics');
    assert.equal(normalizeTargetUrl('http://127.0.0.1:9464/'), 'http://127.0.0.1:9464/');
    assert.equal(normalizeTargetUrl('https://h/custom?x=1'), 'https://h/custom?x=1');
  });
});
