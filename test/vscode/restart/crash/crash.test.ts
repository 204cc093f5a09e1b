// Restart phase 3 (launcher/runRestart.ts): the VS Code server (so the extension host and the engine's worker)
// was killed with SIGKILL while an app was sending, and started again on the same dirs. Everything phase 1 saw
// is back, with what the app sent before the kill, and start-up had no error.
import * as assert from 'node:assert/strict';
import type { TelemetryInspectorApi } from '../../../../src/extension/extension';
import { eventually } from '../../../helpers/process';
import { activateApi, listeningPort } from '../../suite/extensionApi';
import { expectSeen, treeNodes } from '../checks';
import { controlDir, files, readJson, type Crash, type Seen } from '../protocol';

describe('restart phase 3: after the server was killed mid-ingest', function () {
  this.timeout(180_000);
  let api: TelemetryInspectorApi;
  let seen: Seen;
  let crash: Crash;

  before(async () => {
    seen = readJson<Seen>(files(controlDir()).seen);
    crash = readJson<Crash>(files(controlDir()).crash);
    api = await activateApi();
  });

  it('starts without an error: the receiver listens and the engine was never restarted', async () => {
    await eventually(() => listeningPort(api), 30_000);
    assert.equal(api.engine.status.receivers.http.state.status, 'listening');
    assert.equal(api.engine.restarts, 0);
  });

  it('holds everything phase 1 saw, in the tree', async () => {
    await eventually(() => expectSeen(api, seen), 30_000, 200);
  });

  it('holds what the app sent before the kill', async () => {
    assert.ok(crash.bytesAtKill > crash.bytesBefore, `the app's data reached the disk before the kill (${crash.bytesBefore} → ${crash.bytesAtKill} bytes)`);
    await eventually(async () => {
      const instance = (await api.engine.instances()).find((i) => i.serviceName === crash.serviceName);
      assert.ok(instance, `no ${crash.serviceName} instance`);
      const traces = (await treeNodes(api)).filter((n) => n.kind === 'trace' && n.instanceKey === instance.key);
      assert.ok(traces.length > 0, 'none of its traces is in the tree');
    }, 30_000, 200);
  });

  it('skipped the torn tail with a warning, and keeps writing', async () => {
    const persistence = await eventually(() => {
      const p = api.engine.status.persistence;
      assert.ok(p?.restored, 'the restore report is in the status');
      return p;
    }, 30_000, 200);
    assert.equal(persistence.state, 'ok', JSON.stringify(persistence.error));
    assert.ok(crash.tornBytes > 0, 'the launcher left half a record at the end of the newest segment');
    assert.ok(persistence.restored!.warnings.length >= 1, JSON.stringify(persistence.restored));
  });
});
