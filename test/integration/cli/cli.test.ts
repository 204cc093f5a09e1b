import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import type { Snapshot } from '../../../src/core/snapshot';
import { CLI, eventually, freePort, listening, run, runApp, start } from '../../helpers/process';

describe('telemetry-inspector (headless CLI)', function () {
  this.timeout(60_000);

  it('shows an instrumented app in its JSON snapshot with spans, metric series and logs', async () => {
    const port = await freePort();
    const cli = start(CLI, ['--port', String(port), '--json', '--for', '30']);
    try {
      await listening(port);
      const sent = await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'cli-demo', APP_INSTANCE_ID: 'cli-1' });
      cli.child.kill('SIGTERM');
      const done = await cli.done;
      assert.equal(done.code, 0, done.stderr);
      const snapshot = JSON.parse(done.stdout) as Snapshot;
      assert.equal(snapshot.receivers.http.status, 'stopped');
      const inst = snapshot.instances.find((i) => i.instance === 'cli-1');
      assert.ok(inst, 'the app is an instance');
      assert.equal(inst.service, 'cli-demo');
      assert.equal(inst.signals.traces.received, sent.spans);
      assert.equal(inst.signals.logs.received, sent.logs);
      assert.ok(inst.signals.metrics.lastSeen);
      assert.deepEqual(inst.traces.map((t) => t.traceId).sort(), [...sent.traceIds].sort());
      assert.ok(inst.traces.every((t) => t.spanCount === 2 && t.rootName.startsWith('GET /')));
      const requests = inst.metrics.find((m) => m.name === 'app.requests');
      assert.ok(requests && requests.series.length === 2, 'one series per route');
      assert.equal(inst.logs.length, sent.logs);
      assert.equal(snapshot.counters.traces.received, sent.spans);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('prints a live tree: service → instance → signals → metrics with latest values, traces, logs', async () => {
    const port = await freePort();
    const cli = start(CLI, ['--port', String(port), '--for', '30']);
    try {
      await listening(port);
      await runApp({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_SERVICE_NAME: 'tree-demo', APP_INSTANCE_ID: 'tree-1', APP_ROUNDS: '2' });
      await eventually(() => assert.match(cli.stdout(), /logs: 2/), 10_000);
      cli.child.kill('SIGINT');
      const done = await cli.done;
      assert.equal(done.code, 0);
      const lastTree = done.stdout.trim().split('\n\n').slice(-4).join('\n\n');
      assert.match(lastTree, /tree-demo \(1 instance\)/);
      assert.match(lastTree, /└─ tree-1 last seen/);
      assert.match(lastTree, /● traces\s+4 spans · last/);
      assert.match(lastTree, /● logs\s+2 log records · last/);
      assert.match(lastTree, /app\.requests\{route=\/checkout\}\s+1/);
      assert.match(lastTree, /app\.request\.duration\{route=\/cart\}\s+count 1, sum 15 ms/);
      assert.match(lastTree, /traces: 2 \(latest: GET \/cart/);
    } finally {
      cli.child.kill('SIGKILL');
    }
  });

  it('says clearly when the port is taken and exits 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const done = await run(CLI, ['--port', String(port), '--for', '5']);
      assert.equal(done.code, 1);
      assert.match(done.stderr, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('refuses a bad flag with a clear message', async () => {
    const done = await run(CLI, ['--port', 'seventy']);
    assert.equal(done.code, 1);
    assert.match(done.stderr, /--port must be a whole number from 0 to 65535, got "seventy"/);
    const help = await run(CLI, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('exits by itself after --for seconds, with an empty snapshot when nothing came', async () => {
    const port = await freePort();
    const started = Date.now();
    const done = await run(CLI, ['--port', String(port), '--for', '1', '--json']);
    assert.equal(done.code, 0, done.stderr);
    assert.ok(Date.now() - started < 15_000);
    const snapshot = JSON.parse(done.stdout) as Snapshot;
    assert.deepEqual(snapshot.instances, []);
  });
});
