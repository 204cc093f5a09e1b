import { strict as assert } from 'node:assert';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../../../src/extension/settings';
import { seriesName } from '../../../src/extension/seriesName';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('extension settings', () => {
  it('takes the defaults when nothing is set', () => {
    const { settings, problems } = readSettings(from({}));
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.equal(settings.receiver.port, 4318);
    assert.equal(settings.receiver.host, '127.0.0.1');
  });

  it('reads good values, port 0 and IPv6 in brackets included', () => {
    const { settings, problems } = readSettings(
      from({ 'receiver.host': ' [::1] ', 'receiver.port': 0, 'receiver.autoStart': false, 'store.maxSpans': 10, 'store.maxInstances': 3 }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.receiver, { host: '::1', port: 0, autoStart: false });
    assert.equal(settings.limits.maxSpans, 10);
    assert.equal(settings.limits.maxInstances, 3);
    assert.equal(settings.limits.maxLogRecords, DEFAULT_SETTINGS.limits.maxLogRecords);
  });

  it('names each bad value with its full setting and keeps the fallback for it', () => {
    const fallback: Settings = { receiver: { host: '127.0.0.1', port: 5000, autoStart: true }, limits: { ...DEFAULT_SETTINGS.limits, maxSpans: 7 } };
    const { settings, problems } = readSettings(
      from({ 'receiver.host': 'not a host!', 'receiver.port': 70000, 'receiver.autoStart': 'yes', 'store.maxSpans': 0, 'store.maxPointsPerSeries': 2.5 }),
      fallback,
    );
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.match(problems[0], /^telemetryInspector\.receiver\.host must be an address .* not "not a host!"\.$/);
    assert.match(problems[1], /^telemetryInspector\.receiver\.port must be a whole number from 0 to 65,535, not 70000\.$/);
    assert.match(problems[2], /^telemetryInspector\.receiver\.autoStart must be true or false, not "yes"\.$/);
    assert.match(problems[3], /^telemetryInspector\.store\.maxSpans must be a whole number from 1 to/);
    assert.match(problems[4], /maxPointsPerSeries .* not 2\.5\.$/);
    assert.deepEqual(settings.receiver, fallback.receiver);
    assert.equal(settings.limits.maxSpans, 7);
  });

  it('refuses a port written as a string', () => {
    const { problems } = readSettings(from({ 'receiver.port': '4318' }));
    assert.match(problems[0], /not "4318"/);
  });
});

describe('seriesName', () => {
  it('writes name{key="value"} with keys sorted and values escaped', () => {
    assert.equal(seriesName('app.requests', {}), 'app.requests');
    assert.equal(seriesName('app.requests', { route: '/cart', 'http.method': 'GET' }), 'app.requests{http.method="GET",route="/cart"}');
    assert.equal(seriesName('m', { a: 'say "hi"\\\n', n: 3, b: true }), 'm{a="say \\"hi\\"\\\\\\n",b="true",n="3"}');
  });
});
