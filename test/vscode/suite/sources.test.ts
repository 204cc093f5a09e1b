// The sources beside the OTLP/HTTP receiver, in a real VS Code: the OTLP/gRPC receiver fed by the OpenTelemetry
// SDK fixture app, receiver hints, a real Pushgateway (Debian's prometheus-pushgateway on a free port with its own
// data file) with stale, live and failed groups, the cleanup commands, /metrics scraping, and the env snippet.
// Settings are changed in the user settings (the run's own temp folder) and restored at the end; the fixture
// workspace sets both receiver ports to 0, so nothing depends on 4317/4318 being free.
import * as assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { TelemetryInspectorApi } from '../../../src/extension/extension';
import type { Node } from '../../../src/extension/views/instances/instanceNodes';
import type { PushgatewayNode } from '../../../src/extension/views/pushgateway/pushgatewayTreeProvider';
import type { ScrapeNode } from '../../../src/extension/views/scrape/scrapeTreeProvider';
import type { DeleteReport } from '../../../src/core/views/tree/sourceText';
import type { EnvSnippetResult } from '../../../src/extension/commands/envSnippetCommand';
import { eventually, freePort, runApp } from '../../helpers/process';
import { httpRequest, pushText, requirePushgateway, startPushgateway, type RunningPushgateway } from '../../helpers/pushgateway';
import { activateApi, listeningPort, settle, tooltipText } from './extensionApi';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

let api: TelemetryInspectorApi;

const port = (kind: 'http' | 'grpc'): number => listeningPort(api, kind);

const config = () => vscode.workspace.getConfiguration('telemetryInspector');

/** Sets user settings (the run's temp user-data folder; the fixture workspace does not define these) and waits until they apply. */
async function setUser(values: Record<string, unknown>): Promise<void> {
  for (const [key, value] of Object.entries(values)) await config().update(key, value, vscode.ConfigurationTarget.Global);
  await eventually(() => {
    const s = api.configuration.settings;
    if ('pushgateway.url' in values) assert.equal(s.pushgateway.url, (values['pushgateway.url'] as string | undefined)?.replace(/\/+$/, '') ?? '');
    if ('pushgateway.staleAfter' in values) assert.equal(s.pushgateway.staleAfter, values['pushgateway.staleAfter'] ?? '5m');
    if ('scrape.urls' in values) assert.equal(s.scrape.urls.length, ((values['scrape.urls'] as string[] | undefined) ?? []).length);
    if ('scrape.fileSdPaths' in values) assert.equal(s.scrape.fileSdPaths.length, ((values['scrape.fileSdPaths'] as string[] | undefined) ?? []).length);
  }, 10_000);
}

const tooltip = () => (api.statusBar.tooltip as vscode.MarkdownString).value;

// --- the Instances tree ------------------------------------------------------------------------------------
const instances = () => api.instancesProvider;
const labelOf = (t: vscode.TreeItem) => (typeof t.label === 'string' ? t.label : (t.label?.label ?? ''));
const instanceLabel = (n: Node) => labelOf(instances().getTreeItem(n));

// --- the Pushgateway view ----------------------------------------------------------------------------------
const pgw = () => api.pushgatewayProvider;
const pgItem = (n: PushgatewayNode) => pgw().getTreeItem(n);

async function groups(): Promise<PushgatewayNode[]> {
  const [gateway] = await pgw().getChildren();
  assert.ok(gateway, 'the gateway row');
  return pgw().getChildren(gateway);
}

async function groupNode(label: string): Promise<PushgatewayNode> {
  const all = await groups();
  const found = all.find((n) => labelOf(pgItem(n)) === label);
  assert.ok(found, `no group ${label} among ${all.map((n) => labelOf(pgItem(n))).join(' | ')}`);
  return found;
}

/** The grouping keys the gateway itself holds now (GET /api/v1/metrics), and one series value per group. */
async function gatewayGroups(url: string): Promise<Map<string, Record<string, unknown>>> {
  const res = await httpRequest('GET', `${url}/api/v1/metrics`);
  assert.equal(res.status, 200);
  const data = (JSON.parse(res.body) as { data: ({ labels: Record<string, string> } & Record<string, unknown>)[] }).data;
  return new Map(data.map((g) => [JSON.stringify(Object.entries(g.labels).sort()), g]));
}
const keyOf = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort());

