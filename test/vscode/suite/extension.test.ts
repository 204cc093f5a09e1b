// The VS Code surface in a real VS Code: receiver, Instances view, status bar, commands and settings, fed by a
// real OpenTelemetry SDK app. The fixture workspace sets telemetryInspector.receiver.port to 0, so the receiver
// takes a free port and never depends on 4318 being free.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import type { Node, SignalNode } from '../../../src/extension/views/instances/instanceNodes';
import { eventually, freePort, type AppSent } from '../../helpers/process';
import { activateApi, listeningPort, probe, sendFromApp, settle, tooltipText } from './extensionApi';

const SERVICE = 'vscode-suite-app';
const INSTANCE = 'suite-1';

let api: TelemetryInspectorApi;

function port(): number {
  return listeningPort(api);
}

const tree = () => api.instancesProvider;
const label = (n: Node) => {
  const l = tree().getTreeItem(n).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
};
const describeOf = (n: Node) => String(tree().getTreeItem(n).description ?? '');

async function instanceNode(): Promise<Node> {
  const service = (await tree().getChildren()).find((n) => label(n) === SERVICE);
  assert.ok(service, `no ${SERVICE} among ${(await tree().getChildren()).map(label).join(', ')}`);
  const instance = (await tree().getChildren(service)).find((n) => label(n) === INSTANCE);
  assert.ok(instance, `no ${INSTANCE} under ${SERVICE}`);
  return instance;
}

async function signalNode(instance: Node, signal: 'traces' | 'metrics' | 'logs'): Promise<SignalNode> {
  const node = (await tree().getChildren(instance)).find((n) => n.kind === 'signal' && n.signal === signal);
  assert.ok(node && node.kind === 'signal');
  return node;
}

async function clipboardAfter(command: string, ...args: unknown[]): Promise<string> {
  await vscode.env.clipboard.writeText('(nothing yet)');
  await vscode.commands.executeCommand(command, ...args);
  return vscode.env.clipboard.readText();
}

/** Changes a setting where the fixture defines it (the workspace) and waits for the receiver to act on it. */
async function setPort(value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('telemetryInspector').update('receiver.port', value, vscode.ConfigurationTarget.Workspace);
  await eventually(() => assert.equal(api.receiver.settings.receiver.port, value), 10_000);
  await api.receiver.whenIdle();
}

