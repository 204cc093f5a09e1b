// The engine off the extension host's thread, in a real VS Code: it runs in a worker thread, and when that worker
// dies the extension says so in the status bar, starts it again with the current settings (the receiver answering
// on the same port), counts the restart, and the views draw again from the new engine. The worker is ended through
// the test-only crash() (honoured only under the test runner), as a crash would end it. Runs last: the restart
// shows in the status bar for a while.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import { eventually } from '../../helpers/process';
import { activateApi, labelOf, listeningPort, probe, sendFromApp, settle } from './extensionApi';

let api: TelemetryInspectorApi;

async function services(): Promise<string[]> {
  await settle(api);
  return (await api.instancesProvider.getChildren()).filter((n) => n.kind === 'service').map((n) => labelOf(api.instancesProvider.getTreeItem(n)));
}

function send(service: string): Promise<unknown> {
  return sendFromApp(api, service, `${service}-1`, { APP_ROUNDS: '1' });
}

describe('the engine in its worker thread', function () {
  this.timeout(120_000);

  before(async () => {
    api = await activateApi();
    await eventually(() => listeningPort(api), 10_000);
  });

  it('runs in a worker thread, not on the extension host thread', () => {
    assert.equal(api.engine.where, 'worker');
    assert.equal(api.engine.up, true);
  });

  it('dies, is restarted with the same receiver port, the status bar says so, and the views draw the new engine', async () => {
    await send('before-crash-app');
    await eventually(async () => assert.ok((await services()).includes('before-crash-app')), 15_000);
    const port = listeningPort(api);
    assert.equal(await probe(port), 405);
    const restartsBefore = api.engine.restarts;
    const redrawsBefore = api.instancesProvider.refreshes;

    // What the status bar says while the engine is down, read as the extension hears of it.
    const seen: { type: string; text: string; background: string | undefined }[] = [];
    const off = api.engine.onLifecycle((e) => seen.push({ type: e.type, text: api.statusBar.text, background: (api.statusBar.backgroundColor as vscode.ThemeColor | undefined)?.id }));
    try {
      await api.engine.crash();
      await eventually(() => assert.deepEqual(seen.map((s) => s.type), ['down', 'restarted']), 30_000, 100);
    } finally {
      off();
    }
    assert.equal(seen[0].text, '$(warning) Telemetry engine stopped, restarting…');
    assert.equal(seen[0].background, 'statusBarItem.warningBackground');
    assert.equal(api.engine.restarts, restartsBefore + 1);
    assert.equal(api.engine.up, true);

    // Restarted with the current settings: the receiver takes back the port apps send to.
    assert.equal(listeningPort(api), port);
    assert.equal(await probe(port), 405);
    await eventually(() => {
      // An instance an earlier suite's receiver move left behind is restored from disk too, and still named.
      assert.match(api.statusBar.text, new RegExp(`^\\$\\(pulse\\) \\d+ instances?( \\$\\(warning\\))? · engine restarted \\(${restartsBefore + 1}\\)( · \\$\\(warning\\) .* still on .*)?$`));
      assert.match((api.statusBar.tooltip as vscode.MarkdownString).value, /The engine was restarted (once|\d+ times) after it stopped/);
    }, 10_000);

    // The views dropped what they had drawn and draw the new engine: what was kept on disk is back (persistence is
    // on by default), and what arrives now joins it.
    assert.ok(api.instancesProvider.refreshes > redrawsBefore, 'the Instances view was redrawn');
    await eventually(async () => assert.ok((await services()).includes('before-crash-app'), 'restored from disk'), 10_000);
    await send('after-crash-app');
    await eventually(async () => assert.deepEqual((await services()).filter((s) => s.endsWith('crash-app')).sort(), ['after-crash-app', 'before-crash-app']), 15_000);
  });
});
