// Forwarding in a real VS Code: `telemetryInspector.forward.endpoints` in the workspace settings sends what the
// extension's receiver accepts on to a loopback upstream the test starts (a second inspector, our CLI in its own
// process, read back from its JSON snapshot at exit); the Instances view's title and the status-bar tooltip say
// the upstream is up, then failing once it is stopped. "Set Forward Header Secret" keeps a header's value in
// SecretStorage: the upstream receives it as a header, and no settings.json ever holds it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UpstreamHealth } from '../../../src/core/forward/health';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import { SET_FORWARD_HEADER_SECRET } from '../../../src/extension/forward/forwardController';
import { eventually } from '../../helpers/process';
import { startHttpStub } from '../../integration/core/forward/stubUpstreams';
import { startInspector } from '../../integration/core/forward/upstreams';
import { activateApi, listeningPort, sendFromApp } from './extensionApi';

let api: TelemetryInspectorApi;

const forwardConfig = () => vscode.workspace.getConfiguration('telemetryInspector.forward');
const description = () => api.instancesView.description ?? '';
const tooltip = () => (api.statusBar.tooltip as vscode.MarkdownString).value;
const health = (url: string): UpstreamHealth | undefined => api.engine.status.forward.find((h) => h.name === url);

/** Writes the endpoints as a user would in the workspace's settings.json, and waits until the engine forwards to them. */
async function setEndpoints(endpoints: unknown[] | undefined): Promise<void> {
  await forwardConfig().update('endpoints', endpoints, vscode.ConfigurationTarget.Workspace);
  await api.forward.apply();
  const urls = (endpoints ?? []).map((e) => (e as { url: string }).url);
  await eventually(() => assert.deepEqual(api.engine.status.forward.map((h) => h.name), urls), 10_000);
}

function sendAs(instance: string, signals = 'traces,logs') {
  return sendFromApp(api, 'forward-suite-app', instance, { APP_SIGNALS: signals, APP_ROUNDS: '2' });
}

describe('forward to upstreams', function () {
  this.timeout(120_000);

  before(async () => {
    api = await activateApi();
    await eventually(() => listeningPort(api), 15_000);
  });

  afterEach(async () => {
    await setEndpoints(undefined);
    assert.equal(forwardConfig().inspect('endpoints')?.workspaceValue, undefined);
  });

  it('data sent to the receiver reaches the upstream; the title and tooltip say up, then failing once it is stopped', async () => {
    const upstream = await startInspector();
    const url = `http://127.0.0.1:${upstream.httpPort}`;
    try {
      await setEndpoints([{ url, protocol: 'http/protobuf', signals: ['traces', 'logs'] }]);
      const sent = await sendAs('forward-up');
      assert.ok(sent.spans > 0 && sent.logs > 0, JSON.stringify(sent));

      // Everything went on: nothing left in the queue, the upstream up, and both surfaces say so.
      await eventually(() => {
        const h = health(url);
        assert.equal(h?.status, 'up', JSON.stringify(h));
        assert.equal(h.queued.requests, 0);
        assert.ok(h.forwarded.requests > 0);
        assert.match(description(), /127\.0\.0\.1:\d+ · forward: ok$/);
        assert.doesNotMatch(api.statusBar.text, /\$\(warning\)/);
        const tip = tooltip();
        assert.ok(tip.includes('**Forward**'), tip);
        assert.match(tip, new RegExp(`→ http://127\\.0\\.0\\.1:${upstream.httpPort} \\(http/protobuf; traces, logs\\): up`));
        assert.match(tip, /forwarded \d+ requests?/);
      }, 20_000);

      // The upstream's own view of what it received: every trace the app sent, with its spans, and its logs.
      const snapshot = await upstream.stop();
      const inst = snapshot.instances.find((i) => i.instance === 'forward-up');
      assert.ok(inst, `the upstream got forward-up (it has ${snapshot.instances.map((i) => i.instance).join(', ') || 'nothing'})`);
      assert.deepEqual(inst.traces.map((t) => t.traceId).sort(), [...sent.traceIds].sort());
      assert.equal(inst.traces.reduce((n, t) => n + t.spanCount, 0), sent.spans);
      assert.equal(inst.logs.length, sent.logs);
      assert.equal(inst.signals.metrics.received, 0, 'metrics were not asked for');

      // With the upstream gone, the next data cannot go on: retried, then failing, and both surfaces say it.
      await sendAs('forward-down', 'traces');
      await eventually(() => {
        const h = health(url);
        assert.equal(h?.status, 'failing', JSON.stringify(h));
        assert.ok(h.queued.requests > 0, 'what could not be sent waits in the queue');
        assert.match(description(), /· forward: failing$/);
        const tip = tooltip();
        assert.match(tip, new RegExp(`\\$\\(error\\) → http://127\\.0\\.0\\.1:${upstream.httpPort} \\(http/protobuf; traces, logs\\): failing \\(\\d+ failed attempts`));
        assert.match(api.statusBar.text, /\$\(warning\)/, 'the status bar item warns');
      }, 30_000);
    } finally {
      if (upstream.running.child.exitCode === null) upstream.running.child.kill('SIGKILL');
    }
  });

  it('Set Forward Header Secret: the value is kept in SecretStorage, sent as the header, and never written to settings.json', async () => {
    const stub = await startHttpStub(() => ({ status: 200 }));
    const token = `Bearer forward-suite-${Date.now()}`;
    const settingsFile = path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, '.vscode', 'settings.json');
    try {
      await setEndpoints([{ url: stub.url, protocol: 'http/protobuf', signals: ['traces'] }]);
      // The command as a user runs it, with the answers to its pickers and password box handed in (test mode only).
      await vscode.commands.executeCommand(SET_FORWARD_HEADER_SECRET, { url: stub.url, header: 'Authorization', value: token });
      // The header's NAME is added to the endpoint in the settings; its value is not.
      await eventually(() => assert.deepEqual((forwardConfig().inspect<{ headers?: string[] }[]>('endpoints')?.workspaceValue ?? [])[0]?.headers, ['authorization']), 5_000);

      await sendAs('forward-secret', 'traces');
      await eventually(() => assert.ok(stub.received.length > 0, 'the stub got the forwarded traces'), 15_000);
      assert.ok(stub.received.every((r) => r.path === '/v1/traces' && r.headers.authorization === token), JSON.stringify(stub.received.map((r) => r.headers.authorization)));

      const written = fs.readFileSync(settingsFile, 'utf8');
      assert.ok(written.includes('"authorization"'), written);
      assert.ok(!written.includes('forward-suite-'), 'the token is not in the workspace settings.json');
      assert.ok(!JSON.stringify(forwardConfig().inspect('endpoints')).includes('forward-suite-'), 'nor in any settings scope');

      // An empty value removes it from SecretStorage: what is forwarded next goes without the header.
      await vscode.commands.executeCommand(SET_FORWARD_HEADER_SECRET, { url: stub.url, header: 'authorization', value: '' });
      const before = stub.received.length;
      await sendAs('forward-no-secret', 'traces');
      await eventually(() => assert.ok(stub.received.length > before), 15_000);
      assert.ok(stub.received.slice(before).every((r) => r.headers.authorization === undefined));
    } finally {
      await stub.close();
    }
  });
});
