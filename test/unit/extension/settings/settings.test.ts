import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, readSettings, resolveFileSdPaths, type Settings } from '../../../../src/extension/settings/settings';
import { seriesName } from '../../../../src/core/format/seriesName';

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
    const fallback: Settings = { ...DEFAULT_SETTINGS, receiver: { host: '127.0.0.1', port: 5000, autoStart: true }, limits: { ...DEFAULT_SETTINGS.limits, maxSpans: 7 } };
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

  it('reads the memory budget as a size, and names a bad one', () => {
    assert.equal(readSettings(from({})).settings.limits.maxMemoryBytes, 256 * 1024 * 1024);
    assert.equal(readSettings(from({ 'store.maxMemory': '1.5GB' })).settings.limits.maxMemoryBytes, 1.5 * 1024 ** 3);
    assert.equal(readSettings(from({ 'store.maxMemory': ' 64 MiB ' })).settings.limits.maxMemoryBytes, 64 * 1024 ** 2);
    for (const bad of ['lots', '1MB', '200GB', 12]) {
      const { settings, problems } = readSettings(from({ 'store.maxMemory': bad }));
      assert.equal(settings.limits.maxMemoryBytes, DEFAULT_SETTINGS.limits.maxMemoryBytes, String(bad));
      assert.match(problems[0], /^telemetryInspector\.store\.maxMemory must be a size from 4 MB to 64 GB such as 256MB or 1GB, not /);
    }
  });

  it('refuses a port written as a string', () => {
    const { problems } = readSettings(from({ 'receiver.port': '4318' }));
    assert.match(problems[0], /not "4318"/);
  });
});

describe('extension settings: gRPC, Pushgateway and scraping', () => {
  it('has the documented defaults', () => {
    const { settings } = readSettings(from({}));
    assert.deepEqual(settings.grpc, { enabled: true, port: 4317 });
    assert.deepEqual(settings.pushgateway, { url: '', pollIntervalMs: 10_000, staleAfter: '5m', staleAfterMs: 300_000, timeoutMs: 5_000 });
    assert.deepEqual(settings.scrape, { urls: [], fileSdPaths: [], intervalMs: 15_000, timeoutMs: 10_000 });
  });

  it('reads good values: seconds into milliseconds, durations, normalized target URLs', () => {
    const { settings, problems } = readSettings(
      from({
        'grpc.enabled': false,
        'grpc.port': 0,
        'pushgateway.url': ' http://127.0.0.1:9091/ ',
        'pushgateway.pollInterval': 2.5,
        'pushgateway.staleAfter': '1h30m',
        'pushgateway.timeout': 3,
        'scrape.urls': ['127.0.0.1:9100', 'http://localhost:8080/custom', '', '127.0.0.1:9100'],
        'scrape.fileSdPaths': ['targets.json', ' /etc/sd.json '],
        'scrape.interval': 30,
        'scrape.timeout': 1,
      }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.grpc, { enabled: false, port: 0 });
    assert.deepEqual(settings.pushgateway, { url: 'http://127.0.0.1:9091', pollIntervalMs: 2500, staleAfter: '1h30m', staleAfterMs: 5_400_000, timeoutMs: 3000 });
    assert.deepEqual(settings.scrape, { urls: ['http://127.0.0.1:9100/metrics', 'http://localhost:8080/custom'], fileSdPaths: ['targets.json', '/etc/sd.json'], intervalMs: 30_000, timeoutMs: 1000 });
  });

  it('names each bad value and keeps the fallback for it', () => {
    const { settings, problems } = readSettings(
      from({
        'grpc.port': -1,
        'grpc.enabled': 'no',
        'pushgateway.url': 'ftp://x',
        'pushgateway.staleAfter': '5 minutes',
        'pushgateway.pollInterval': 0,
        'scrape.urls': ['http://ok:1/metrics', 'not a url at all'],
        'scrape.fileSdPaths': 'one.json',
        'scrape.timeout': 'ten',
      }),
    );
    assert.equal(problems.length, 8, problems.join('\n'));
    assert.match(problems.join('\n'), /telemetryInspector\.grpc\.port must be a whole number from 0 to 65,535, not -1\./);
    assert.match(problems.join('\n'), /telemetryInspector\.grpc\.enabled must be true or false, not "no"\./);
    assert.match(problems.join('\n'), /telemetryInspector\.pushgateway\.url must be empty \(use \$PUSHGATEWAY_URL\) or an http:\/\/ or https:\/\/ URL .* not "ftp:\/\/x"\./);
    assert.match(problems.join('\n'), /telemetryInspector\.pushgateway\.staleAfter must be a duration such as 90s, 10m, 2h or 1d .* not "5 minutes"\./);
    assert.match(problems.join('\n'), /telemetryInspector\.pushgateway\.pollInterval must be a number of seconds from 1 to 3600, not 0\./);
    assert.match(problems.join('\n'), /telemetryInspector\.scrape\.urls: "not a url at all" is not a \/metrics URL/);
    assert.match(problems.join('\n'), /telemetryInspector\.scrape\.fileSdPaths must be a list of strings, not "one\.json"\./);
    assert.match(problems.join('\n'), /telemetryInspector\.scrape\.timeout must be a number of seconds/);
    assert.deepEqual(settings.grpc, DEFAULT_SETTINGS.grpc);
    assert.deepEqual(settings.pushgateway, DEFAULT_SETTINGS.pushgateway);
    assert.deepEqual(settings.scrape.urls, [], 'a list with a bad entry is refused whole');
  });

  it('refuses a zero duration for staleAfter', () => {
    assert.match(readSettings(from({ 'pushgateway.staleAfter': '0s' })).problems[0], /staleAfter must be a duration/);
  });

  it('resolves file_sd paths: absolute as given, ~ from home, relative from the workspace folder', () => {
    const { paths, problems } = resolveFileSdPaths(['/abs/sd.json', '~/sd/home.json', 'sd/rel.json', 'sd/../sd/rel.json'], '/work/folder', '/home/me');
    assert.deepEqual(problems, []);
    assert.deepEqual(paths, ['/abs/sd.json', path.join('/home/me', 'sd/home.json'), '/work/folder/sd/rel.json']);
  });

  it('reports a relative file_sd path when no folder is open', () => {
    const { paths, problems } = resolveFileSdPaths(['rel.json', '/abs.json'], undefined, '/home/me');
    assert.deepEqual(paths, ['/abs.json']);
    assert.match(problems[0], /telemetryInspector\.scrape\.fileSdPaths: "rel\.json" is relative, but no folder is open/);
  });
});

describe('seriesName', () => {
  it('writes name{key="value"} with keys sorted and values escaped', () => {
    assert.equal(seriesName('app.requests', {}), 'app.requests');
    assert.equal(seriesName('app.requests', { route: '/cart', 'http.method': 'GET' }), 'app.requests{http.method="GET",route="/cart"}');
    assert.equal(seriesName('m', { a: 'say "hi"\\\n', n: 3, b: true }), 'm{a="say \\"hi\\"\\\\\\n",b="true",n="3"}');
  });
});