describe('the VS Code surface', function () {
  this.timeout(120_000);

  before(async () => {
    api = await activateApi();
    assert.ok(api?.engine && api.instancesProvider && api.statusBar, 'activate() returns the API object');
    assert.equal(api.engine.where, 'worker', 'the engine runs in its own worker thread');
    // A run that was killed half-way may have left another port in the fixture's settings.
    if (api.receiver.settings.receiver.port !== 0) await setPort(0);
    await eventually(() => port(), 10_000);
    await vscode.commands.executeCommand('telemetryInspector.clearData', { confirm: true });
  });

  after(async () => {
    // Leave the fixture's settings.json as it was: the port back to 0.
    await setPort(0);
  });

  describe('receiver', () => {
    it('listens on the free port the fixture asked for (setting 0), not 4318', async () => {
      assert.equal(api.receiver.settings.receiver.port, 0);
      assert.notEqual(port(), 4318);
      assert.equal(await probe(port()), 405);
    });
  });

  describe('with data from an OpenTelemetry SDK app', () => {
    let sent: AppSent;

    before(async () => {
      sent = await sendFromApp(api, SERVICE, INSTANCE);
      assert.equal(sent.traceIds.length, 3);
    });

    it('the Instances view shows service → instance with all three signals and its resource attributes', async () => {
      const instance = await eventually(async () => {
        await settle(api);
        const found = await instanceNode();
        assert.equal(describeOf(found), 'traces · metrics · logs');
        return found;
      }, 15_000);
      const item = tree().getTreeItem(instance);
      assert.equal(item.contextValue, 'instance');
      assert.ok(item.id, 'stable id');
      // The tooltip is made when VS Code asks for it (on hover).
      const tip = await tooltipText(tree(), instance);
      assert.match(tip, /service\\\.instance\\\.id \| suite\\-1/);
      assert.match(tip, /traces: 6 spans/);
      assert.deepEqual((await tree().getChildren(instance)).map(label), ['Traces', 'Metrics', 'Logs']);
      assert.equal(tree().getParent(instance)?.kind, 'service');
    });

    it('traces show the root span name, duration, span count and an error marker', async () => {
      const instance = await instanceNode();
      const traces = await tree().getChildren(await signalNode(instance, 'traces'));
      assert.equal(traces.length, 3);
      const items = traces.map((n) => tree().getTreeItem(n));
      assert.deepEqual(items.map((i) => i.label).sort(), ['GET /cart', 'GET /checkout', 'GET /checkout']);
      for (const i of items) assert.match(String(i.description), /^(1 error · )?[\d.]+(µs|ms|s) · 2 spans$/);
      const failed = items.filter((i) => (i.iconPath as vscode.ThemeIcon).id === 'error');
      assert.equal(failed.length, 1, 'one trace (the third cycle) failed');
      // The error comes first, where a narrow sidebar does not cut it off.
      assert.match(String(failed[0].description), /^1 error · /);
      assert.deepEqual(traces.map((n) => (n.kind === 'trace' ? n.traceId : '')).sort(), [...sent.traceIds].sort());
    });

    it('metric series show their latest value and unit', async () => {
      const instance = await instanceNode();
      const streams = await tree().getChildren(await signalNode(instance, 'metrics'));
      const byName = new Map(streams.map((n) => [label(n), n]));
      assert.deepEqual([...byName.keys()].sort(), ['app.queue.depth', 'app.request.duration', 'app.requests']);
      // One series: drawn as one row with its value.
      const depth = tree().getTreeItem(byName.get('app.queue.depth')!);
      assert.equal(depth.description, '5 items · queue=main');
      assert.equal(depth.contextValue, 'series');
      // Several series: they hang below the stream.
      const requests = byName.get('app.requests')!;
      assert.equal(describeOf(requests), '2 series');
      const series = await tree().getChildren(requests);
      assert.deepEqual(series.map((n) => `${label(n)} = ${describeOf(n)}`).sort(), ['route=/cart = 1 request', 'route=/checkout = 2 requests']);
      const duration = (await tree().getChildren(byName.get('app.request.duration')!)).map(describeOf).sort();
      assert.deepEqual(duration, ['count 1, sum 15 ms, mean 15 ms', 'count 2, sum 30 ms, mean 15 ms']);
    });

    it('logs show severity and body', async () => {
      const instance = await instanceNode();
      const logs = (await tree().getChildren(await signalNode(instance, 'logs'))).map((n) => tree().getTreeItem(n));
      assert.equal(logs.length, 3);
      assert.deepEqual(logs.map((l) => l.label).sort(), ['handled /cart', 'handled /checkout', 'handled /checkout']);
      assert.deepEqual(logs.map((l) => String(l.description).split(' · ')[0]).sort(), ['ERROR', 'INFO', 'INFO']);
      assert.equal(logs.filter((l) => (l.iconPath as vscode.ThemeIcon).id === 'error').length, 1);
    });

    it('the status bar counts the live instance and its tooltip has the address, counts and errors', async () => {
      await eventually(() => assert.equal(api.statusBar.text, '$(pulse) 1 instance'), 10_000);
      const tip = (api.statusBar.tooltip as vscode.MarkdownString).value;
      assert.ok(tip.includes(`127.0.0.1:${port()}`), tip);
      assert.match(tip, /\| traces \| 6 \| 6 \| 0 \| 0 \|/);
      assert.match(tip, /Nothing evicted/);
      // The receiver test's GET got a 405: the tooltip counts it as an error and says what it was.
      assert.match(tip, /\$\(error\) \d+ failed requests?; last .*: 405 method GET not allowed/);
      assert.equal(api.statusBar.command && typeof api.statusBar.command === 'object' ? api.statusBar.command.command : api.statusBar.command, 'telemetryInspector.instances.focus');
    });

    it('new data refreshes only the changed rows, with the same elements (nothing collapses)', async () => {
      // Let the first app's changes reach the tree (they may still be on their way), then draw what a user would see.
      await settle(api);
      const instance = await instanceNode();
      const logs = await signalNode(instance, 'logs');
      await tree().getChildren(logs);
      tree().getTreeItem(instance); // what the instance row says now
      for (const s of await tree().getChildren(instance)) tree().getTreeItem(s);
      const fired: (Node | Node[] | undefined | void)[] = [];
      const sub = tree().onDidChangeTreeData((e) => fired.push(e));
      try {
        await sendFromApp(api, SERVICE, INSTANCE, { APP_SIGNALS: 'logs', APP_ROUNDS: '2' });
        const shown = () => JSON.stringify(fired.map((e) => (Array.isArray(e) ? e.map((n) => n.id) : e)));
        await eventually(() => assert.ok(fired.some((e) => Array.isArray(e) && e.includes(logs)), `fired: ${shown()}`), 15_000);
      } finally {
        sub.dispose();
      }
      const shown = JSON.stringify(fired.map((e) => (Array.isArray(e) ? e.map((n) => n.id) : e)));
      for (const e of fired) {
        assert.ok(Array.isArray(e), `never the whole tree: ${shown}`);
        for (const n of e) assert.equal(n.kind, 'signal', `only signal rows: ${shown}`);
      }
      assert.equal(await instanceNode(), instance, 'the same element objects');
      assert.equal(await signalNode(instance, 'logs'), logs);
      assert.equal((await tree().getChildren(logs)).length, 5);
    });

    it('Copy Trace ID copies the trace id of the element', async () => {
      const instance = await instanceNode();
      const trace = (await tree().getChildren(await signalNode(instance, 'traces')))[0];
      assert.equal(trace.kind, 'trace');
      assert.equal(await clipboardAfter('telemetryInspector.copyTraceId', trace), trace.kind === 'trace' ? trace.traceId : '');
      assert.ok(sent.traceIds.includes(await vscode.env.clipboard.readText()));
    });

    it('Copy Series Name copies name{attributes}', async () => {
      const instance = await instanceNode();
      const requests = (await tree().getChildren(await signalNode(instance, 'metrics'))).find((n) => label(n) === 'app.requests')!;
      const cart = (await tree().getChildren(requests)).find((n) => label(n) === 'route=/cart')!;
      assert.equal(await clipboardAfter('telemetryInspector.copySeriesName', cart), 'app.requests{route="/cart"}');
      const depth = (await tree().getChildren(await signalNode(instance, 'metrics'))).find((n) => label(n) === 'app.queue.depth')!;
      assert.equal(await clipboardAfter('telemetryInspector.copySeriesName', depth), 'app.queue.depth{queue="main"}');
    });

    it('Show Instance Attributes opens the resource attributes as JSON', async () => {
      await vscode.commands.executeCommand('telemetryInspector.showInstanceAttributes', await instanceNode());
      const doc = await eventually(() => {
        const d = vscode.window.activeTextEditor?.document;
        assert.ok(d && d.uri.scheme === 'telemetry-inspector-attributes', `active: ${d?.uri.toString()}`);
        return d;
      }, 10_000);
      assert.equal(doc.languageId, 'json');
      const attrs = JSON.parse(doc.getText()) as Record<string, unknown>;
      assert.equal(attrs['service.name'], SERVICE);
      assert.equal(attrs['service.instance.id'], INSTANCE);
      assert.equal(attrs['host.name'], 'test-host');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('Clear Data empties the store, the view and the count', async () => {
      assert.equal(await vscode.commands.executeCommand('telemetryInspector.clearData', { confirm: true }), true);
      assert.equal(api.engine.status.store.instances, 0);
      await eventually(async () => assert.deepEqual(await tree().getChildren(), []), 5_000);
      await eventually(() => assert.equal(api.statusBar.text, '$(pulse) 0 instances'), 10_000);
    });
  });

  describe('commands', () => {
    it('Copy Env Snippet writes the OTLP environment for the port in use, per format', async () => {
      const url = `http://127.0.0.1:${port()}`;
      assert.equal(
        await clipboardAfter('telemetryInspector.copyEnvSnippet', 'bash'),
        `export OTEL_EXPORTER_OTLP_ENDPOINT=${url}\nexport OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\n`,
      );
      assert.equal(
        await clipboardAfter('telemetryInspector.copyEnvSnippet', 'powershell'),
        `$env:OTEL_EXPORTER_OTLP_ENDPOINT = '${url}'\n$env:OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf'\n`,
      );
      const launch = JSON.parse(`{${await clipboardAfter('telemetryInspector.copyEnvSnippet', 'launch-json')}}`) as { env: Record<string, string> };
      assert.equal(launch.env.OTEL_EXPORTER_OTLP_ENDPOINT, url);
    });

    it('Copy Env Snippet without a format asks for one', async () => {
      await vscode.env.clipboard.writeText('(nothing yet)');
      const done = vscode.commands.executeCommand('telemetryInspector.copyEnvSnippet');
      let finished = false;
      void Promise.resolve(done).then(() => (finished = true));
      // The picker lists the formats; accepting the first copies that one (bash, or the last one used).
      await eventually(async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        assert.ok(finished, 'the picker was answered');
      }, 15_000, 300);
      assert.match(await vscode.env.clipboard.readText(), /OTEL_EXPORTER_OTLP_ENDPOINT/);
    });

    it('Stop Receiver closes the port; Start Receiver listens again and the snippet follows the new port', async () => {
      const before = port();
      await vscode.commands.executeCommand('telemetryInspector.stopReceiver');
      assert.equal(api.engine.status.receivers.http.state.status, 'stopped');
      assert.equal(await probe(before), 'ECONNREFUSED');
      await eventually(() => assert.equal(api.statusBar.text, '$(circle-slash) Telemetry stopped'), 5_000);
      assert.equal(api.instancesView.description, 'stopped');
      await vscode.commands.executeCommand('telemetryInspector.startReceiver');
      const after = port();
      assert.equal(await probe(after), 405);
      assert.equal(api.instancesView.description, `127.0.0.1:${after}`);
      assert.match(await clipboardAfter('telemetryInspector.copyEnvSnippet', 'dotenv'), new RegExp(`^OTEL_EXPORTER_OTLP_ENDPOINT=http://127\\.0\\.0\\.1:${after}\\n`));
    });

    it('Open Settings opens the Settings editor', async () => {
      await vscode.commands.executeCommand('telemetryInspector.openSettings');
      await eventually(() => assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, 'Settings'), 10_000);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });

  describe('settings', () => {
    it('a new port moves the receiver: the old port refuses, the new one answers, the status bar follows', async () => {
      const old = port();
      const next = await freePort();
      await setPort(next);
      assert.equal(port(), next);
      assert.equal(await probe(old), 'ECONNREFUSED');
      assert.equal(await probe(next), 405);
      await eventually(() => assert.ok((api.statusBar.tooltip as vscode.MarkdownString).value.includes(`127.0.0.1:${next}`)), 5_000);
      assert.match(await clipboardAfter('telemetryInspector.copyEnvSnippet', 'bash'), new RegExp(`:${next}\\n`));
    });

    it('a bad value is refused with an error naming the setting, and the receiver keeps running', async () => {
      const before = port();
      await vscode.workspace.getConfiguration('telemetryInspector').update('receiver.port', 70000, vscode.ConfigurationTarget.Workspace);
      await eventually(() => assert.match(api.configuration.problems.join(' '), /telemetryInspector\.receiver\.port must be a whole number from 0 to 65,535, not 70000/), 10_000);
      await api.receiver.whenIdle();
      assert.equal(port(), before);
      assert.equal(await probe(before), 405);
    });

    it('a busy port leaves the receiver where it was', async () => {
      await setPort(0);
      const before = port();
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const busy = (blocker.address() as net.AddressInfo).port;
      try {
        await setPort(busy);
        assert.equal(port(), before);
        assert.equal(await probe(before), 405);
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    });

    it('a busy port at auto-start shows quietly as a warning in the status bar, whose click starts by hand', async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const busy = (blocker.address() as net.AddressInfo).port;
      try {
        await vscode.commands.executeCommand('telemetryInspector.stopReceiver');
        await setPort(busy); // stopped: only remembered
        assert.equal(api.engine.status.receivers.http.state.status, 'stopped');
        await api.receiver.start(false); // what activation does
        assert.equal(api.engine.status.receivers.http.state.status, 'error');
        await eventually(() => assert.equal(api.statusBar.text, `$(warning) Telemetry: port ${busy} busy`), 5_000);
        assert.equal((api.statusBar.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.warningBackground');
        const command = api.statusBar.command;
        assert.equal(typeof command === 'object' ? command.command : command, 'telemetryInspector.startReceiver');
        assert.match((api.statusBar.tooltip as vscode.MarkdownString).value, /already in use/);
        assert.equal(api.instancesView.description, 'not running');
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
      // A new port is the way out: the receiver wanted to run, so it starts there.
      await setPort(0);
      assert.equal(await probe(port()), 405);
      await eventually(() => assert.match(api.statusBar.text, /^\$\(pulse\) \d+ instances?$/), 5_000);
    });

    it('new store caps apply at once', async () => {
      const config = vscode.workspace.getConfiguration('telemetryInspector');
      try {
        await config.update('store.maxLogRecords', 2, vscode.ConfigurationTarget.Global);
        await eventually(() => assert.equal(api.engine.status.store.limits.maxLogRecords, 2), 10_000);
        await sendFromApp(api, SERVICE, INSTANCE, { APP_SIGNALS: 'logs', APP_ROUNDS: '4' });
        await eventually(() => assert.equal(api.engine.status.store.logRecords, 2), 10_000);
        assert.ok(api.engine.status.store.evictions.logRecords >= 2);
      } finally {
        await config.update('store.maxLogRecords', undefined, vscode.ConfigurationTarget.Global);
      }
      await eventually(() => assert.equal(api.engine.status.store.limits.maxLogRecords, 50_000), 10_000);
    });
  });
});
