import { strict as assert } from 'node:assert';
import { readSettings } from '../../../../src/extension/settings/settings';
import { effectiveSetting } from '../../../../src/extension/settings/trust';

const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe('telemetryInspector.queryApi settings', () => {
  it('default to on, loopback only; read both switches; refuse a non-boolean by name', () => {
    assert.deepEqual(readSettings(from({})).settings.queryApi, { enabled: true, allowNonLoopback: false });
    assert.deepEqual(readSettings(from({ 'queryApi.enabled': false, 'queryApi.allowNonLoopback': true })).settings.queryApi, { enabled: false, allowNonLoopback: true });
    const bad = readSettings(from({ 'queryApi.allowNonLoopback': 'yes' }));
    assert.equal(bad.settings.queryApi.allowNonLoopback, false);
    assert.deepEqual(bad.problems, ['telemetryInspector.queryApi.allowNonLoopback must be true or false, not "yes".']);
  });

  it('an untrusted workspace cannot turn on serving the query API beyond loopback', () => {
    const on = effectiveSetting('queryApi.allowNonLoopback', { defaultValue: false, workspaceValue: true }, false);
    assert.equal(on.value, false);
    assert.match(on.ignored ?? '', /telemetryInspector\.queryApi\.allowNonLoopback .* ignored until you trust the workspace/);
    assert.deepEqual(effectiveSetting('queryApi.allowNonLoopback', { defaultValue: false, workspaceValue: false }, false), { value: false, ignored: undefined });
    assert.equal(effectiveSetting('queryApi.allowNonLoopback', { defaultValue: false, workspaceValue: true }, true).value, true);
  });
});