// --- the Scrape Targets view -------------------------------------------------------------------------------
const scrape = () => api.scrapeProvider;
const scItem = (n: ScrapeNode) => scrape().getTreeItem(n);

describe('sources beside the OTLP/HTTP receiver', function () {
  this.timeout(180_000);

  before(async () => {
    api = await activateApi();
    assert.ok(api.pushgatewayProvider && api.scrapeProvider, 'activate() returns the source views');
    await eventually(() => port('http'), 30_000);
  });

  describe('OTLP/gRPC', () => {
    it('listens on the free port the fixture asked for (grpc.port 0) beside HTTP; the tooltip names both', async () => {
      const grpc = await eventually(() => port('grpc'), 15_000);
      assert.notEqual(grpc, 4317);
      assert.equal(api.receiver.describe('grpc'), `127.0.0.1:${grpc}`);
      await eventually(() => {
        assert.ok(tooltip().includes(`OTLP/gRPC receiver on \`127.0.0.1:${grpc}\``), tooltip());
        assert.ok(tooltip().includes(`OTLP/HTTP receiver on \`127.0.0.1:${port('http')}\``), tooltip());
      }, 5_000);
    });

    it('an app exporting OTLP/gRPC shows up in the Instances view like an HTTP one', async () => {
      const sent = await runApp({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port('grpc')}`,
        OTEL_SERVICE_NAME: 'grpc-suite-app',
        APP_INSTANCE_ID: 'grpc-1',
        APP_ROUNDS: '3',
        ELECTRON_RUN_AS_NODE: '1',
      });
      const instance = await eventually(async () => {
        const service = (await instances().getChildren()).find((n) => n.kind === 'service' && instanceLabel(n) === 'grpc-suite-app');
        assert.ok(service, 'the grpc-suite-app service');
        const i = (await instances().getChildren(service)).find((n) => instanceLabel(n) === 'grpc-1');
        assert.ok(i);
        assert.equal(instances().getTreeItem(i).description, 'traces · metrics · logs');
        return i;
      }, 20_000);
      const traces = await instances().getChildren((await instances().getChildren(instance)).find((n) => n.kind === 'signal' && n.signal === 'traces')!);
      assert.deepEqual(traces.map((n) => (n.kind === 'trace' ? n.traceId : '')).sort(), [...sent.traceIds].sort());
      // The receivers' totals reach the status with the next change or status tick.
      await eventually(() => assert.ok((api.engine.status.stats.grpc.byStatus.OK ?? 0) >= 3, JSON.stringify(api.engine.status.stats.grpc.byStatus)), 5_000);
    });

    it('an exporter speaking gRPC to the HTTP port shows as a hint: a warning row atop the Instances view and a tooltip line', async () => {
      // What an OTLP/gRPC exporter aimed at 4318 sends first: the HTTP/2 preface.
      const session = http2.connect(`http://127.0.0.1:${port('http')}`);
      session.on('error', () => undefined);
      const req = session.request({ ':method': 'POST', ':path': '/opentelemetry.proto.collector.trace.v1.TraceService/Export', 'content-type': 'application/grpc' });
      req.on('error', () => undefined);
      req.end();
      await eventually(() => assert.ok(api.engine.status.hints.some((h) => h.key === 'OTLP/HTTP:grpc-on-http-port')), 10_000);
      session.destroy();
      const hint = await eventually(async () => {
        await settle(api);
        const row = (await instances().getChildren())[0];
        assert.equal(row?.kind, 'hint', 'the first row is the hint');
        return row;
      }, 10_000);
      const item = instances().getTreeItem(hint);
      assert.equal(labelOf(item), 'An exporter is speaking gRPC (HTTP/2) to the OTLP/HTTP port');
      assert.match(String(item.description), /^\d+ requests? · last /);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
      assert.match(await tooltipText(instances(), hint), /OTEL\\_EXPORTER\\_OTLP\\_PROTOCOL=http\/protobuf/);
      // Markdown's own characters are escaped in the tooltip: \( \).
      await eventually(() => assert.ok(tooltip().includes('$(lightbulb) OTLP/HTTP: An exporter is speaking gRPC \\(HTTP/2\\) to the OTLP/HTTP port'), tooltip()), 5_000);
    });
  });

  describe('OTLP/gRPC settings', () => {
    /** grpc.port is defined by the fixture workspace (0): change it there, and put it back. */
    async function setGrpc(key: 'grpc.port' | 'grpc.enabled', value: unknown, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
      await config().update(key, value, target);
      const want = value ?? (key === 'grpc.port' ? 0 : true);
      await eventually(() => assert.equal(key === 'grpc.port' ? api.receiver.settings.grpc.port : api.receiver.settings.grpc.enabled, want), 10_000);
      await api.receiver.whenIdle();
    }

    after(async () => {
      await setGrpc('grpc.enabled', undefined, vscode.ConfigurationTarget.Global);
      await setGrpc('grpc.port', 0);
      if (api.engine.status.receivers.http.state.status !== 'listening' || api.engine.status.receivers.grpc.state.status !== 'listening') await api.receiver.start(false);
    });

    it('a busy gRPC port at auto-start is quiet: HTTP keeps listening, the status bar adds a warning and its tooltip says why', async () => {
      const blocker = net.createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      const busy = (blocker.address() as net.AddressInfo).port;
      try {
        await vscode.commands.executeCommand('telemetryInspector.stopReceiver');
        await setGrpc('grpc.port', busy); // stopped: only remembered
        await api.receiver.start(false); // what activation does
        assert.equal(api.engine.status.receivers.http.state.status, 'listening');
        assert.equal(api.engine.status.receivers.grpc.state.status, 'error');
        await eventually(() => {
          assert.match(api.statusBar.text, /^\$\(pulse\) \d+ instances? \$\(warning\)$/);
          assert.ok(tooltip().includes(`$(error) The OTLP/gRPC receiver port 127\\.0\\.0\\.1:${busy} is already in use`), tooltip());
          const command = api.statusBar.command;
          assert.equal(typeof command === 'object' ? command.command : command, 'telemetryInspector.startReceiver');
        }, 5_000);
        // Turning gRPC off is the other way out: it is no longer a failing source.
        await setGrpc('grpc.enabled', false, vscode.ConfigurationTarget.Global);
        assert.equal(api.engine.status.receivers.grpc.state.status, 'stopped');
        await eventually(() => {
          assert.ok(tooltip().includes('OTLP/gRPC receiver off'), tooltip());
          assert.doesNotMatch(api.statusBar.text, /warning/);
        }, 5_000);
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
      // Back on, on a free port: it starts, since the receivers are wanted.
      await setGrpc('grpc.enabled', undefined, vscode.ConfigurationTarget.Global);
      await setGrpc('grpc.port', 0);
      await eventually(() => port('grpc'), 10_000);
    });
  });

  describe('with a real Pushgateway', () => {
    let gw: RunningPushgateway;
    /** The live jobs keep pushing, as real ones do, so they never go stale while the stale ones age. */
    const live = new Map<string, string>([
      ['/metrics/job/live-job/instance/a', '# TYPE live_job_runs_total counter\nlive_job_runs_total 7\n'],
      ['/metrics/job/live-worker', '# TYPE live_worker_queue gauge\nlive_worker_queue{queue="main"} 3\n'],
    ]);
    let pusher: NodeJS.Timeout | undefined;
    const STALE = ['job="batch/nightly", instance="host-1"', 'job="cleanup", shard=""', 'job="conflicting"'];
    const LIVE = ['job="live-job", instance="a"', 'job="live-worker"'];

    before(async function () {
      requirePushgateway(this);
      gw = await startPushgateway();
      // Stale-to-be: a job with '/', an empty label value, and a push the gateway refuses (a type clash), which
      // leaves a group whose last push failed.
      await pushText(gw.url, `/metrics/job@base64/${b64('batch/nightly')}/instance/host-1`, '# TYPE batch_items_total counter\nbatch_items_total{kind="a"} 41\nbatch_items_total{kind="b"} 1\n');
      await pushText(gw.url, '/metrics/job/cleanup/shard@base64/=', '# TYPE cleanup_removed_total counter\ncleanup_removed_total 12\n');
      const refused = await httpRequest('POST', `${gw.url}/metrics/job/conflicting`, '# TYPE batch_items_total gauge\nbatch_items_total 1\n');
      assert.equal(refused.status, 400, refused.body);
      await setUser({ 'pushgateway.staleAfter': '2s', 'pushgateway.pollInterval': 1, 'pushgateway.url': gw.url });
      // Older than 2 s now; the live ones start pushing only after the wait.
      await new Promise((r) => setTimeout(r, 2500));
      const pushLive = async () => {
        for (const [path, body] of live) await pushText(gw.url, path, body).catch(() => undefined);
      };
      await pushLive();
      pusher = setInterval(() => void pushLive(), 400);
    });

    after(async () => {
      if (pusher) clearInterval(pusher);
      await setUser({ 'pushgateway.url': undefined, 'pushgateway.staleAfter': undefined, 'pushgateway.pollInterval': undefined, 'scrape.urls': undefined, 'scrape.fileSdPaths': undefined, 'scrape.interval': undefined });
      await gw?.dispose();
    });

    it('the Pushgateway view lists the gateway and its groups with age, stale and failed markers, and their series', async () => {
      await eventually(async () => {
        await api.engine.pollPushgateway();
        await settle(api);
        assert.deepEqual((await groups()).map((n) => labelOf(pgItem(n))).sort(), [...STALE, ...LIVE].sort());
      }, 20_000, 200);
      const [gateway] = await pgw().getChildren();
      const gItem = pgItem(gateway);
      assert.equal(gItem.label, gw.url);
      assert.match(String(gItem.description), /^ok · polled (just now|\d+s ago) · stale after 2s$/);
      assert.equal((gItem.iconPath as vscode.ThemeIcon).id, 'pass-filled');
      for (const label of STALE) {
        const item = pgItem(await groupNode(label));
        assert.match(String(item.description), / · stale$/, label);
        assert.match(String(item.contextValue), /^pushGroup\.(stale|failed)$/);
      }
      const nightly = pgItem(await groupNode(STALE[0]));
      assert.match(String(nightly.description), /^pushed (just now|\d+s ago) · stale$/);
      assert.equal((nightly.iconPath as vscode.ThemeIcon).id, 'history');
      const failed = pgItem(await groupNode('job="conflicting"'));
      assert.match(String(failed.description), /^last push failed (just now|\d+s ago) · stale$/);
      assert.equal((failed.iconPath as vscode.ThemeIcon).id, 'error');
      assert.equal(failed.contextValue, 'pushGroup.failed');
      for (const label of LIVE) {
        const item = pgItem(await groupNode(label));
        assert.match(String(item.description), /^pushed (just now|\ds ago)$/, label);
        assert.equal(item.contextValue, 'pushGroup');
        assert.equal((item.iconPath as vscode.ThemeIcon).id, 'package');
      }
      const series = (await pgw().getChildren(await groupNode(STALE[0]))).map((n) => `${labelOf(pgItem(n))} = ${pgItem(n).description}`);
      assert.deepEqual(series, ['batch_items_total{kind="a"} = 41', 'batch_items_total{kind="b"} = 1']);
      await eventually(() => assert.match(api.pushgatewayView.description ?? '', /^5 groups · 3 stale · 1 failed$/), 5_000);
      await eventually(() => assert.match(tooltip(), /\$\(pass\) Pushgateway `http:\/\/127\.0\.0\.1:\d+`: ok, 5 groups, \*\*3 stale\*\*, 1 with a failed push/), 5_000);
    });

    it('Clean Stale (confirmed through the test hook) deletes exactly the stale groups; the live ones keep their series', async () => {
      const report = (await vscode.commands.executeCommand('telemetryInspector.cleanStalePushgatewayGroups', { confirm: true })) as DeleteReport;
      assert.ok(report, 'the command returns its report');
      const key = (g: { groupingKey: Record<string, string> }) => keyOf(g.groupingKey);
      assert.deepEqual(report.deleted.map(key).sort(), [keyOf({ job: 'batch/nightly', instance: 'host-1' }), keyOf({ job: 'cleanup', shard: '' }), keyOf({ job: 'conflicting' })].sort());
      assert.deepEqual(report.failed, []);
      assert.deepEqual(report.kept, []);
      const left = await gatewayGroups(gw.url);
      assert.deepEqual([...left.keys()].sort(), [keyOf({ job: 'live-job', instance: 'a' }), keyOf({ job: 'live-worker' })].sort());
      const runs = left.get(keyOf({ job: 'live-job', instance: 'a' }))!.live_job_runs_total as { metrics: { value: string }[] };
      assert.equal(runs.metrics[0].value, '7');
      const queue = left.get(keyOf({ job: 'live-worker' }))!.live_worker_queue as { metrics: { labels: Record<string, string>; value: string }[] };
      assert.deepEqual([queue.metrics[0].labels.queue, queue.metrics[0].value], ['main', '3']);
      // The view follows (deleteGroups polls again).
      await settle(api);
      assert.deepEqual((await groups()).map((n) => labelOf(pgItem(n))).sort(), LIVE);
    });

    it('Clean Stale without the hook shows the list first; dismissing it deletes nothing', async () => {
      let settled = false;
      const done = Promise.resolve(vscode.commands.executeCommand('telemetryInspector.cleanStalePushgatewayGroups')).finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 1500)); // the list is open, waiting for the user
      assert.equal(settled, false, 'the command waits for the user');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.equal(await eventually(async () => (assert.ok(settled), await done), 10_000, 100), undefined);
      assert.equal((await gatewayGroups(gw.url)).size, 2);
    });

    it('Delete Group on one element deletes that group alone', async () => {
      live.delete('/metrics/job/live-worker'); // its job stopped; otherwise the next push creates it again
      await new Promise((r) => setTimeout(r, 500));
      const node = await groupNode('job="live-worker"');
      const report = (await vscode.commands.executeCommand('telemetryInspector.deletePushgatewayGroup', node, { confirm: true })) as DeleteReport;
      assert.deepEqual(report.deleted.map((g) => g.job), ['live-worker']);
      assert.deepEqual([...(await gatewayGroups(gw.url)).keys()], [keyOf({ job: 'live-job', instance: 'a' })]);
      await settle(api);
      assert.deepEqual((await groups()).map((n) => labelOf(pgItem(n))), ['job="live-job", instance="a"']);
    });

    it('a poll that changes nothing a user sees redraws nothing (a hover or selection in the view stays put)', async () => {
      await settle(api);
      for (const g of await groups()) for (const n of [g, ...(await pgw().getChildren(g))]) pgItem(n); // what VS Code has drawn
      const before = pgw().refreshes;
      const polls = api.engine.status.pushgateway.lastPollMs;
      for (let i = 0; i < 3; i++) {
        await api.engine.pollPushgateway();
        await settle(api);
      }
      assert.notEqual(api.engine.status.pushgateway.lastPollMs, polls, 'it did poll');
      assert.equal(pgw().refreshes, before);
    });

    it('scrape targets: the Pushgateway\'s own /metrics is up with its series, a closed port is down with its error', async () => {
      const closed = await freePort();
      const up = `${gw.url}/metrics`;
      const down = `http://127.0.0.1:${closed}/metrics`;
      await setUser({ 'scrape.urls': [up, `127.0.0.1:${closed}`], 'scrape.interval': 1 });
      const rows = await eventually(async () => {
        await settle(api);
        const r = await scrape().getChildren();
        assert.deepEqual(r.map((n) => labelOf(scItem(n))), [up, down]);
        assert.ok(r.every((n) => (scItem(n).iconPath as vscode.ThemeIcon).id !== 'circle-outline'), 'both scraped');
        return r;
      }, 20_000, 200);
      const upItem = scItem(rows[0]);
      assert.match(String(upItem.description), /^up · scraped (just now|\ds ago) in [\d.]+(µs|ms|s) · \d+ series$/);
      assert.equal((upItem.iconPath as vscode.ThemeIcon).id, 'pass-filled');
      const series = (await scrape().getChildren(rows[0])).map((n) => labelOf(scItem(n)));
      assert.ok(series.some((s) => s.startsWith('pushgateway_build_info{')), series.slice(0, 5).join(', '));
      const downItem = scItem(rows[1]);
      assert.match(String(downItem.description), /^down · connection refused · (just now|\ds ago)$/);
      assert.equal((downItem.iconPath as vscode.ThemeIcon).id, 'error');
      assert.match(await tooltipText(scrape(), rows[1]), /connection refused/);
      await eventually(() => assert.match(api.scrapeView.description ?? '', /^1 up, 1 down$/), 5_000);
      await eventually(() => {
        assert.match(api.statusBar.text, /^\$\(pulse\) \d+ instances? \$\(warning\)$/);
        assert.match(tooltip(), /\$\(error\) Scrape targets: 1 up, 1 down/);
        assert.ok(tooltip().includes(`$(error) \`${down}\``), tooltip());
      }, 5_000);
      // Scrape Now scrapes at once.
      const before = api.engine.status.scrape.targets[0].scrapes;
      await vscode.commands.executeCommand('telemetryInspector.scrapeNow', rows[0]);
      assert.ok(api.engine.status.scrape.targets[0].scrapes > before);
    });

    it('a file_sd file that cannot be read shows as an error row (relative paths from the workspace folder)', async () => {
      await setUser({ 'scrape.fileSdPaths': ['missing-targets.json'] });
      const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
      const row = await eventually(async () => {
        await settle(api);
        const r = (await scrape().getChildren()).find((n) => n.kind === 'file');
        assert.ok(r, 'a file row');
        assert.match(String(scItem(r).description), /^file_sd error: /);
        return r;
      }, 10_000, 200);
      assert.equal(row.kind === 'file' ? row.path : '', `${folder}/missing-targets.json`);
      assert.equal((scItem(row).iconPath as vscode.ThemeIcon).id, 'error');
      await eventually(() => assert.match(tooltip(), /\$\(error\) file\\_sd `.*missing-targets\.json`/), 5_000);
    });

    it('Copy Env Snippet for an app in Docker speaking gRPC: host.docker.internal, the gRPC port, PUSHGATEWAY_URL, and a loopback warning', async () => {
      await vscode.env.clipboard.writeText('(nothing yet)');
      const result = (await vscode.commands.executeCommand('telemetryInspector.copyEnvSnippet', {
        format: 'bash',
        location: 'docker',
        protocol: 'grpc',
        serviceName: 'nightly batch',
      })) as EnvSnippetResult;
      const grpc = port('grpc');
      const expected =
        `export OTEL_EXPORTER_OTLP_ENDPOINT=http://host.docker.internal:${grpc}\n` +
        'export OTEL_EXPORTER_OTLP_PROTOCOL=grpc\n' +
        "export OTEL_SERVICE_NAME='nightly batch'\n" +
        `export PUSHGATEWAY_URL=http://host.docker.internal:${gw.port}\n`;
      assert.equal(await vscode.env.clipboard.readText(), expected);
      assert.equal(result.text, expected);
      assert.ok(result.warnings.some((w) => /loopback only/.test(w) && w.includes(`host.docker.internal:${grpc}`)), result.warnings.join('\n'));
      // This machine over HTTP: the plain local endpoint, the gateway as configured.
      const local = (await vscode.commands.executeCommand('telemetryInspector.copyEnvSnippet', { format: 'dotenv', location: 'local', protocol: 'http' })) as EnvSnippetResult;
      assert.equal(local.text, `OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${port('http')}\nOTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\nPUSHGATEWAY_URL=${gw.url}\n`);
      assert.deepEqual(local.warnings, []);
    });

    it('Insert Env Snippet puts the snippet at the cursor of the active editor', async () => {
      const doc = await vscode.workspace.openTextDocument({ content: 'before\n', language: 'properties' });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      await vscode.commands.executeCommand('telemetryInspector.insertEnvSnippet', { format: 'dotenv', protocol: 'grpc' });
      assert.equal(doc.getText(), `before\nOTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:${port('grpc')}\nOTEL_EXPORTER_OTLP_PROTOCOL=grpc\nPUSHGATEWAY_URL=${gw.url}\n`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('Copy Env Snippet without arguments offers gRPC in its steps', async () => {
      const done = vscode.commands.executeCommand('telemetryInspector.copyEnvSnippet');
      let finished = false;
      void Promise.resolve(done).then(() => (finished = true));
      // Format, location: take the first; protocol: choose gRPC; service name: leave empty.
      await new Promise((r) => setTimeout(r, 800));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // format
      await new Promise((r) => setTimeout(r, 800));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // location
      await new Promise((r) => setTimeout(r, 800));
      // The protocol step lists HTTP then gRPC (or the last used first): pick the gRPC one.
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await eventually(async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem'); // service name
        assert.ok(finished, 'all steps answered');
      }, 15_000, 500);
      // Whatever format came first, the protocol variable says grpc.
      assert.match(await vscode.env.clipboard.readText(), /OTEL_EXPORTER_OTLP_PROTOCOL\W+grpc\b/);
    });
  });
});
