import { strict as assert } from 'node:assert';
import { readSettings } from '../../../../src/extension/settings/settings';

const from = (values: Record<string, unknown>) => (key: string) => values[key];
const MB = 1024 * 1024;

describe('telemetryInspector.persistence settings', () => {
  it('default to on, 256MB', () => {
    const read = readSettings(from({}));
    assert.deepEqual(read.settings.persistence, { enabled: true, maxSizeBytes: 256 * MB });
    assert.deepEqual(read.problems, []);
  });

  it('read the switch and a size written as people write it', () => {
    assert.deepEqual(readSettings(from({ 'persistence.enabled': false, 'persistence.maxSize': '1GB' })).settings.persistence, { enabled: false, maxSizeBytes: 1024 * MB });
    assert.equal(readSettings(from({ 'persistence.maxSize': ' 512 MiB ' })).settings.persistence.maxSizeBytes, 512 * MB);
    assert.equal(readSettings(from({ 'persistence.maxSize': '64mb' })).settings.persistence.maxSizeBytes, 64 * MB);
    assert.equal(readSettings(from({ 'persistence.maxSize': 8 * MB })).settings.persistence.maxSizeBytes, 8 * MB);
  });

  it('refuse a bad size or switch by name and keep the previous value', () => {
    const bad = readSettings(from({ 'persistence.maxSize': 'lots', 'persistence.enabled': 'yes' }));
    assert.deepEqual(bad.settings.persistence, { enabled: true, maxSizeBytes: 256 * MB });
    assert.deepEqual(bad.problems, [
      'telemetryInspector.persistence.enabled must be true or false, not "yes".',
      'telemetryInspector.persistence.maxSize must be a size from 4 MB to 64 GB such as 256MB or 1GB, not "lots".',
    ]);
    const tiny = readSettings(from({ 'persistence.maxSize': '1MB' }));
    assert.equal(tiny.settings.persistence.maxSizeBytes, 256 * MB);
    assert.match(tiny.problems[0], /persistence\.maxSize must be a size from 4 MB/);
    const fallback = readSettings(from({ 'persistence.maxSize': '1MB' }), { ...readSettings(from({})).settings, persistence: { enabled: false, maxSizeBytes: 32 * MB } });
    assert.deepEqual(fallback.settings.persistence, { enabled: false, maxSizeBytes: 32 * MB });
  });
});
