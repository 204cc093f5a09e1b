// Restart phase 2 (launcher/runRestart.ts): the window phase 1 ran in was reloaded (workbench.action.reloadWindow).
// The same instances, traces and Series are in the tree, and the trace panel and the chart were restored by their
// serializers and drew the same data. Then the launcher has an app send, and kills the server mid-ingest.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../../src/extension/extension';
import { eventually } from '../../../helpers/process';
import { activateApi, listeningPort } from '../../suite/extensionApi';
import { expectSeen } from '../checks';
import { controlDir, files, readJson, writeJson, type Seen } from '../protocol';

describe('restart phase 2: after a window reload', function () {
  this.timeout(180_000);
  let api: TelemetryInspectorApi;
  let seen: Seen;

  before(async () => {
    seen = readJson<Seen>(files(controlDir()).seen);
    api = await activateApi();
    await eventually(() => listeningPort(api), 30_000);
  });

  it('holds the same instances, traces and Series, in the tree', async () => {
    await eventually(() => expectSeen(api, seen), 30_000, 200);
  });

  it('restored the trace panel and the chart, which drew the same data', async () => {
    const trace = seen.traces[0];
    await eventually(() => {
      const open = api.panels.panels();
      const t = open.find((p) => p.key === seen.panels.trace);
      const m = open.find((p) => p.key === seen.panels.metric);
      assert.ok(t, `no restored trace panel among ${JSON.stringify(open.map((p) => p.key))}`);
      assert.ok(m, `no restored chart among ${JSON.stringify(open.map((p) => p.key))}`);
      assert.ok(t.ready, 'the restored trace panel has not drawn');
      assert.equal(t.ready.rows, trace.spanCount);
      assert.ok(m.ready && m.ready.rows > 0, `the restored chart drew ${JSON.stringify(m.ready)}`);
      assert.equal(t.viewState?.heading !== undefined && t.viewState.heading !== 'Trace not kept', true, `trace heading ${t.viewState?.heading}`);
      assert.match(t.title, new RegExp(trace.traceId.slice(0, 8)));
      assert.match(m.title, /^Chart: /);
      assert.equal(m.viewState?.heading !== undefined && m.viewState.heading !== 'Series no longer kept', true, `chart heading ${m.viewState?.heading}`);
    }, 60_000, 200);
  });

  it('a restored trace panel whose trace is not kept says so', async () => {
    const traceId = 'feed'.repeat(8);
    const panel = vscode.window.createWebviewPanel('telemetryInspector.trace', 'Trace feedfeed', vscode.ViewColumn.Active, { enableScripts: true });
    // What VS Code calls after a reload, with the state such a page saved.
    await api.panels.restoreTrace(panel, { target: { traceId }, filter: '', selected: null, scrollTop: 0, collapsed: [], nameWidth: null });
    const key = `trace:${traceId}:*`;
    try {
      await eventually(() => {
        const p = api.panels.panels().find((x) => x.key === key);
        assert.ok(p, 'the panel is listed');
        assert.equal(p.viewState?.heading, 'Trace not kept');
        assert.match(p.viewState?.note ?? '', new RegExp(`Trace ${traceId} is not held any more`));
      }, 30_000, 200);
    } finally {
      panel.dispose();
    }
  });

  it('tells the launcher where to send before it kills the server', () => {
    writeJson(files(controlDir()).receiver, { port: listeningPort(api) });
  });
});
