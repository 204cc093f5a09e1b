// Live views that tell the truth, in a real VS Code: tooltips and parent rows follow the store, an instance that
// stops sending goes quiet (and out of the count) after its own usual interval, and Clear Data asks first.
// Data comes from the OpenTelemetry SDK fixture app; the tree is read through the provider, as VS Code reads it
// (getChildren, getTreeItem, and resolveTreeItem for a tooltip on hover), and its change events are what VS Code
// redraws on.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import type { Node } from '../../../src/extension/views/instances/instanceNodes';
import { eventually, OTEL_APP, runApp, start, type AppSent, type Running } from '../../helpers/process';
import { activateApi, listeningPort, instancesNow, settle as settleAll, tooltipText } from './extensionApi';

const SERVICE = 'live-views-app';

let api: TelemetryInspectorApi;
const tree = () => api.instancesProvider;

function appEnv(instance: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${listeningPort(api)}`,
    OTEL_SERVICE_NAME: SERVICE,
    APP_INSTANCE_ID: instance,
    ELECTRON_RUN_AS_NODE: '1',
    ...env,
  };
}

function sendFrom(instance: string, env: Record<string, string> = {}): Promise<AppSent> {
  return runApp(appEnv(instance, env));
}

const labelOf = (t: vscode.TreeItem) => (typeof t.label === 'string' ? t.label : (t.label?.label ?? ''));
const item = (n: Node) => tree().getTreeItem(n);
/** What VS Code shows on hover: the tooltip it resolves for a drawn row. */
const tooltipOf = (n: Node) => tooltipText(tree(), n);

async function serviceNode(): Promise<Node> {
  const service = (await tree().getChildren()).find((n) => n.kind === 'service' && n.service === SERVICE);
  assert.ok(service, `no ${SERVICE} row`);
  return service;
}

async function instanceNode(label: string): Promise<Node> {
  const found = (await tree().getChildren(await serviceNode())).find((n) => labelOf(item(n)) === label);
  assert.ok(found, `no ${label} under ${SERVICE}`);
  return found;
}

/**
 * Lets pending changes reach the tree now: a clear or a new service redraws the whole tree with new node objects,
 * and the test must hold the objects VS Code would hold after that.
 */
function settle(): Promise<void> {
  return settleAll(api);
}

/** Collects the change events the provider fires (what makes VS Code draw rows again). */
function recordFired(): { fired: Node[][]; all: () => boolean; dispose(): void } {
  const fired: Node[][] = [];
  let whole = false;
  const sub = tree().onDidChangeTreeData((e) => {
    if (Array.isArray(e)) fired.push(e);
    else if (e) fired.push([e]);
    else whole = true;
  });
  return { fired, all: () => whole, dispose: () => sub.dispose() };
}

describe('live views', function () {
  this.timeout(120_000);
  const holdBefore = { ms: 0 };

  before(async () => {
    api = await activateApi();
    await eventually(() => listeningPort(api), 10_000);
    await vscode.commands.executeCommand('telemetryInspector.clearData', { confirm: true });
    await settle();
    holdBefore.ms = tree().tooltipHoldMs;
  });

  after(async () => {
    tree().tooltipHoldMs = holdBefore.ms;
    await api.engine.setLivenessRule({});
    await vscode.commands.executeCommand('telemetryInspector.clearData', { confirm: true });
  });

  it("an instance's tooltip shown once is brought up to date when more data comes", async () => {
    // The row is redrawn only once its tooltip has been open a moment; here at once, so the test need not wait.
    tree().tooltipHoldMs = 0;
    await sendFrom('tip-1', { APP_ROUNDS: '2' });
    const instance = await eventually(async () => {
      await settle();
      return instanceNode('tip-1');
    }, 15_000);
    await eventually(async () => assert.match(await tooltipOf(instance), /traces: 4 spans in \d+ requests?/), 15_000);
    const rec = recordFired();
    try {
      // Hovered now: VS Code holds this tooltip until it draws the row again.
      assert.match(await tooltipOf(instance), /first seen/);
      await sendFrom('tip-1', { APP_ROUNDS: '3' });
      await eventually(() => assert.ok(rec.all() || rec.fired.some((e) => e.includes(instance)), `the instance row was not redrawn: ${JSON.stringify(rec.fired.map((e) => e.map((n) => n.id)))}`), 15_000);
    } finally {
      rec.dispose();
    }
    // What the next hover shows.
    assert.match(await tooltipOf(instance), /traces: 10 spans in \d+ requests/);
  });

  it('an instance that stops sending goes quiet after its own usual interval: "last seen", dimmed, out of the service row\'s and the status bar\'s live count', async () => {
    // Short bounds, so "quiet" comes in seconds: 3 × the median gap, within 2 … 3 s, 3 s after a first arrival.
    await api.engine.setLivenessRule({ minQuietMs: 2_000, maxQuietMs: 3_000, defaultQuietMs: 3_000 });
    await vscode.commands.executeCommand('telemetryInspector.clearData', { confirm: true });
    await settle();
    let app: Running | undefined;
    try {
      // Two instances of one service: one keeps sending (a cycle every 300 ms), the other sent once.
      app = start(OTEL_APP, [], appEnv('steady', { APP_ROUNDS: '1', APP_LOOP_MS: '300' }));
      await sendFrom('once', { APP_ROUNDS: '1' });
      const service = await eventually(async () => {
        await settle();
        const found = await serviceNode();
        assert.equal((await tree().getChildren(found)).length, 2);
        return found;
      }, 15_000);
      // Drawn, as VS Code draws them, with the service row's tooltip open.
      const steady = await instanceNode('steady');
      const once = await instanceNode('once');
      for (const n of [service, steady, once]) item(n);
      assert.equal(item(service).description, '2 instances', 'both live at first');
      tree().tooltipHoldMs = 0;
      assert.match(await tooltipOf(service), /2 instances, 2 live/);

      const rec = recordFired();
      try {
        // 'once' goes quiet 2 … 3 s after its last request; no data makes the tree look at it, only the store saying so.
        await eventually(
          () =>
            assert.ok(
              rec.fired.some((e) => e.includes(service)),
              // (Not drawing the row here: a draw is what the provider compares against.)
              `the service row was not redrawn; ${api.engine.status.store.live} live; fired ${JSON.stringify(rec.fired.map((e) => e.map((n) => n.id)))}${rec.all() ? ' and the whole tree' : ''}`,
            ),
          10_000,
        );
      } finally {
        rec.dispose();
      }
      assert.equal(item(service).description, '2 instances (1 live)');
      assert.match(await tooltipOf(service), /2 instances, 1 live/);
      // The row itself is fetched again when the store announces it quiet (the service row may hear first, from
      // the other instance's data): what VS Code draws once that event is in.
      const quiet = await eventually(async () => {
        await settle();
        const drawn = item(once);
        assert.match(String(drawn.description), /^last seen \S+/);
        return drawn;
      }, 5_000);
      assert.equal((quiet.iconPath as vscode.ThemeIcon).color?.id, 'disabledForeground');
      assert.match(await tooltipOf(once), /Quiet: nothing for longer than usual/);
      assert.equal((item(steady).iconPath as vscode.ThemeIcon).color?.id, 'charts.green');
      assert.match(await tooltipOf(steady), /Live \(it usually sends every \d+s\)/);
      await eventually(() => assert.match(api.statusBar.text, /^\$\(pulse\) 1 instance( \$\(warning\))?$/), 5_000);

      // Killed (no flush, as a crash): quiet within its learned limit (at most 3 s here), not after 2 minutes.
      app.child.kill('SIGKILL');
      await app.done;
      const killedAt = Date.now();
      await eventually(async () => {
        assert.match(api.statusBar.text, /^\$\(pulse\) 0 instances( \$\(warning\))?$/);
        await tree().flush();
        assert.equal(item(service).description, '2 instances (0 live)');
        assert.match(String(item(steady).description), /^last seen /);
      }, 10_000);
      assert.ok(Date.now() - killedAt < 6_000, `quiet after ${Date.now() - killedAt} ms`);
    } finally {
      if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
      await api.engine.setLivenessRule({});
    }
  });

  it('Clear Data asks first, naming what would be lost; no keeps everything', async () => {
    await sendFrom('clear-1', { APP_ROUNDS: '2' });
    await eventually(async () => assert.ok((await instancesNow(api)).some((i) => i.instanceLabel === 'clear-1')), 15_000);
    const instances = api.engine.status.store.instances;
    const asked: string[] = [];
    const declined = await vscode.commands.executeCommand('telemetryInspector.clearData', {
      ask: async (question: string) => {
        asked.push(question);
        return false;
      },
    });
    assert.equal(declined, false);
    assert.equal(asked.length, 1, 'asked once');
    assert.match(asked[0], new RegExp(`^Clear all received telemetry\\? ${instances} instances?: [\\d,]+ spans?, [\\d,]+ points?, [\\d,]+ log records? will be gone\\.$`));
    assert.equal(api.engine.status.store.instances, instances, 'nothing cleared');
    const accepted = await vscode.commands.executeCommand('telemetryInspector.clearData', { ask: async () => true });
    assert.equal(accepted, true);
    assert.equal(api.engine.status.store.instances, 0);
  });
});
