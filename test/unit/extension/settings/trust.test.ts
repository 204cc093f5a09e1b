import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readSettings } from '../../../../src/extension/settings/settings';
import { effectiveSetting, RESTRICTED_SETTINGS, type InspectedSetting } from '../../../../src/extension/settings/trust';
import { REPO_ROOT } from '../../../helpers/process';

describe('settings under Workspace Trust', () => {
  it('restricts the keys that reach the network or name hosts, as package.json declares them', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
    };
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual([...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), RESTRICTED_SETTINGS.map((k) => `telemetryInspector.${k}`).sort());
  });

  it('a trusted workspace layers as VS Code does: folder, workspace, user, default', () => {
    const s: InspectedSetting = { defaultValue: '', globalValue: 'http://user:9091', workspaceValue: 'http://10.0.0.5:9091', workspaceFolderValue: 'http://folder:9091' };
    assert.deepEqual(effectiveSetting('pushgateway.url', s, true), { value: 'http://folder:9091', ignored: undefined });
    assert.equal(effectiveSetting('pushgateway.url', { ...s, workspaceFolderValue: undefined }, true).value, 'http://10.0.0.5:9091');
  });

  it('untrusted: a workspace Pushgateway URL elsewhere is ignored for the user value, and said', () => {
    const r = effectiveSetting('pushgateway.url', { defaultValue: '', globalValue: 'http://127.0.0.1:9091', workspaceValue: 'http://10.0.0.5:9091' }, false);
    assert.equal(r.value, 'http://127.0.0.1:9091');
    assert.match(r.ignored!, /^telemetryInspector\.pushgateway\.url \("http:\/\/10\.0\.0\.5:9091", not on this machine\) from this workspace's settings is ignored until you trust the workspace/);
    // No user value: the default (empty: $PUSHGATEWAY_URL).
    assert.equal(effectiveSetting('pushgateway.url', { defaultValue: '', workspaceValue: 'http://evil.example:9091' }, false).value, '');
  });

  it('untrusted: loopback values from the workspace are kept', () => {
    assert.deepEqual(effectiveSetting('pushgateway.url', { defaultValue: '', workspaceValue: 'http://localhost:9091' }, false), { value: 'http://localhost:9091', ignored: undefined });
    assert.deepEqual(effectiveSetting('receiver.host', { defaultValue: '127.0.0.1', workspaceValue: '::1' }, false), { value: '::1', ignored: undefined });
    assert.deepEqual(effectiveSetting('scrape.urls', { defaultValue: [], workspaceValue: ['127.0.0.1:9100', 'http://[::1]:8080/metrics'] }, false).value, ['127.0.0.1:9100', 'http://[::1]:8080/metrics']);
  });

  it('untrusted: a workspace receiver host that other machines reach is ignored', () => {
    const r = effectiveSetting('receiver.host', { defaultValue: '127.0.0.1', workspaceValue: '0.0.0.0' }, false);
    assert.equal(r.value, '127.0.0.1');
    assert.match(r.ignored!, /receiver\.host \("0\.0\.0\.0", which other machines could reach\)/);
  });

  it('untrusted: scrape URLs keep their loopback entries; all remote falls back to the user list', () => {
    const mixed = effectiveSetting('scrape.urls', { defaultValue: [], globalValue: ['127.0.0.1:1'], workspaceValue: ['127.0.0.1:9100', 'prod-db:9100'] }, false);
    assert.deepEqual(mixed.value, ['127.0.0.1:9100']);
    assert.match(mixed.ignored!, /lists "prod-db:9100", not on this machine/);
    const remote = effectiveSetting('scrape.urls', { defaultValue: [], globalValue: ['127.0.0.1:1'], workspaceValue: ['10.1.1.1:9100'] }, false);
    assert.deepEqual(remote.value, ['127.0.0.1:1']);
  });

  it('untrusted: workspace file_sd paths are ignored whatever they hold (their files can name any host)', () => {
    const r = effectiveSetting('scrape.fileSdPaths', { defaultValue: [], workspaceFolderValue: ['targets.json'] }, false);
    assert.deepEqual(r.value, []);
    assert.match(r.ignored!, /its files can name any host/);
  });

  it('untrusted: settings that are not restricted layer as usual, and no workspace value means nothing to say', () => {
    assert.deepEqual(effectiveSetting('receiver.port', { defaultValue: 4318, workspaceValue: 0 }, false), { value: 0, ignored: undefined });
    assert.deepEqual(effectiveSetting('pushgateway.url', { defaultValue: '', globalValue: 'http://10.0.0.5:9091' }, false), { value: 'http://10.0.0.5:9091', ignored: undefined });
  });

  it('feeds readSettings: the effective configuration of an untrusted workspace', () => {
    const layers: Record<string, InspectedSetting> = {
      'receiver.host': { defaultValue: '127.0.0.1', workspaceValue: '0.0.0.0' },
      'pushgateway.url': { defaultValue: '', workspaceValue: 'http://10.0.0.5:9091' },
      'scrape.urls': { defaultValue: [], workspaceValue: ['localhost:9100', 'db:9100'] },
      'scrape.fileSdPaths': { defaultValue: [], workspaceValue: ['sd.json'] },
      'receiver.port': { defaultValue: 4318, workspaceValue: 0 },
    };
    const notes: string[] = [];
    const { settings, problems } = readSettings((key) => {
      const r = effectiveSetting(key, layers[key] ?? {}, false);
      if (r.ignored) notes.push(r.ignored);
      return r.value;
    });
    assert.deepEqual(problems, []);
    assert.equal(settings.receiver.host, '127.0.0.1');
    assert.equal(settings.receiver.port, 0);
    assert.equal(settings.pushgateway.url, '');
    assert.deepEqual(settings.scrape.urls, ['http://localhost:9100/metrics']);
    assert.deepEqual(settings.scrape.fileSdPaths, []);
    assert.equal(notes.length, 4);
  });
});
