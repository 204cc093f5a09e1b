import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, prometheusOptions, readSettings } from '../../../../src/extension/settings/settings';

const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../../..' : '../../../..');

describe('settings: telemetryInspector.prometheus.*', () => {
  const read = (values: Record<string, unknown>) => readSettings((key) => values[key]);

  it('defaults to no port of its own and a 5 minute expiry, as package.json says', () => {
    const { settings, problems } = read({});
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.prometheus, { port: 0, expireAfter: '5m', expireAfterMs: 300_000 });
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['telemetryInspector.prometheus.port'].default, DEFAULT_SETTINGS.prometheus.port);
    assert.equal(props['telemetryInspector.prometheus.expireAfter'].default, DEFAULT_SETTINGS.prometheus.expireAfter);
    assert.ok(new RegExp(props['telemetryInspector.prometheus.expireAfter'].pattern).test('1h30m'));
  });

  it('reads a port and a duration', () => {
    const { settings, problems } = read({ 'prometheus.port': 9464, 'prometheus.expireAfter': ' 90s ' });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.prometheus, { port: 9464, expireAfter: '90s', expireAfterMs: 90_000 });
    assert.deepEqual(prometheusOptions(settings.prometheus), { port: 9464, expireAfterMs: 90_000 });
  });

  it('port 0 means only the OTLP/HTTP port', () => {
    assert.deepEqual(prometheusOptions(DEFAULT_SETTINGS.prometheus), { port: undefined, expireAfterMs: 300_000 });
  });

  it('names a bad value and keeps the default', () => {
    const { settings, problems } = read({ 'prometheus.port': 70000, 'prometheus.expireAfter': 'soon' });
    assert.deepEqual(settings.prometheus, DEFAULT_SETTINGS.prometheus);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /telemetryInspector\.prometheus\.port must be a whole number from 0 to 65,535, not 70000/);
    assert.match(problems[1], /telemetryInspector\.prometheus\.expireAfter must be a duration .* not "soon"/);
    assert.match(read({ 'prometheus.expireAfter': '0s' }).problems[0] ?? '', /expireAfter must be a duration/);
  });
});
